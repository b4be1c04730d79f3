package dev.gridforge.benchmarks;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.GridforgeException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * Runs every benchmark the processor generated on the class path ({@code @Bench} kernels), or
 * those a filter names, on the JVM (with JMH where its processor generated the JVM side) and on
 * the GPU (CUDA events), each placed against the copy bandwidth and arithmetic rate measured in
 * the same run; prints a table per kernel, and on request JSON lines and a roofline chart.
 *
 * <pre>
 * java -cp &lt;class path&gt; dev.gridforge.benchmarks.Benchmarks [--quick] [--filter REGEX] [--backends jvm,cuda]
 *      [--json FILE] [--chart FILE.png] [--no-jmh] [--repeat N]
 * </pre>
 * Exit status 0; 2 for a bad option or a case that could not run (said in a line of its own); 3
 * when no benchmark matches.
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    /** The command line, parsed. */
    record Options(boolean quick, Pattern filter, List<Backend> backends, boolean backendsGiven, Path json, Path chart, boolean jmh,
                   int repeat) {
        static Options parse(String[] args) {
            boolean quick = false;
            Pattern filter = null;
            List<Backend> backends = new ArrayList<>();
            boolean given = false;
            Path json = null;
            Path chart = null;
            boolean jmh = true;
            int repeat = 0;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--quick" -> quick = true;
                    case "--no-jmh" -> jmh = false;
                    case "--filter" -> filter = regex(value(args, ++i, a));
                    case "--json" -> json = Path.of(value(args, ++i, a));
                    case "--chart" -> chart = Path.of(value(args, ++i, a));
                    case "--repeat" -> repeat = positive(value(args, ++i, a), a);
                    case "--backends" -> {
                        given = true;
                        for (String b : value(args, ++i, a).split(",")) {
                            backends.add(backend(b.strip()));
                        }
                    }
                    case "-h", "--help" -> throw new Help();
                    default -> throw new BenchmarkException("[BenchOptions] unknown option '" + a + "'; " + USAGE);
                }
            }
            if (backends.isEmpty()) {
                backends.add(Backend.JVM);
                backends.add(Backend.CUDA);
            }
            return new Options(quick, filter, List.copyOf(backends), given, json, chart, jmh, repeat);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new BenchmarkException("[BenchOptions] " + option + " needs a value; " + USAGE);
            }
            return args[i];
        }

        private static Pattern regex(String v) {
            try {
                return Pattern.compile(v);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new BenchmarkException("[BenchOptions] --filter '" + v + "' is not a regular expression ("
                        + e.getDescription() + " at " + e.getIndex() + "); it is found in 'kernel size mode', as 'Wave.*4096'");
            }
        }

        private static int positive(String v, String option) {
            try {
                int n = Integer.parseInt(v);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new BenchmarkException("[BenchOptions] " + option + " takes a positive number, not '" + v + "'");
        }

        private static Backend backend(String id) {
            for (Backend b : Backend.values()) {
                if (b.id().equals(id)) {
                    return b;
                }
            }
            throw new BenchmarkException("[BenchOptions] unknown backend '" + id + "': jvm, cuda, cuda-sim or auto");
        }
    }

    static final String USAGE = "usage: Benchmarks [--quick] [--filter REGEX] [--backends jvm,cuda,cuda-sim] [--json FILE]"
            + " [--chart FILE.png] [--no-jmh] [--repeat N]";

    /** -h. */
    static final class Help extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        return run(onClassPath(), args, out, r -> { });
    }

    /** Every suite the processor generated on the class path (META-INF/services), and any listed by hand. */
    public static List<BenchSuite> onClassPath() {
        List<BenchSuite> found = new ArrayList<>();
        ServiceLoader.load(BenchSuite.class).forEach(found::add);
        return found;
    }

    /** {@link #run(List, String[], PrintStream, java.util.function.Consumer)}, the rows printed only. */
    public static int run(List<BenchSuite> suites, String[] args, PrintStream out) {
        return run(suites, args, out, r -> { });
    }

    /**
     * Runs the cases of {@code suites} as the command line {@code args} says, printing to {@code out};
     * for tests and for programs that embed the benchmarks; each row measured goes to {@code rows}
     * as well. Returns the exit status.
     */
    public static int run(List<BenchSuite> suites, String[] args, PrintStream out, java.util.function.Consumer<Row> sink) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (Help h) {
            out.println(USAGE);
            return 0;
        } catch (BenchmarkException e) {
            out.println(e.getMessage());
            return 2;
        }
        List<BenchCase> cases = new ArrayList<>();
        java.util.Map<BenchCase, BenchSuite> suiteOf = new java.util.IdentityHashMap<>();
        for (BenchSuite s : suites) {
            for (BenchCase c : o.quick() ? s.quickCases() : s.cases()) {
                if (o.filter() == null || o.filter().matcher(c.kernel() + " " + c.size() + " " + c.mode()).find()) {
                    cases.add(c);
                    suiteOf.put(c, s);
                }
            }
        }
        if (cases.isEmpty()) {
            out.println("benchmarks: none " + (o.filter() == null ? "on the class path: mark kernels @Bench, or compile with"
                    + " -Agridforge.bench=all (docs/benchmarks.md)" : "match " + o.filter()));
            return 3;
        }
        Harness.Options timing = o.quick() ? Harness.Options.quick() : Harness.Options.standard();
        if (o.repeat() > 0) {
            timing = Harness.Options.repeats(o.repeat());
        }
        DeviceLimits limits = new DeviceLimits();
        List<Row> rows = new ArrayList<>();
        int failed = 0;
        List<Backend> usable = new ArrayList<>();
        for (Backend b : o.backends()) {
            if (Gridforge.isAvailable(b)) {
                usable.add(Gridforge.resolve(b));
            } else {
                out.println(b.id() + ": not run: " + unavailable(b));
                failed += o.backendsGiven() ? 1 : 0;
            }
        }
        for (BenchCase c : cases) {
            // a case kept to other backends (a plain-Java baseline) is an error only where asked for and runnable nowhere asked
            if (o.backendsGiven() && !usable.isEmpty() && usable.stream().noneMatch(c::runsOn)) {
                failed++;
                out.println("  " + c + ": not run: " + c.whyNotOn(usable.get(0)));
            }
        }
        for (Backend resolved : usable) {
            out.println(resolved.id() + ": " + Gridforge.describe(resolved));
            boolean jmh = resolved == Backend.JVM && o.jmh() && JmhRunner.available();
            if (resolved == Backend.JVM && o.jmh() && !jmh) {
                out.println("  jvm timed by gridforge's loop: no JMH benchmarks on the class path (list jmh-generator-annprocess"
                        + " beside gridforge-processor in annotationProcessorPaths: docs/benchmarks.md)");
            }
            long kept = cases.stream().filter(c -> !c.runsOn(resolved)).count();
            if (kept > 0) {
                out.println("  " + kept + " case(s) run on other backends only (plain-Java baselines run on jvm)");
            }
            for (BenchCase c : cases) {
                if (!c.runsOn(resolved)) {
                    continue;
                }
                try {
                    Measurement m = jmh ? JmhRunner.run(suiteOf.get(c), c, o.quick()) : Harness.run(c, resolved, timing);
                    KernelCost.Cost cost = c.cost();
                    Row row = new Row(m, cost, limits.copyBandwidth(resolved, cost.memoryBytes()), limits.peakFlops(resolved));
                    rows.add(row);
                    sink.accept(row);
                } catch (GridforgeException | IllegalArgumentException e) {
                    failed++;
                    out.println("  " + c + " on " + resolved.id() + ": not run: " + GridforgeException.oneLine(e.getMessage()));
                }
            }
        }
        Report.table(rows, out);
        try {
            if (o.json() != null) {
                Report.json(rows, o.json());
                out.println("\nwrote " + o.json());
            }
            if (o.chart() != null && !rows.isEmpty()) {
                RooflineChart.write(rows, o.chart());
                out.println("wrote " + o.chart());
            }
        } catch (java.io.IOException e) {
            out.println("benchmarks: could not write: " + e.getMessage());
            return 2;
        }
        out.printf(Locale.ROOT, "%nbenchmarks: %d measured, %d not run%n", rows.size(), failed);
        return failed > 0 ? 2 : 0;
    }

    /** Why {@code b} cannot run here, in one line: what the run prints as {@code <backend>: not run: ...}. */
    public static String unavailable(Backend b) {
        try {
            Gridforge.describe(b);
            return "unavailable";
        } catch (GridforgeException e) {
            return e.oneLine();
        }
    }
}
