package dev.gridforge.processor;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.gridforge.benchmarks.BenchCase;
import dev.gridforge.benchmarks.BenchSuite;
import dev.gridforge.benchmarks.Benchmarks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * A user's class with {@code @Bench} kernels, compiled as a user's build compiles it: the
 * processor writes a benchmark suite (and a JMH class) beside the launcher and lists the suite as
 * a service; the suite's cases run, quick, on the JVM and the simulator. Bad {@code @Bench}
 * arguments are errors at the annotation.
 */
class BenchGenerationTest {
    private static final String KERNELS = """
            @Bench(sizes = {"64x48", "33x17"}, constants = "c2=0.25", steps = 5)
            @Stencil(boundary = Boundary.CLAMP)
            static double wave(Grid2 u, Grid2 uPrev, @Const double c2) {
                double lap = u.at(1, 0) + u.at(-1, 0) + u.at(0, 1) + u.at(0, -1) - 4 * u.at(0, 0);
                return 2 * u.at(0, 0) - uPrev.at(0, 0) + c2 * lap;
            }
            @Bench(sizes = "40x30")
            @Pointwise static double bump(@Coord(0) double x, @Coord(1) double y, @Const double w) { return Math.exp(-w * (x * x + y * y)); }
            @Bench(sizes = "16x8; a=16x8x5")
            @Pointwise static float gather(@Index(0) int i, @Index(1) int j, Array3f a) {
                float s = 0;
                for (int c = 0; c < a.extent(2); c++) { s += a.get(i, j, c); }
                return s;
            }
            @Pointwise static double plain(double x) { return x * 2; }
            """;

    @Test
    void theSuiteListsEveryCaseAndRunsQuickOnTheJvmAndTheSimulator() throws Exception {
        Compilation c = Compiler.compile(Compiler.kernelClass(KERNELS));
        assertTrue(c.errors().isEmpty(), c.errors().toString());
        String services = new String(c.generatedFile(StandardLocation.CLASS_OUTPUT, "", "META-INF/services/dev.gridforge.benchmarks.BenchSuite")
                .orElseThrow().openInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("test.KKernelsBench\n", services);
        assertTrue(c.generatedSourceFile("test.KKernelsJmh").isPresent(), "JMH is on the class path: its class is written");
        ClassLoader loader = Compiler.loader(c);
        BenchSuite suite = (BenchSuite) loader.loadClass("test.KKernelsBench").getConstructor().newInstance();
        assertEquals(List.of("KKernels.wave 64x48 (step)", "KKernels.wave 64x48 (loop of 5 steps)", "KKernels.wave 33x17 (step)",
                "KKernels.wave 33x17 (loop of 5 steps)", "KKernels.bump 40x30 (step)", "KKernels.gather 16x8; a=16x8x5 (step)"),
                suite.cases().stream().map(BenchCase::toString).toList());
        // the gather's cost: a loop of a.extent(2) iterations of one FLOP and a 4-byte read; the array read whole once
        BenchCase gather = suite.cases().get(5);
        assertEquals(16 * 8 * 5.0, gather.cost().flops());
        assertEquals(16 * 8 * 4 + 16 * 8 * 5 * 4.0, gather.cost().memoryBytes());
        for (String backend : List.of("jvm", "cuda-sim")) {
            if (backend.equals("cuda-sim") && !dev.gridforge.runtime.sim.CudaSimulator.isAvailable()) {
                continue;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int exit = Benchmarks.run(List.of(suite), new String[] {"--quick", "--backends", backend, "--no-jmh"},
                    new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertEquals(0, exit, out);
            assertTrue(out.contains("benchmarks: 6 measured, 0 not run"), out);
            for (String kernel : List.of("KKernels.wave", "KKernels.bump", "KKernels.gather")) {
                assertTrue(out.contains("\n" + kernel), out);
            }
        }
    }

    /**
     * A user's project outside this build: their kernel class compiled with both processors (as
     * their Maven build lists them in annotationProcessorPaths) into a folder of classes, and the
     * one command run in a JVM of its own over that folder and the libraries; JMH times the JVM.
     */
    @Test
    void aUserProjectRunsItsGeneratedBenchmarksWithOneCommand(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Compilation c = javac().withProcessors(new KernelProcessor(), new org.openjdk.jmh.generators.BenchmarkProcessor())
                .compile(Compiler.source("user.Heat", """
                        package user;

                        import dev.gridforge.*;

                        public class Heat {
                            @Bench(sizes = {"40x30x20", "200x100x50"}, constants = "k=0.1", steps = 4)
                            @Stencil(boundary = Boundary.CLAMP)
                            static double heat3(Grid3 u, @Const double k) {
                                return u.at(0, 0, 0) + k * (u.at(1, 0, 0) + u.at(-1, 0, 0) + u.at(0, 1, 0) + u.at(0, -1, 0)
                                        + u.at(0, 0, 1) + u.at(0, 0, -1) - 6 * u.at(0, 0, 0));
                            }
                        }
                        """));
        assertTrue(c.errors().isEmpty(), c.errors().toString());
        java.nio.file.Path classes = dir.resolve("classes");
        for (javax.tools.JavaFileObject f : c.generatedFiles()) {
            String uri = f.toUri().getPath();
            int at = uri.indexOf("/CLASS_OUTPUT/");
            if (at >= 0) {
                java.nio.file.Path file = classes.resolve(uri.substring(at + "/CLASS_OUTPUT/".length()));
                java.nio.file.Files.createDirectories(file.getParent());
                try (java.io.InputStream in = f.openInputStream()) {
                    java.nio.file.Files.write(file, in.readAllBytes());
                }
            }
        }
        assertTrue(java.nio.file.Files.exists(classes.resolve("META-INF/BenchmarkList")), "JMH's processor ran on the generated class");
        java.nio.file.Path json = dir.resolve("bench.json");
        String jvm = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(jvm, "--enable-native-access=ALL-UNNAMED", "-cp",
                classes + java.io.File.pathSeparator + System.getProperty("java.class.path"),
                "dev.gridforge.benchmarks.Benchmarks", "--quick", "--backends", "jvm", "--json", json.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(3, java.util.concurrent.TimeUnit.MINUTES), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("\nHeatKernels.heat3\n"), out);
        List<String> rows = java.nio.file.Files.readAllLines(json);
        // each size capped to 32: a step and a loop of 4 steps of each
        assertEquals(List.of("32x30x20 step", "32x30x20 loop of 4 steps", "32x32x32 step", "32x32x32 loop of 4 steps"),
                rows.stream().map(r -> field(r, "size") + " " + field(r, "mode")).toList());
        assertTrue(rows.stream().allMatch(r -> r.contains("\"timed_by\":\"JMH sample time (not forked)\"")
                && r.contains("\"flops\":" + (r.contains("32x30x20") ? "172800" : "294912"))), rows.toString());
    }

    private static String field(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return m.group(1);
    }

    @Test
    void badBenchArgumentsAreErrorsAtTheAnnotation() {
        Compilation c = Compiler.compile(Compiler.kernelClass("""
                @Bench(sizes = "64xA")
                @Pointwise static double a(double x) { return x; }
                @Bench(sizes = "64x64")
                @Pointwise static double b(@Index(0) int i) { return i; }
                @Bench(constants = "k=1")
                @Pointwise static double c(double x, @Const double w) { return x * w; }
                @Bench(steps = 10)
                @Pointwise static double d(double x) { return x; }
                @Bench(sizes = "8; m=3")
                @Pointwise static double e(@Index(0) int i, Array1 a) { return a.get(i); }
                @Bench
                static double notAKernel(double x) { return x; }
                @Bench(values = {"q=0..1", "x=1..0"})
                @Pointwise static double f(double x) { return x; }
                @Bench(sizes = "8; a=65536x65536")
                @Pointwise static double g(@Index(0) int i, Array2 a) { return a.get(i, 0); }
                """));
        List<String> errors = c.errors().stream().map(d -> d.getMessage(null)).toList();
        for (String expected : List.of("[Bench] '64xA' is not a size for the launch: write positive extents joined by x",
                "[Bench] size '64x64' has 2 extents, and kernel 'b' runs over 1 axes",
                "[Bench] 'k=1' names no @Const parameter of kernel 'c'; write name=value for [w]",
                "[Bench] steps = 10 asks for a time loop of kernel 'd', whose results do not feed its grids",
                "[Bench] 'm=3' in size '8; m=3' names no array view of kernel 'e'",
                "[Bench] @Bench marks a @Pointwise or @Stencil method, or a class that declares some; 'notAKernel' is neither",
                "[Bench] 'q=0..1' names no input of kernel 'f'; write name=lo..hi for one of [x]",
                "[Bench] 'x=1..0' is not a range of double values; write x=lo..hi with lo below hi, as \"x=0.01..0.25\"",
                "[Bench] array a of size '8; a=65536x65536' has 4294967296 elements; an array view holds at most 2147483639")) {
            assertTrue(errors.stream().anyMatch(e -> e.startsWith(expected)), expected + " in " + errors);
        }
        assertEquals(9, errors.size(), errors.toString());
        assertTrue(c.errors().stream().filter(d -> d.getMessage(null).startsWith("[Bench] '64xA'"))
                .allMatch(d -> d.getKind() == Diagnostic.Kind.ERROR && d.getLineNumber() == 6), "at the annotation's line");
    }

    @Test
    void everyKernelWithTheProcessorOption() {
        Compilation c = javac().withProcessors(new KernelProcessor()).withOptions("-Agridforge.bench=all")
                .compile(Compiler.kernelClass("@Pointwise static double plain(double x) { return x * 2; }"));
        assertTrue(c.errors().isEmpty(), c.errors().toString());
        assertTrue(c.generatedSourceFile("test.KKernelsBench").orElseThrow() != null);
    }
}
