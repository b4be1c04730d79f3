package dev.gridforge.bench;

import dev.gridforge.benchmarks.Row;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The project's performance targets for the sample kernels (../shared/DESIGN.md, "Performance
 * targets": the H200, side by side with what a Python user gets there), matched against the rows
 * of the generated benchmarks: one line per target met by a row, with the median beside it.
 */
final class Targets {
    /** A target: the kernel, its size (a prefix, or a part for array sizes), single step or loop, backend, at most this many ms. */
    record Target(String kernel, String size, boolean loop, String backend, double ms, String against) {
        boolean matches(Row r) {
            var c = r.m().benchCase();
            return c.kernel().equals(kernel) && c.size().contains(size) && (c.stepsPerCall() > 1) == loop
                    && r.m().backend().equals(backend);
        }
    }

    static final List<Target> ALL = List.of(
            new Target("WaveKernels.step", "16384x16384", false, "cuda", 1.56, "CuPy RawKernel 1.56, torch.compile 1.75, numba 4.42"),
            new Target("WaveKernels.step", "4096x4096", false, "cuda", 0.100, "CuPy 0.100, torch.compile 0.114"),
            new Target("WaveKernels.step", "1000x1000", true, "cuda", 0.005, "per step; CuPy 0.0113, numba 0.041"),
            new Target("WaveKernels.step", "1000x1000", true, "jvm", 2.0, "per step on 2 cores; the seed's NumPy 12-15"),
            new Target("GrayScottKernels.step", "4096x4096", false, "cuda", 0.140, "CuPy fused kernel 0.146"),
            new Target("GrayScottKernels.step", "1000x1000", true, "cuda", 0.005, "per step; CuPy 0.0101"),
            new Target("ShiftSumKernels.shiftSum", "x=256x256x28x16", false, "cuda", 0.055, "CuPy gather 0.063, scatter_add 0.19"),
            new Target("ShiftSumKernels.shiftSum", "x=256x256x512x16", false, "cuda", 0.8, "CuPy gather 1.02, scatter_add 3.8"),
            new Target("HeatResidualKernels.residual", "10000000", false, "cuda", 0.07, "torch.autograd 1.23, closed form in torch 0.55"),
            new Target("PinnKernels.residual", "1000000", false, "cuda", 0.5, "nested torch.autograd 4.65, torch.func 6.0"));

    private Targets() {
    }

    /** The targets some row measured, each with its row's median; nothing when no row matches one. */
    static void print(List<Row> rows, PrintStream out) {
        boolean header = false;
        for (Target t : ALL) {
            Optional<Row> row = rows.stream().filter(t::matches).findFirst();
            if (row.isEmpty()) {
                continue;
            }
            if (!header) {
                out.println();
                out.println("targets (../shared/DESIGN.md: cuda on the H200, jvm on 2 cores)");
                header = true;
            }
            Row r = row.get();
            out.printf(Locale.ROOT, "  %-30s %-18s %-5s %-4s %10.4f ms   <= %-7s %-7s (%s)%n", t.kernel(),
                    t.size(), t.loop() ? "loop" : "step", t.backend(), r.m().median(), t.ms() + " ms",
                    r.m().median() <= t.ms() ? "met" : "not met", t.against());
        }
    }
}
