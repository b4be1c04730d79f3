package dev.gridforge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The runner itself (not a speed: speeds are measured on the GPU machine, never asserted). */
class BenchTest {

    @Test
    void runsEveryMeasureOnTheJvmAndWritesJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        int exit = new CommandLine(new Bench()).registerConverter(dev.gridforge.runtime.Backend.class,
                dev.gridforge.runtime.Backend::parse).execute("--backends", "jvm", "--n", "16,9", "--warmup", "1",
                "--repeat", "3", "--no-compile", "--wave-n", "24", "--gray-scott-n", "20", "--steps", "4", "--shift-sum-c", "0", "--heat-n", "0", "--pinn-n", "0", "--json", json.toString());
        assertEquals(0, exit);
        List<String> lines = Files.readAllLines(json);
        assertEquals(10, lines.size(), lines.toString());
        List<String> haversine = List.of("kernel", "kernel, reused output", "end to end into double[]", "end to end into direct");
        for (int i = 0; i < 8; i++) {
            String workload = i < 4 ? "haversine-16" : "haversine-9";
            assertTrue(lines.get(i).contains("\"workload\":\"" + workload + "\"")
                    && lines.get(i).contains("\"measure\":\"" + haversine.get(i % 4) + "\""), lines.get(i));
        }
        assertTrue(lines.get(8).contains("\"workload\":\"wave-24\"") && lines.get(9).contains("gray-scott-20"), lines.toString());
        assertTrue(lines.stream().allMatch(l -> l.contains("\"backend\":\"jvm\"") && l.contains("\"runs\":3")), lines.toString());
    }

    /** Where NVRTC is installed (CI installs it) the compile is timed too; elsewhere it is skipped, saying so. */
    @Test
    void timesTheNvrtcCompileWhereNvrtcIsInstalled(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        int exit = new CommandLine(new Bench()).registerConverter(dev.gridforge.runtime.Backend.class,
                dev.gridforge.runtime.Backend::parse).execute("--backends", "jvm", "--n", "8", "--warmup", "0",
                "--repeat", "2", "--wave-n", "0", "--gray-scott-n", "0", "--shift-sum-c", "0", "--heat-n", "0", "--pinn-n", "0", "--json", json.toString());
        assertEquals(0, exit);
        List<String> compiles = Files.readAllLines(json).stream().filter(l -> l.contains("compile-sm_90")).toList();
        assertEquals(nvrtcInstalled() ? 2 : 0, compiles.size(), compiles.toString());
        assertTrue(compiles.stream().allMatch(l -> l.contains("\"backend\":\"nvrtc ")), compiles.toString());
    }

    /** Without NVRTC the skipped line gives the whole reason: every place it was looked for, and the fix. */
    @Test
    void aSkippedCompileSaysEveryPlaceNvrtcWasLookedFor(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("libnvrtc.so.13");
        String before = System.getProperty("gridforge.nvrtc.library");
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setProperty("gridforge.nvrtc.library", missing.toString());
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        int exit;
        try {
            exit = new CommandLine(new Bench()).registerConverter(dev.gridforge.runtime.Backend.class,
                    dev.gridforge.runtime.Backend::parse).execute("--backends", "jvm", "--n", "8", "--warmup", "0", "--repeat", "1",
                    "--wave-n", "0", "--gray-scott-n", "0", "--shift-sum-c", "0", "--heat-n", "0", "--pinn-n", "0");
        } finally {
            System.setOut(out);
            if (before == null) {
                System.clearProperty("gridforge.nvrtc.library");
            } else {
                System.setProperty("gridforge.nvrtc.library", before);
            }
        }
        assertEquals(0, exit);
        String line = printed.toString(java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> l.contains("nvrtc: skipped"))
                .findFirst().orElseThrow(() -> new AssertionError(printed));
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

    @Test
    void aBackendThatCannotRunIsSkippedWithItsReason() {
        int exit = new CommandLine(new Bench()).registerConverter(dev.gridforge.runtime.Backend.class,
                dev.gridforge.runtime.Backend::parse).execute("--backends", "cuda", "--n", "8", "--repeat", "1", "--no-compile", "--wave-n", "0", "--gray-scott-n", "0", "--reduce-n", "0", "--shift-sum-c", "0", "--heat-n", "0", "--pinn-n", "0");
        assertEquals(dev.gridforge.runtime.Gridforge.isAvailable(dev.gridforge.runtime.Backend.CUDA) ? 0 : 3, exit);
    }

    /** The reduction measure, which the runner gives CUDA only, runs through on the simulator: three rows. */
    @Test
    void theReductionMeasureRunsOnADevice() {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.gridforge.runtime.sim.CudaSimulator.isAvailable(), "no C++ compiler for the simulator");
        List<Measurement> rows = ReduceBench.run(dev.gridforge.runtime.Backend.CUDA_SIM, 5000, 1, 2);
        assertEquals(List.of("copy d2d (CUDA events)", "sum (CUDA events)", "sum (end to end)"),
                rows.stream().map(Measurement::measure).toList());
        assertTrue(rows.stream().allMatch(m -> m.workload().equals("reduce-5000")), rows.toString());
        assertTrue(rows.get(1).target().startsWith("cuda >= 80% of copy: "), rows.get(1).target());
    }

    /** Seed 002's measure on the JVM with few channels: A and its pseudo-inverse, each a row, A with its target. */
    @Test
    void theShiftSumMeasureRuns() {
        List<Measurement> rows = ShiftSumBench.run(dev.gridforge.runtime.Backend.JVM, 3, 0, 2);
        assertEquals(List.of("A per call (wall clock)", "A_pinv per call (wall clock)"),
                rows.stream().map(Measurement::measure).toList());
        assertTrue(rows.stream().allMatch(m -> m.workload().equals("shift-sum-c3") && m.nanos().length == 2), rows.toString());
        assertTrue(rows.get(0).target().endsWith("GB/s of x and y"), rows.get(0).target());
    }

    /** Seed 001's measure on the JVM with few points: one row, with the bandwidth it reached. */
    @Test
    void theHeatResidualMeasureRuns() {
        List<Measurement> rows = HeatResidualBench.run(dev.gridforge.runtime.Backend.JVM, 1000, 0, 2);
        assertEquals(1, rows.size());
        assertEquals("heat-residual-1000", rows.get(0).workload());
        assertTrue(rows.get(0).target().endsWith("GB/s of x, t and r"), rows.get(0).target());
    }

    /** Seed 001's PINN measure on the JVM with few points. */
    @Test
    void thePinnResidualMeasureRuns() {
        List<Measurement> rows = PinnResidualBench.run(dev.gridforge.runtime.Backend.JVM, 200, 0, 2);
        assertEquals("pinn-residual-200", rows.get(0).workload());
        assertTrue(rows.get(0).target().endsWith("us per 1000 points"), rows.get(0).target());
    }
}
