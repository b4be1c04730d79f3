package dev.gridforge.bench.sass;

import dev.gridforge.runtime.GridforgeException;
import dev.gridforge.runtime.cuda.OfflineCompiler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The machine code of every sample kernel, the runtime's own kernels and two hand-written
 * references, with no GPU: each compiled by NVRTC for sm_90 with the runtime's options (and
 * {@code GF_SASS_INTERIOR}, so a stencil's edge path drops out), read back with
 * {@code cuobjdump -sass}, and per entry point: registers, stack frame, spills (ptxas's report),
 * SASS instructions, the instructions on an interior point's path ({@link PathCount}), its loops,
 * and local-memory instructions. Then estimates for the seed workloads at the H200's rates, and
 * the budgets CI holds the generated code to ({@link Budgets}).
 *
 * <p>{@code scripts/sass-report.sh} runs it; exit status 0, 1 when a budget is broken (with
 * {@code --check}), and 0 with one line saying why when NVRTC or cuobjdump cannot be had.
 */
public final class SassReport {
    private SassReport() {
    }

    /** One entry point's figures. */
    record Row(KernelSource source, String entry, int entriesOfSource, ResourceUse use, PathCount.Result path) {
        String label() {
            return entriesOfSource == 1 ? source.label() : source.label() + ":" + entry;
        }
    }

    public static void main(String[] args) throws Exception {
        boolean check = List.of(args).contains("--check");
        Optional<Path> cuobjdump = Tools.cuobjdump();
        if (cuobjdump.isEmpty()) {
            System.out.println("sass-report: skipped: no cuobjdump (" + Tools.WHERE + "); scripts/install-cuda-host-libs.sh unpacks it");
            return;
        }
        OfflineCompiler nvrtc;
        try {
            nvrtc = OfflineCompiler.forComputeCapability(9, 0, null).reportingResources();
        } catch (GridforgeException e) {
            System.out.println("sass-report: skipped: " + e.oneLine());
            return;
        }
        List<Row> rows = report(nvrtc, cuobjdump.get(), Sources.all());
        print(rows, nvrtc, System.out);
        List<String> broken = Budgets.check(rows);
        System.out.println();
        if (broken.isEmpty()) {
            System.out.println("sass-report: every budget holds (" + Budgets.describe() + ")");
        } else {
            broken.forEach(b -> System.out.println("sass-report: BUDGET BROKEN: " + b));
            if (check) {
                System.exit(1);
            }
        }
    }

    static List<Row> report(OfflineCompiler nvrtc, Path cuobjdump, List<KernelSource> sources) throws IOException, InterruptedException {
        List<Row> rows = new ArrayList<>();
        Path dir = Files.createTempDirectory("gridforge-sass");
        try {
            for (KernelSource s : sources) {
                OfflineCompiler.Compiled compiled = nvrtc.compile(s.text(), s.entries().get(0), List.of("#define GF_SASS_INTERIOR"));
                if (!compiled.cubin()) {
                    throw new IllegalStateException(nvrtc.describe() + " made PTX, not a CUBIN, for " + s.label());
                }
                Path cubin = dir.resolve(s.label().replaceAll("[^A-Za-z0-9_.]", "_") + ".cubin");
                Files.write(cubin, compiled.binary());
                Map<String, List<Sass.Instruction>> functions = Sass.parse(run(cuobjdump.toString(), "-sass", cubin.toString()));
                Map<String, ResourceUse> uses = ResourceUse.parse(compiled.log());
                // entries made by a macro (gf_reduce.cu) are not in the text: then every function of the module
                List<String> entries = functions.keySet().containsAll(s.entries()) && !s.entries().contains("name")
                        ? s.entries() : List.copyOf(functions.keySet());
                for (String entry : entries) {
                    rows.add(new Row(s, entry, entries.size(), uses.getOrDefault(entry, new ResourceUse(-1, -1, -1, -1)),
                            PathCount.of(functions.get(entry))));
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
        return rows;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    static void print(List<Row> rows, OfflineCompiler nvrtc, PrintStream out) {
        out.println("SASS of the generated kernels: " + nvrtc.describe() + ", options " + String.join(" ", nvrtc.options())
                + " -DGF_SASS_INTERIOR");
        out.println("per point: instructions on an interior point's path, each loop once; executed: with every loop's iterations"
                + " (where the trip counts show); loops: body size x trips; local: LDL/STL (in loops) -- see PathCount");
        out.println();
        out.printf(Locale.ROOT, "%-44s %5s %6s %9s %6s %9s %9s  %-22s %s%n", "kernel", "regs", "stack", "spills", "SASS", "per point",
                "executed", "loops", "local");
        String group = null;
        for (Row r : rows) {
            if (!r.source().group().equals(group)) {
                group = r.source().group();
                out.println("-- " + group);
            }
            List<String> loops = r.path().loops().stream()
                    .map(l -> l.instructions() + "x" + (l.trips() == null ? "?" : l.trips())).toList();
            int inLoops = r.path().loops().stream().mapToInt(PathCount.LoopBody::localMemory).sum();
            out.printf(Locale.ROOT, "%-44s %5d %6d %9s %6d %9d %9s  %-22s %d (%d)%s%n", r.label(), r.use().registers(),
                    r.use().stackBytes(), r.use().spillStoreBytes() + "/" + r.use().spillLoadBytes(), r.path().instructions(),
                    r.path().perPoint(), r.path().executed() == null ? "?" : String.valueOf(r.path().executed()),
                    loops.isEmpty() ? "-" : String.join(",", loops), r.path().localMemory(), inLoops,
                    r.path().calls() > 0 ? "  calls " + r.path().calls() : "");
        }
        out.println();
        Estimates.print(rows, out);
    }
}
