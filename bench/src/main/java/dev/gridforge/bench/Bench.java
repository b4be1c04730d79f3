package dev.gridforge.bench;

import dev.gridforge.bench.baseline.Baselines;
import dev.gridforge.benchmarks.Benchmarks;
import dev.gridforge.benchmarks.Row;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.GridforgeException;
import dev.gridforge.runtime.io.AtomicFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The project's benchmarks: the generated benchmarks of the sample kernels and, beside them, the
 * seed workloads' plain-Java baselines, through one harness ({@code gridforge-benchmarks}); then
 * the two compared, the project's targets against what was measured, and the figures that are
 * not one kernel (haversine end to end into a {@code double[]} and into pinned memory, the tiny
 * launch, NVRTC compiling and its cache, the reduction against the copy bandwidth).
 */
@Command(name = "gridforge-bench", mixinStandardHelpOptions = true,
        description = "The sample kernels' generated benchmarks beside hand-written Java, and the project's other figures.")
public final class Bench implements Callable<Integer> {

    @Option(names = "--backends", split = ",", paramLabel = "B,B",
            description = "Backends to run (default: jvm, and cuda where a GPU is usable). cuda-sim times the simulator, not a GPU.")
    private List<Backend> backends;

    @Option(names = "--quick", description = "Every benchmark once at small sizes (every extent at most 32), the figures at n 16.")
    private boolean quick;

    @Option(names = "--filter", paramLabel = "REGEX", description = "Only the kernels whose 'kernel size mode' this finds.")
    private String filter;

    @Option(names = "--repeat", defaultValue = "0", paramLabel = "N",
            description = "Timed calls per kernel and size (default: at least 10 and 0.5 s); runs per figure (default 30).")
    private int repeat;

    @Option(names = "--no-jmh", description = "Time the JVM with gridforge's loop, not JMH.")
    private boolean noJmh;

    @Option(names = "--kernels", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "The generated benchmarks and the baselines (default: ${DEFAULT-VALUE}).")
    private boolean kernels;

    @Option(names = "--n", split = ",", paramLabel = "N,N", defaultValue = "16,1000",
            description = "Mesh points per axis of the haversine end-to-end figures; 16 is the tiny launch (default: ${DEFAULT-VALUE}); 0 leaves them out.")
    private List<Integer> sizes;

    @Option(names = "--reduce-n", defaultValue = "100000000", paramLabel = "N",
            description = "Doubles in the device field of the reduction figure (cuda only; default: ${DEFAULT-VALUE}); 0 leaves it out.")
    private int reduceN;

    @Option(names = "--compile", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also time NVRTC compiling a kernel for sm_90, fresh and from the disk cache; needs NVRTC, "
                    + "not a GPU (default: ${DEFAULT-VALUE}).")
    private boolean compile;

    @Option(names = "--spark", description = "Also the Spark figures: a sweep's cost per task, a tiled loop's halo exchange against k (starts Spark).")
    private boolean spark;

    @Option(names = "--spark-master", paramLabel = "URL", defaultValue = "local[2]",
            description = "Spark master of the Spark figures (default: ${DEFAULT-VALUE}).")
    private String sparkMaster;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write every result as a JSON line: the kernels' rows ({\"kernel\": ...}), then the figures ({\"workload\": ...}).")
    private Path json;

    @Option(names = "--chart", paramLabel = "FILE.png", description = "Also draw the kernels' roofline.")
    private Path chart;

    public static void main(String[] args) {
        System.exit(execute(System.out, args));
    }

    /** Runs with {@code args}, printing to {@code out}; the exit status. */
    static int execute(PrintStream out, String... args) {
        Bench bench = new Bench();
        bench.out = out;
        return new CommandLine(bench).setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(Backend.class, Backend::parse).execute(args);
    }

    private PrintStream out = System.out;

    @Override
    public Integer call() throws IOException {
        if (repeat < 0 || reduceN < 0 || sizes.stream().anyMatch(n -> n < 0 || n == 1)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "need --repeat >= 0, --reduce-n >= 0, --n of 2 or more (or 0)");
        }
        List<Backend> chosen = backends != null ? backends
                : Gridforge.isAvailable(Backend.CUDA) ? List.of(Backend.JVM, Backend.CUDA) : List.of(Backend.JVM);
        out.println("gridforge bench: java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        int status = 0;
        List<Row> rows = new ArrayList<>();
        if (kernels) {
            List<dev.gridforge.benchmarks.BenchSuite> suites = new ArrayList<>(Benchmarks.onClassPath());
            suites.sort(java.util.Comparator.comparing(s -> s instanceof Baselines)); // the generated first, then the baselines
            status = Benchmarks.run(suites, kernelArgs(chosen), out, rows::add);
            compare(rows);
            Targets.print(rows, out);
        }
        List<Figure> figures = figures(chosen);
        if (!figures.isEmpty()) {
            out.println();
            out.println(Figure.header());
            figures.forEach(m -> out.println(m.row()));
        }
        if (json != null) {
            StringBuilder lines = new StringBuilder();
            rows.forEach(r -> lines.append(r.json()).append('\n'));
            figures.forEach(m -> lines.append(m.json()).append('\n'));
            AtomicFile.write(json, lines.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (rows.isEmpty() && figures.isEmpty() && status != 2) {
            out.println("nothing ran: no backend asked for is usable here");
            return 3;
        }
        return status == 3 && !figures.isEmpty() ? 0 : status;
    }

    private String[] kernelArgs(List<Backend> chosen) {
        List<String> a = new ArrayList<>(List.of("--backends", String.join(",", chosen.stream().map(Backend::id).toList())));
        if (quick) {
            a.add("--quick");
        }
        if (filter != null) {
            a.addAll(List.of("--filter", filter));
        }
        if (repeat > 0) {
            a.addAll(List.of("--repeat", String.valueOf(repeat)));
        }
        if (noJmh) {
            a.add("--no-jmh");
        }
        if (chart != null) {
            a.addAll(List.of("--chart", chart.toString()));
        }
        return a.toArray(String[]::new);
    }

    /** Each baseline beside its generated twin, where both ran on the JVM at the same size and mode. */
    private void compare(List<Row> rows) {
        boolean header = false;
        for (Row hand : rows) {
            String twin = Baselines.TWINS.get(hand.m().benchCase().kernel());
            if (twin == null) {
                continue;
            }
            Optional<Row> generated = rows.stream().filter(r -> r.m().benchCase().kernel().equals(twin)
                    && r.m().backend().equals(hand.m().backend()) && r.m().benchCase().size().equals(hand.m().benchCase().size())
                    && r.m().benchCase().mode().equals(hand.m().benchCase().mode())).findFirst();
            if (generated.isEmpty()) {
                continue;
            }
            if (!header) {
                out.println();
                out.println("generated JVM loops vs hand-written Java (" + hand.m().timedBy() + ", the same harness)");
                out.printf(Locale.ROOT, "  %-30s %-22s %-18s %13s %16s %9s%n", "kernel", "size", "mode", "generated ms",
                        "hand-written ms", "hand/gen");
                header = true;
            }
            var c = hand.m().benchCase();
            String size = c.size().length() > 22 ? c.size().substring(0, 19) + "..." : c.size();
            out.printf(Locale.ROOT, "  %-30s %-22s %-18s %13.4f %16.4f %9.2f%n", twin, size, c.mode(), generated.get().m().median(),
                    hand.m().median(), hand.m().median() / generated.get().m().median());
        }
    }

    /** The figures that are not one kernel: haversine end to end, NVRTC, the reduction. */
    private List<Figure> figures(List<Backend> chosen) {
        int reps = repeat > 0 ? repeat : quick ? 3 : 30;
        int warmup = quick ? 1 : 5;
        List<Integer> ns = quick ? List.of(16) : sizes.stream().filter(n -> n > 0).toList();
        List<Figure> results = new ArrayList<>();
        for (Backend b : chosen) {
            if (!Gridforge.isAvailable(b)) {
                continue; // said by the kernels' run, or below
            }
            try {
                for (int n : ns) {
                    results.addAll(HaversineBench.run(b, n, warmup, reps));
                }
                if (reduceN > 0 && !quick && Gridforge.resolve(b) == Backend.CUDA) {
                    results.addAll(ReduceBench.run(b, reduceN, warmup, reps));
                }
                if (spark) {
                    results.addAll(SparkBench.run(Gridforge.resolve(b), sparkMaster, quick, repeat, out));
                }
            } catch (GridforgeException e) {
                out.println("  " + b.id() + ": figures skipped: " + e.oneLine());
            }
        }
        if (!kernels && chosen.stream().noneMatch(Gridforge::isAvailable)) {
            chosen.forEach(b -> out.println(b.id() + ": not run: " + Benchmarks.unavailable(b)));
        }
        if (compile) {
            try {
                results.addAll(CompileBench.run(warmup, reps));
                out.println("  nvrtc: haversine compiled for sm_90 (no GPU needed)");
            } catch (GridforgeException e) {
                // On by default, so where NVRTC is missing say so in one line, the places searched included.
                out.println("  nvrtc: skipped (" + e.oneLine() + "); --no-compile leaves this out");
            }
        }
        return results;
    }
}
