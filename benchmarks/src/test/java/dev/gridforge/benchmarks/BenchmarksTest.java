package dev.gridforge.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.Shape;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner on a suite written by hand (the processor's are tested where it is): the table, the
 * JSON's schema, the chart, input sets for a small problem, and each bad input a clear line and
 * exit status. No speed is asserted.
 */
class BenchmarksTest {
    /** y = 3x + 1 over a field, in plain Java: 16 B a point (x read, y written), 8 B read, 2 FLOPs. */
    private static BenchCase triple(String size, Shape shape) {
        return BenchCase.builder("Hand.triple", size).shape(shape).domain(BenchCase.Domain.INPUTS).output(ElementType.DOUBLE)
                .field("x", ElementType.DOUBLE).cost(KernelCost.of(16, List.of(), true, KernelCost.Term.of(8, 2, 0)))
                .launcher(BenchmarksTest.class, b -> "plain Java", l -> 0L).runsOn(Backend.JVM)
                .launch((l, in, out) -> {
                    double[] x = (double[]) in.get(0).hostData();
                    double[] y = (double[]) out[0].hostData();
                    IntStream.range(0, x.length).parallel().forEach(i -> y[i] = 3 * x[i] + 1);
                }).build();
    }

    private static final BenchSuite HAND = new BenchSuite() {
        @Override
        public String launcher() {
            return "Hand";
        }

        @Override
        public List<BenchCase> cases() {
            return List.of(triple("100000", Shape.of(100_000)), triple("40000x40000", Shape.of(40_000, 40_000)));
        }

        @Override
        public List<BenchCase> quickCases() {
            return List.of(triple("32", Shape.of(32)));
        }
    };

    private record Run(int exit, String out) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = Benchmarks.run(List.of(HAND), args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    /** Every key of a row, in order, and what its value is: s a string, n a number, b a boolean (docs/benchmarks.md). */
    static final Map<String, Character> SCHEMA = schema("kernel s", "size s", "mode s", "backend s", "timed_by s", "repeats n",
            "median_ms n", "p10_ms n", "p90_ms n", "wall_median_ms n", "compile_ms n", "points n", "points_per_s n", "memory_bytes n",
            "cache_bytes n", "flops n", "transcendentals n", "cost_exact b", "bytes_per_s n", "copy_bytes_per_s n", "copy_fraction n",
            "flops_per_s n", "peak_flops_per_s n", "intensity n", "bound s", "bound_fraction n", "input_sets n",
            "non_finite_results n");

    private static Map<String, Character> schema(String... entries) {
        Map<String, Character> m = new LinkedHashMap<>();
        for (String e : entries) {
            m.put(e.substring(0, e.indexOf(' ')), e.charAt(e.length() - 1));
        }
        return m;
    }

    private static final Pattern MEMBER = Pattern.compile("\"(\\w+)\":(\"[^\"]*\"|true|false|-?[0-9][0-9.eE+-]*)[,}]");

    /** The members of one JSON line, in order; fails on anything but a flat object of strings, numbers and booleans. */
    static Map<String, String> members(String line) {
        assertTrue(line.startsWith("{") && line.endsWith("}"), line);
        Map<String, String> m = new LinkedHashMap<>();
        Matcher x = MEMBER.matcher(line);
        int at = 1;
        while (x.find()) {
            assertEquals(at, x.start(), "a member at " + at + " of " + line);
            m.put(x.group(1), x.group(2));
            at = x.end();
        }
        assertEquals(line.length(), at, line);
        return m;
    }

    @Test
    void aQuickRunPrintsATableAndWritesJsonOfTheSchemaAndAChart(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("rows.json");
        Path chart = dir.resolve("roofline.png");
        Run r = run("--quick", "--backends", "jvm", "--json", json.toString(), "--chart", chart.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("\nHand.triple\n"), r.out());
        assertTrue(r.out().contains("benchmarks: 1 measured, 0 not run"), r.out());
        List<String> lines = Files.readAllLines(json);
        assertEquals(1, lines.size(), lines.toString());
        Map<String, String> row = members(lines.get(0));
        assertEquals(List.copyOf(SCHEMA.keySet()), List.copyOf(row.keySet()));
        SCHEMA.forEach((key, kind) -> {
            String v = row.get(key);
            boolean ok = switch (kind) {
                case 's' -> v.startsWith("\"");
                case 'b' -> v.equals("true") || v.equals("false");
                default -> !v.startsWith("\"") && Double.isFinite(Double.parseDouble(v));
            };
            assertTrue(ok, key + " = " + v + " is not of kind " + kind);
        });
        assertEquals("\"32\"", row.get("size"));
        assertEquals(32 * 16.0, Double.parseDouble(row.get("memory_bytes")));
        assertEquals(64.0, Double.parseDouble(row.get("flops")));
        var png = javax.imageio.ImageIO.read(chart.toFile());
        assertEquals(900, png.getWidth());
        assertEquals(600, png.getHeight());
    }

    @Test
    void aSmallProblemIsGivenSeveralInputSetsAndTheResultsAreTheKernels() {
        BenchCase c = triple("1000", Shape.of(1000));
        try (PreparedCase p = PreparedCase.of(c, Backend.JVM)) {
            assertEquals(Harness.MAX_COPIES, p.inputSets(), "16 kB of inputs and results: every input set there is");
            List<double[]> seen = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                p.call();
                seen.add(((DoubleField) p.results().get(0)).toArray());
            }
            assertTrue(seen.get(0)[0] != seen.get(1)[0], "the second call read another set of inputs");
            for (double[] y : seen) {
                for (double v : y) {
                    assertTrue(v >= 2.5 && v < 5.5, "3x + 1 of x in [0.5, 1.5): " + v);
                }
            }
        }
    }

    @Test
    void randomInputsAreNeverZeroAndTheSameForTheSameSeed() {
        DoubleField a = (DoubleField) RandomFields.random(ElementType.DOUBLE, Shape.of(10_000), 7, Backend.JVM);
        DoubleField b = (DoubleField) RandomFields.random(ElementType.DOUBLE, Shape.of(10_000), 7, Backend.JVM);
        DoubleField signed = (DoubleField) RandomFields.random(ElementType.DOUBLE, Shape.of(10_000), 7, Backend.JVM, true);
        assertTrue(java.util.Arrays.equals(a.toArray(), b.toArray()));
        assertTrue(java.util.Arrays.stream(a.toArray()).allMatch(v -> v >= 0.5 && v < 1.5));
        double[] s = signed.toArray();
        assertTrue(java.util.Arrays.stream(s).allMatch(v -> Math.abs(v) >= 0.5 && Math.abs(v) < 1.5));
        long negative = java.util.Arrays.stream(s).filter(v -> v < 0).count();
        assertTrue(negative > 4000 && negative < 6000, negative + " of 10000 negative");
    }

    @Test
    void aSizeWhoseFieldsDoNotFitIsRefusedBeforeAllocating() {
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        Run r = run("--backends", "jvm", "--no-jmh", "--filter", "40000x40000");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("Hand.triple 40000x40000 (step) on jvm: not run: [BenchMemory] Hand.triple 40000x40000 needs"
                + " 23.8 GiB for its inputs and results on jvm, and "), r.out());
        assertTrue(r.out().contains("run a smaller size (@Bench(sizes = ...)), or give the JVM more heap (-Xmx)"), r.out());
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertTrue(after - before < 1L << 30, "nothing of 24 GiB was allocated");
    }

    @Test
    void aCaseThatCannotRunOnTheBackendAskedForIsAnError() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Gridforge.isAvailable(Backend.CUDA_SIM), "no C++ compiler for the simulator");
        Run r = run("--quick", "--backends", "cuda-sim");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("Hand.triple 32 (step): not run: [BenchBackend] Hand.triple 32 (step) runs on [jvm] only,"
                + " not on cuda-sim"), r.out());
    }

    @Test
    void aBackendThatIsNotHereIsSaidInOneLine() {
        org.junit.jupiter.api.Assumptions.assumeFalse(Gridforge.isAvailable(Backend.CUDA), "a GPU is here");
        Run r = run("--quick", "--backends", "jvm,cuda");
        assertEquals(2, r.exit(), r.out());
        List<String> said = r.out().lines().filter(l -> l.startsWith("cuda: not run: ")).toList();
        assertEquals(1, said.size(), r.out());
        assertTrue(r.out().contains("benchmarks: 1 measured, 1 not run"), r.out());
    }

    /** A kernel whose results go NaN (inputs out of its range) is flagged under its table, with the fix. */
    @Test
    void resultsThatWentNonFiniteAreFlagged() {
        BenchCase nan = BenchCase.builder("Hand.diverge", "64").shape(Shape.of(64)).output(ElementType.DOUBLE)
                .field("x", ElementType.DOUBLE, 0.01, 0.25).cost(KernelCost.of(16, List.of(), true, KernelCost.Term.of(8, 1, 0)))
                .launcher(BenchmarksTest.class, b -> "plain Java", l -> 0L).runsOn(Backend.JVM)
                .launch((l, in, out) -> {
                    double[] x = (double[]) in.get(0).hostData();
                    double[] y = (double[]) out[0].hostData();
                    for (int i = 0; i < x.length; i++) {
                        assertTrue(x[i] >= 0.01 && x[i] < 0.25, "the range asked for: " + x[i]);
                        y[i] = i % 2 == 0 ? x[i] : Math.log(-x[i]);
                    }
                }).build();
        BenchSuite suite = new BenchSuite() {
            @Override
            public String launcher() {
                return "Hand";
            }

            @Override
            public List<BenchCase> cases() {
                return List.of(nan);
            }

            @Override
            public List<BenchCase> quickCases() {
                return List.of(nan);
            }
        };
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = Benchmarks.run(List.of(suite), new String[] {"--quick", "--backends", "jvm", "--no-jmh"},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, out);
        assertTrue(out.contains("! Hand.diverge 64 (step) on jvm: 32 of 64 results are NaN or infinite after the run"), out);
        assertTrue(out.contains("@Bench(values = {\"name=lo..hi\"})"), out);
    }

    @Test
    void badOptionsAreSaidWithTheUsage() {
        for (String[] args : List.of(new String[] {"--fast"}, new String[] {"--repeat", "0"}, new String[] {"--backends", "tpu"},
                new String[] {"--json"}, new String[] {"--filter", "step(4096"})) {
            Run r = run(args);
            assertEquals(2, r.exit(), r.out());
            assertTrue(r.out().startsWith("[BenchOptions] "), r.out());
        }
        Run none = run("--filter", "nothing-like-this");
        assertEquals(3, none.exit());
        assertTrue(none.out().startsWith("benchmarks: none match nothing-like-this"), none.out());
    }
}
