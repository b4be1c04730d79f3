package dev.gridforge.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DivergenceException;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.Ring;
import dev.gridforge.spark.kernels.StencilsKernels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiled loops against the whole domain in one loop, bit for bit on the JVM backend: every
 * boundary rule, k = 1 and k > 1, tile counts that do not divide the extents, tiles narrower
 * than their halo, rank 2 and 3, a stencil of reach 2, index-reading kernels, two rings.
 */
class TiledLoopTest {

    static DoubleField random(long seed, int... extents) {
        return random(seed, -0.5, 1.5, extents);
    }

    /** Values drawn evenly from [low, high). */
    static DoubleField random(long seed, double low, double high, int... extents) {
        Random r = new Random(seed);
        int n = 1;
        for (int e : extents) {
            n *= e;
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = low + r.nextDouble() * (high - low);
        }
        return DoubleField.of(d, extents);
    }

    /** One ring "u" stepped by a one-input kernel. */
    static TileStep single(String kernel) {
        return s -> {
            Ring<DoubleField> u = s.ring("u");
            StencilsKernels.Launcher k = StencilsKernels.on(s.backend());
            switch (kernel) {
                case "clamp" -> k.clampInto(u.next(), u.now(), 0.2);
                case "zero" -> k.zeroInto(u.next(), u.now(), 0.2);
                case "constant" -> k.constantInto(u.next(), u.now(), 0.2);
                case "periodic" -> k.periodicInto(u.next(), u.now(), 0.2);
                case "reflect2" -> k.reflect2Into(u.next(), u.now(), 0.05);
                case "heat3" -> k.heat3Into(u.next(), u.now(), 0.1);
                case "heat3Periodic" -> k.heat3PeriodicInto(u.next(), u.now(), 0.1);
                default -> throw new IllegalArgumentException(kernel);
            }
        };
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // kernel, extents, tiles, radius, periodic axes, k, steps
                Arguments.of("clamp", new int[] {37, 29}, new int[] {3, 2}, 1, new int[0], 1, 5),
                Arguments.of("clamp", new int[] {37, 29}, new int[] {3, 2}, 1, new int[0], 3, 7),
                Arguments.of("zero", new int[] {31, 23}, new int[] {4, 3}, 1, new int[0], 1, 4),
                Arguments.of("zero", new int[] {31, 23}, new int[] {4, 3}, 1, new int[0], 4, 9),
                Arguments.of("constant", new int[] {30, 20}, new int[] {2, 3}, 1, new int[0], 1, 4),
                Arguments.of("constant", new int[] {30, 20}, new int[] {2, 3}, 1, new int[0], 2, 6),
                Arguments.of("periodic", new int[] {33, 26}, new int[] {3, 2}, 1, new int[] {0, 1}, 1, 4),
                Arguments.of("periodic", new int[] {33, 26}, new int[] {3, 2}, 1, new int[] {0, 1}, 5, 11),
                // tiles of 2 or 3 points with halos of 4: pieces from tiles further away, and round the wrap
                Arguments.of("periodic", new int[] {10, 9}, new int[] {4, 3}, 1, new int[] {0, 1}, 4, 8),
                Arguments.of("reflect2", new int[] {40, 27}, new int[] {3, 2}, 2, new int[0], 1, 4),
                Arguments.of("reflect2", new int[] {40, 27}, new int[] {3, 2}, 2, new int[0], 3, 7),
                Arguments.of("heat3", new int[] {13, 11, 9}, new int[] {2, 2, 2}, 1, new int[0], 2, 5),
                Arguments.of("heat3Periodic", new int[] {12, 10, 9}, new int[] {3, 2, 2}, 1, new int[] {0, 1, 2}, 3, 6));
    }

    @ParameterizedTest(name = "{0} {1} in {2} tiles, k = {5}")
    @MethodSource("cases")
    void tilesOnSparkEqualTheWholeDomain(String kernel, int[] extents, int[] tiles, int radius, int[] periodic, int k, int steps) {
        TiledLoop loop = TiledLoop.over(extents).tiles(tiles).radius(radius).periodic(periodic).stepsPerExchange(k)
                .ring("u", random(kernel.hashCode(), extents), 0);
        TileStep body = single(kernel);
        TiledLoop.Result whole = loop.runWhole(Backend.JVM, steps, body);
        TiledLoop.Result tiled = loop.run(LocalSpark.get(), steps, body);
        assertBitForBit(whole.field("u"), tiled.field("u"));
        assertEquals((steps + k - 1) / k, tiled.rounds().size());
        assertEquals(java.util.Arrays.stream(tiles).reduce(1, (a, b) -> a * b), tiled.tiles());
    }

    @Test
    void theWaveReadsTheWholeDomainsIndicesAndItsPastValue() {
        int[] extents = {41, 33};
        TiledLoop loop = TiledLoop.over(extents).tiles(3, 4).stepsPerExchange(3)
                .ring("u", java.util.List.of(random(1, extents), random(2, extents)));
        TileStep wave = s -> {
            Ring<DoubleField> u = s.ring("u");
            StencilsKernels.on(s.backend()).waveInto(u.next(), u.now(), u.past(1), 0.2);
        };
        TiledLoop.Result whole = loop.runWhole(Backend.JVM, 10, wave);
        TiledLoop.Result tiled = loop.run(LocalSpark.get(), 10, wave);
        assertBitForBit(whole.field("u"), tiled.field("u"));
        assertBitForBit(whole.level("u", 1), tiled.level("u", 1));
        // and without Spark, on two threads
        assertBitForBit(whole.field("u"), loop.runHere(Backend.JVM, 2, 10, wave).field("u"));
    }

    @Test
    void twoRingsOnAPeriodicDomain() {
        int[] extents = {36, 28};
        TiledLoop loop = TiledLoop.over(extents).tiles(3, 2).periodic(0, 1).stepsPerExchange(4)
                .ring("u", random(3, 0.5, 1, extents), 0).ring("v", random(4, 0, 0.25, extents), 0);
        TileStep gs = s -> {
            Ring<DoubleField> u = s.ring("u");
            Ring<DoubleField> v = s.ring("v");
            StencilsKernels.on(s.backend()).grayScottInto(u.next(), v.next(), u.now(), v.now(), 0.03, 0.06);
        };
        TiledLoop.Result whole = loop.runWhole(Backend.JVM, 9, gs);
        TiledLoop.Result tiled = loop.run(LocalSpark.get(), 9, gs);
        assertBitForBit(whole.field("u"), tiled.field("u"));
        assertBitForBit(whole.field("v"), tiled.field("v"));
    }

    @Test
    void theSimulatorGivesTheSameTiles() {
        int[] extents = {24, 18};
        TiledLoop loop = TiledLoop.over(extents).tiles(2, 2).stepsPerExchange(2).ring("u", random(5, extents), 0);
        TiledLoop.Result whole = loop.runWhole(Backend.CUDA_SIM, 4, single("clamp"));
        TiledLoop.Result tiled = loop.backend(Backend.CUDA_SIM).run(LocalSpark.get(), 4, single("clamp"));
        // the simulator runs the CUDA C (no FMA contraction): the same arithmetic on the same values
        assertBitForBit(whole.field("u"), tiled.field("u"));
    }

    static final AtomicBoolean KILLED = new AtomicBoolean();

    @Test
    void aTileTaskLostMidRunIsRetriedWithTheSameResult() {
        KILLED.set(false);
        int[] extents = {30, 22};
        TiledLoop loop = TiledLoop.over(extents).tiles(2, 2).stepsPerExchange(2).ring("u", random(6, extents), 0);
        TileStep clamp = single("clamp");
        TileStep dying = s -> {
            TaskContext task = TaskContext.get();
            if (task != null && s.step() == 5 && task.attemptNumber() == 0 && KILLED.compareAndSet(false, true)) {
                throw new IllegalStateException("task lost at step 5");
            }
            clamp.step(s);
        };
        TiledLoop.Result whole = loop.runWhole(Backend.JVM, 8, clamp);
        TiledLoop.Result tiled = loop.run(LocalSpark.get(), 8, dying);
        assertTrue(KILLED.get());
        assertBitForBit(whole.field("u"), tiled.field("u"));
    }

    /**
     * An executor JVM that dies mid-run (a tile task halts it at step 5, once: a marker file says
     * it did) on a cluster of two: Spark runs the lost tasks again on the other executor, from
     * the round's second copy (no checkpoint directory) or from the checkpoint directory, and the
     * result is the same; the checkpoint directory keeps nothing of the run afterwards.
     */
    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void anExecutorLostMidRunIsRecoveredWithTheSameResult(@TempDir Path dir) throws IOException {
        int[] extents = {30, 22};
        TiledLoop loop = TiledLoop.over(extents).tiles(2, 2).stepsPerExchange(2).ring("u", random(9, extents), 0);
        TileStep clamp = single("clamp");
        TiledLoop.Result whole = loop.runWhole(Backend.JVM, 8, clamp);
        Path checkpoints = Files.createDirectory(dir.resolve("checkpoints"));
        try (LocalCluster cluster = LocalCluster.of(2, 1)) {
            for (boolean reliable : new boolean[] {false, true}) {
                cluster.awaitExecutors();
                if (reliable) {
                    cluster.spark().setCheckpointDir(checkpoints.toString());
                }
                String marker = dir.resolve("halted-" + reliable).toString();
                TileStep dying = s -> {
                    if (TaskContext.get() != null && s.step() == 5 && TaskContext.getPartitionId() == 0) {
                        try {
                            Files.createFile(Path.of(marker));
                            Runtime.getRuntime().halt(1);
                        } catch (FileAlreadyExistsException done) {
                            // the task run again after its executor was lost
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    clamp.step(s);
                };
                TiledLoop.Result tiled = loop.run(cluster.spark(), 8, dying);
                assertTrue(Files.exists(Path.of(marker)), "no executor was halted");
                assertBitForBit(whole.field("u"), tiled.field("u"));
            }
        }
        try (Stream<Path> left = Files.walk(checkpoints)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("rdd-")).toList(),
                    "the rounds' checkpoints are deleted when the run ends");
        }
    }

    @Test
    void aTileThatDivergesIsReportedAsTheTimeLoopsWatchdogReportsIt() {
        int[] extents = {26, 21};
        TiledLoop loop = TiledLoop.over(extents).tiles(3, 2).stepsPerExchange(4).ring("u", random(7, extents), 0);
        TileStep grow = s -> {
            Ring<DoubleField> u = s.ring("u");
            StencilsKernels.on(s.backend()).growInto(u.next(), u.now());
        };
        DivergenceException whole = assertThrows(DivergenceException.class, () -> loop.runWhole(Backend.JVM, 1000, grow));
        DivergenceException tiled = assertThrows(DivergenceException.class, () -> loop.run(LocalSpark.get(), 1000, grow));
        assertEquals(whole.step(), tiled.step(), tiled.getMessage());
        assertArrayEquals(whole.cell(), tiled.cell(), tiled.getMessage());
        assertEquals(whole.field(), tiled.field());
        assertEquals(whole.value(), tiled.value());
        assertSameReport(whole, tiled);
    }

    /**
     * Two rings diverging in the same step, ring "v" at a cell before ring "u"'s in memory order,
     * each in another tile: the watchdog takes the rings in the loop's order, so "u"; and in the
     * initial state the same.
     */
    @Test
    void ofTwoRingsDivergingInOneStepTheFirstRingIsReportedAsTheWatchdogDoes() {
        int[] extents = {10, 4};
        double[] u = new double[40];
        double[] v = new double[40];
        java.util.Arrays.fill(u, 0.5);
        java.util.Arrays.fill(v, 0.5);
        u[37] = 1e306; // cell (7, 3), in tile 1
        v[2] = 1e306; // cell (2, 0), in tile 0: both overflow in step 8, in the third round
        TileStep both = s -> {
            Ring<DoubleField> a = s.ring("u");
            Ring<DoubleField> b = s.ring("v");
            StencilsKernels.on(s.backend()).doubleBothInto(a.next(), b.next(), a.now(), b.now());
        };
        TiledLoop loop = TiledLoop.over(extents).tiles(2, 1).stepsPerExchange(3)
                .ring("u", DoubleField.of(u, extents), 0).ring("v", DoubleField.of(v, extents), 0);
        DivergenceException whole = assertThrows(DivergenceException.class, () -> loop.runWhole(Backend.JVM, 20, both));
        assertEquals(8, whole.step());
        assertEquals("u", whole.field());
        assertSameReport(whole, assertThrows(DivergenceException.class, () -> loop.run(LocalSpark.get(), 20, both)));
        assertSameReport(whole, assertThrows(DivergenceException.class, () -> loop.runHere(Backend.JVM, 2, 20, both)));

        u[37] = Double.NaN;
        v[2] = Double.NaN;
        TiledLoop nanAtStart = TiledLoop.over(extents).tiles(2, 1)
                .ring("u", DoubleField.of(u, extents), 0).ring("v", DoubleField.of(v, extents), 0);
        DivergenceException before = assertThrows(DivergenceException.class, () -> nanAtStart.runWhole(Backend.JVM, 20, both));
        assertSameReport(before, assertThrows(DivergenceException.class, () -> nanAtStart.run(LocalSpark.get(), 20, both)));
    }

    /** The tiled loop's report says what the whole domain's watchdog says, up to how it found it. */
    private static void assertSameReport(DivergenceException whole, DivergenceException tiled) {
        assertEquals(whole.step(), tiled.step(), tiled.getMessage());
        assertEquals(whole.field(), tiled.field(), tiled.getMessage());
        assertArrayEquals(whole.cell(), tiled.cell(), tiled.getMessage());
        assertEquals(whole.value(), tiled.value(), tiled.getMessage());
        String said = whole.getMessage().substring(0, whole.getMessage().indexOf(" (axis 0 first"));
        assertTrue(tiled.getMessage().startsWith(said), "expected the report to start with \"" + said + "\": "
                + tiled.getMessage());
    }

    @Test
    void anIndexReadingKernelOnAPeriodicAxisSplitInTilesIsRefused() {
        int[] extents = {20, 10};
        TiledLoop loop = TiledLoop.over(extents).tiles(2, 1).periodic(0, 1).stepsPerExchange(2)
                .ring("u", random(8, extents), 0);
        TileStep indexed = s -> {
            Ring<DoubleField> u = s.ring("u");
            StencilsKernels.on(s.backend()).periodicIndexedInto(u.next(), u.now());
        };
        Exception e = assertThrows(Exception.class, () -> loop.runHere(Backend.JVM, 1, 4, indexed));
        assertTrue(e.getMessage().contains("periodicIndexed") && e.getMessage().contains("axis 0"), e.getMessage());
        // one tile along axis 0: the kernel's own wrap is right there, its index is the domain's, nothing is refused
        TiledLoop oneAlong0 = TiledLoop.over(extents).tiles(1, 2).periodic(0, 1).stepsPerExchange(2)
                .ring("u", random(8, extents), 0);
        assertBitForBit(oneAlong0.runWhole(Backend.JVM, 4, indexed).field("u"),
                oneAlong0.runHere(Backend.JVM, 1, 4, indexed).field("u"));
    }

    /**
     * A kernel whose boundary rule is not the tiling's: PERIODIC on an axis not declared periodic
     * (the edge tiles would wrap round themselves), or CLAMP on one declared periodic (the tiles
     * would wrap where the kernel clamps). Either is refused, naming the kernel and the axis,
     * instead of giving other values than the whole domain.
     */
    @Test
    void aKernelWhoseBoundaryRuleIsNotTheTilingsIsRefused() {
        int[] extents = {20, 12};
        TiledLoop undeclared = TiledLoop.over(extents).tiles(2, 2).periodic(1).stepsPerExchange(2).ring("u", random(11, extents), 0);
        Exception e = assertThrows(Exception.class, () -> undeclared.runHere(Backend.JVM, 1, 4, single("periodic")));
        assertTrue(e.getMessage().contains("[Window] kernel 'periodic' wraps round axis 0 (Boundary.PERIODIC)"), e.getMessage());
        assertTrue(e.getMessage().contains(".periodic(0)"), e.getMessage());
        Exception onSpark = assertThrows(Exception.class, () -> undeclared.run(LocalSpark.get(), 4, single("periodic")));
        assertTrue(onSpark.getMessage().contains("[Window] kernel 'periodic' wraps round axis 0"), onSpark.getMessage());

        TiledLoop declared = TiledLoop.over(extents).tiles(2, 2).periodic(0).stepsPerExchange(2).ring("u", random(11, extents), 0);
        e = assertThrows(Exception.class, () -> declared.runHere(Backend.JVM, 1, 4, single("clamp")));
        assertTrue(e.getMessage().contains("[Window] kernel 'clamp' stops at the edges of axis 0"), e.getMessage());
        // in one tile along the axis the kernel's own rule is the domain's: nothing to refuse
        TiledLoop oneAlong0 = TiledLoop.over(extents).tiles(1, 2).periodic(1).stepsPerExchange(2).ring("u", random(11, extents), 0);
        assertBitForBit(oneAlong0.runWhole(Backend.JVM, 4, single("periodic")).field("u"),
                oneAlong0.runHere(Backend.JVM, 2, 4, single("periodic")).field("u"));
    }

    @Test
    void aTileThatAlwaysFailsIsNamedWithItsStepsAndDevice() {
        int[] extents = {20, 12};
        TiledLoop loop = TiledLoop.over(extents).tiles(2, 1).stepsPerExchange(2).ring("u", random(10, extents), 0);
        TileStep clamp = single("clamp");
        TileStep failing = s -> {
            if (s.step() >= 2) {
                throw new IllegalStateException("no good");
            }
            clamp.step(s);
        };
        Exception e = assertThrows(Exception.class, () -> loop.run(LocalSpark.get(), 6, failing));
        assertTrue(e.getMessage().contains("[TiledLoop] tile "), e.getMessage());
        assertTrue(e.getMessage().contains(" in steps 3 to 4 failed on jvm (no GPU assigned)"), e.getMessage());
        assertTrue(e.getMessage().contains("no good"), e.getMessage());
        assertTrue(e.getMessage().contains("4 times"), "Spark tried it 4 times: " + e.getMessage());
    }

    /** runHere over a machine's GPUs (SparkGpuTest runs it on them): without CUDA each tile says it cannot start, and why. */
    @Test
    void tilesOnDevicesOfAMachineWithoutCudaSayWhyTheyCannotStart() {
        org.junit.jupiter.api.Assumptions.assumeFalse(dev.gridforge.runtime.Gridforge.isAvailable(Backend.CUDA),
                "needs a machine without CUDA");
        int[] extents = {20, 12};
        TiledLoop loop = TiledLoop.over(extents).tiles(2, 1).stepsPerExchange(2).ring("u", random(12, extents), 0);
        Exception e = assertThrows(Exception.class, () -> loop.runHere(Backend.JVM, 2, 4, single("clamp"), 0, 1));
        assertTrue(e.getMessage().contains("[TiledLoop] tile ") && e.getMessage().contains(" cannot start: "), e.getMessage());
        assertTrue(e.getMessage().contains("The CUDA backend was requested on CUDA device ") && e.getMessage().contains("but cannot run"
                + " here"), e.getMessage());
    }

    @Test
    void badSetUp() {
        assertThrows(IllegalArgumentException.class, () -> TiledLoop.over(10, 10).tiles(11, 1));
        assertThrows(IllegalArgumentException.class, () -> TiledLoop.over(10, 10).tiles(2));
        assertThrows(IllegalArgumentException.class, () -> TiledLoop.over(10, 10).stepsPerExchange(0));
        assertThrows(IllegalArgumentException.class, () -> TiledLoop.over(10, 10).periodic(2));
        assertThrows(IllegalArgumentException.class, () -> TiledLoop.over(10, 10).ring("u", random(1, 10, 9), 0));
        assertThrows(IllegalStateException.class, () -> TiledLoop.over(10, 10).runHere(Backend.JVM, 1, 1, single("clamp")));
        TiledLoop twice = TiledLoop.over(10, 10).ring("u", random(1, 10, 10), 0);
        assertThrows(IllegalArgumentException.class, () -> twice.ring("u", random(1, 10, 10), 0));
    }

    static void assertBitForBit(Field expected, Field actual) {
        assertEquals(expected.shape(), actual.shape());
        double[] e = (double[]) expected.hostData();
        double[] a = (double[]) actual.hostData();
        for (int i = 0; i < e.length; i++) {
            if (Double.doubleToRawLongBits(e[i]) != Double.doubleToRawLongBits(a[i])) {
                throw new AssertionError("element " + i + ": expected " + e[i] + " but the tiles gave " + a[i]);
            }
        }
    }
}
