package dev.gridforge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.bench.baseline.Baselines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner itself, as CI's smoke test (not a speed: speeds are measured on the GPU machine, never asserted). */
class BenchTest {
    private record Run(int exit, String out) {
    }

    private static Run bench(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = Bench.execute(new PrintStream(bytes, true, StandardCharsets.UTF_8), args);
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    /** --quick on the JVM: every generated benchmark of the samples and every baseline, JMH-timed, compared, with the figures. */
    @Test
    void quickRunsEveryKernelAndBaselineOnTheJvm(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        Run r = bench("--quick", "--backends", "jvm", "--no-compile", "--json", json.toString());
        assertEquals(0, r.exit(), r.out());
        List<String> lines = Files.readAllLines(json);
        Set<String> kernels = new TreeSet<>();
        lines.stream().filter(l -> l.startsWith("{\"kernel\":")).forEach(l -> kernels.add(l.substring(11, l.indexOf('"', 11))));
        Set<String> expected = new TreeSet<>(Baselines.TWINS.keySet());
        expected.addAll(Baselines.TWINS.values());
        assertEquals(expected, kernels, "every sample kernel marked @Bench and every baseline");
        assertTrue(lines.stream().filter(l -> l.startsWith("{\"kernel\":")).allMatch(l -> l.contains("\"timed_by\":\"JMH sample time")),
                lines.toString());
        assertTrue(r.out().contains("generated JVM loops vs hand-written Java"), r.out());
        for (String twin : Baselines.TWINS.values()) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  " + twin + " ") && l.matches(".* [0-9.]+ +[0-9.]+ +[0-9.]+$")),
                    twin + " compared in\n" + r.out());
        }
        List<String> figures = lines.stream().filter(l -> l.startsWith("{\"workload\":")).toList();
        assertEquals(List.of("kernel", "kernel, reused output", "end to end into double[]", "end to end into direct"),
                figures.stream().map(l -> l.replaceAll(".*\"measure\":\"([^\"]*)\".*", "$1")).toList());
        assertTrue(figures.stream().allMatch(l -> l.contains("\"workload\":\"haversine-16\"")), figures.toString());
    }

    /** --spark --quick: the Spark figures run on local[2] (a small sweep, a tiled loop at two k) beside the whole domain. */
    @Test
    void theSparkFiguresRunOnLocalSpark(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        Run r = bench("--quick", "--backends", "jvm", "--no-kernels", "--n", "0", "--no-compile", "--spark", "--json", json.toString());
        assertEquals(0, r.exit(), r.out());
        List<String> workloads = Files.readAllLines(json).stream().filter(l -> l.startsWith("{\"workload\":"))
                .map(l -> l.replaceAll(".*\"workload\":\"([^\"]*)\".*\"measure\":\"([^\"]*)\".*", "$1: $2"))
                .filter(w -> w.startsWith("spark-")).toList();
        assertEquals(List.of("spark-sweep-8: sweep on local[2]", "spark-sweep-8: same tasks, one process",
                "spark-halo-96-k1: per step, tiled on local[2]", "spark-halo-96-k1: per step, besides stepping",
                "spark-halo-96-k4: per step, tiled on local[2]", "spark-halo-96-k4: per step, besides stepping",
                "spark-halo-96-whole: per step, one TimeLoop, no Spark", "spark-mesh-1000x1000: reduce over 8 tiles"), workloads);
        assertTrue(r.out().contains("Spark's cost"), r.out());
    }

    /** Where NVRTC is installed (CI installs it) the compile is timed too; elsewhere it is skipped, saying so. */
    @Test
    void timesTheNvrtcCompileWhereNvrtcIsInstalled(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        Run r = bench("--backends", "jvm", "--no-kernels", "--n", "8", "--repeat", "2", "--json", json.toString());
        assertEquals(0, r.exit(), r.out());
        List<String> compiles = Files.readAllLines(json).stream().filter(l -> l.contains("compile-sm_90")).toList();
        assertEquals(nvrtcInstalled() ? 2 : 0, compiles.size(), compiles.toString());
        assertTrue(compiles.stream().allMatch(l -> l.contains("\"backend\":\"nvrtc ")), compiles.toString());
    }

    /** Without NVRTC the skipped line gives the whole reason: every place it was looked for, and the fix. */
    @Test
    void aSkippedCompileSaysEveryPlaceNvrtcWasLookedFor(@TempDir Path dir) {
        Path missing = dir.resolve("libnvrtc.so.13");
        String before = System.getProperty("gridforge.nvrtc.library");
        System.setProperty("gridforge.nvrtc.library", missing.toString());
        Run r;
        try {
            r = bench("--backends", "jvm", "--no-kernels", "--n", "8", "--repeat", "1");
        } finally {
            if (before == null) {
                System.clearProperty("gridforge.nvrtc.library");
            } else {
                System.setProperty("gridforge.nvrtc.library", before);
            }
        }
        assertEquals(0, r.exit(), r.out());
        String line = r.out().lines().filter(l -> l.contains("nvrtc: skipped")).findFirst()
                .orElseThrow(() -> new AssertionError(r.out()));
        assertEquals("  nvrtc: skipped (NVRTC (libnvrtc) was not found. Tried, in order: " + missing + " (system property"
                + " gridforge.nvrtc.library): no such file. Install the CUDA toolkit's NVRTC (CUDA 11.2 or later), set CUDA_HOME,"
                + " or name the file with -Dgridforge.nvrtc.library=/path/to/libnvrtc.so.13); --no-compile leaves this out", line);
    }

    private static boolean nvrtcInstalled() {
        try {
            dev.gridforge.runtime.cuda.OfflineCompiler.forComputeCapability(9, 0);
            return true;
        } catch (dev.gridforge.runtime.CudaUnavailableException e) {
            return false;
        }
    }

    /** Asked for CUDA where there is none: one line says why, and the exit status says nothing ran. */
    @Test
    void aBackendThatCannotRunIsSaidWithItsReason() {
        org.junit.jupiter.api.Assumptions.assumeFalse(dev.gridforge.runtime.Gridforge.isAvailable(dev.gridforge.runtime.Backend.CUDA));
        Run r = bench("--backends", "cuda", "--quick", "--no-compile");
        assertEquals(2, r.exit(), r.out());
        assertEquals(1, r.out().lines().filter(l -> l.startsWith("cuda: not run: The CUDA backend was requested but cannot run here"))
                .count(), r.out());
    }

    /** The reduction figure, which the runner gives CUDA only, runs through on the simulator: three rows, the sum's kernels apart. */
    @Test
    void theReductionFigureRunsOnADevice() {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.gridforge.runtime.sim.CudaSimulator.isAvailable(), "no C++ compiler for the simulator");
        List<Figure> rows = ReduceBench.run(dev.gridforge.runtime.Backend.CUDA_SIM, 5000, 1, 2);
        assertEquals(List.of("copy d2d (CUDA events)", "sum kernels (CUDA events)", "sum (end to end)"),
                rows.stream().map(Figure::measure).toList());
        assertTrue(rows.stream().allMatch(m -> m.workload().equals("reduce-5000")), rows.toString());
        assertTrue(rows.get(1).target().startsWith("cuda >= 80% of copy: "), rows.get(1).target());
    }
}
