package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DivergenceException;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.Ring;
import dev.gridforge.runtime.TimeLoop;
import dev.gridforge.runtime.sim.CudaSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The time loop against plain launches: after any number of steps, with its buffers rotated and
 * its runs of steps recorded and replayed, it holds exactly what launching the kernel step by
 * step into new fields gives; its watchdog names the exact step and cell of a planted overflow;
 * it frees what it made; bad input fails before anything runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimeLoopTest {
    private static final String KERNELS = """
            @Stencil(boundary = Boundary.PERIODIC)
            static double diffuse(Grid2 u, Grid2 uPrev, @Const double a) {
                double lap = u.at(1, 0) + u.at(-1, 0) + u.at(0, 1) + u.at(0, -1) - 4 * u.at(0, 0);
                return u.at(0, 0) + a * lap + 0.25 * (u.at(0, 0) - uPrev.at(0, 0));
            }

            @Stencil(boundary = Boundary.REFLECT)
            static void pair(Grid1 u, Grid1 v, Out un, Out vn, @Const double k) {
                un.set(u.at(-1) * k + v.at(0));
                vn.set(v.at(1) - u.at(0) * k);
            }

            @Stencil
            static double grow(Grid1 u, @Const double k) {
                return u.at(0) * k;
            }
            """;

    private Class<?> launchers;
    private final Random random = new Random(20261130);

    @BeforeAll
    void compile() throws Exception {
        Compilation c = Compiler.compile(Compiler.kernelClass(KERNELS));
        assertTrue(c.errors().isEmpty(), c.errors().toString());
        launchers = Compiler.loader(c).loadClass("test.KKernels");
    }


    private Object on(Backend backend) {
        return Launchers.on(launchers, backend);
    }

    private static Object call(Object on, String kernel, Class<?>[] types, Object... args) {
        return Launchers.call(on, kernel, types, args);
    }

    private static final Class<?>[] DIFFUSE_INTO = {DoubleField.class, DoubleField.class, DoubleField.class, double.class};
    private static final Class<?>[] DIFFUSE = {DoubleField.class, DoubleField.class, double.class};

    /** The reference: the JVM backend, a new field every step, no loop. */
    private double[] stepByStep(double[] initial, int nx, int ny, int steps) throws Exception {
        Object jvm = on(Backend.JVM);
        DoubleField prev = DoubleField.of(initial.clone(), nx, ny);
        DoubleField now = DoubleField.of(initial.clone(), nx, ny);
        for (int s = 0; s < steps; s++) {
            DoubleField next = (DoubleField) call(jvm, "diffuse", DIFFUSE, now, prev, 0.1);
            prev = now;
            now = next;
        }
        return now.toArray();
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void afterAnyNumberOfStepsTheLoopHoldsWhatStepByStepLaunchesGive(Backend backend) throws Exception {
        Launchers.needs(backend);
        assertRotation(backend);
    }

    @Test
    @Tag("gpu")
    void rotationAndReplayOnTheGpu() throws Exception {
        assertRotation(Backend.CUDA);
    }

    private void assertRotation(Backend backend) throws Exception {
        int nx = 9;
        int ny = 7;
        double[] initial = random.doubles(nx * ny, -1, 1).toArray();
        Object k = on(backend);
        for (int steps : new int[] {1, 2, 3, 4, 5, 7, 64, 131}) {
            double[] expected = stepByStep(initial, nx, ny, steps);
            for (boolean record : new boolean[] {true, false}) {
                try (TimeLoop loop = TimeLoop.on(backend).recordSteps(record)) {
                    Ring<DoubleField> u = loop.ring("u", DoubleField.of(initial.clone(), nx, ny), 1);
                    // Two runs, so a run starting in the middle of a rotation is covered too.
                    int first = steps / 3 + 1;
                    loop.run(first, () -> call(k, "diffuseInto", DIFFUSE_INTO, u.next(), u.now(), u.past(1), 0.1));
                    if (steps > first) {
                        loop.run(steps - first, () -> call(k, "diffuseInto", DIFFUSE_INTO, u.next(), u.now(), u.past(1), 0.1));
                    }
                    assertEquals(steps, loop.step());
                    assertArrayEquals(expected, ((DoubleField) u.now()).toArray(), backend + ", " + steps + " steps, "
                            + (record ? "recorded and replayed" : "launched one by one"));
                    if (record && backend.isDevice() && steps >= 64) {
                        assertTrue(loop.replays() > 0, "long runs are replayed, not launched step by step");
                    }
                }
            }
        }
    }

    /**
     * A step whose constant changes every step (a time t) and that counts its own calls: the
     * body runs once per step on every backend, and a recorded run is never replayed with stale
     * values: the loop notices, says so once, and goes on launching step by step.
     */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void aStepWhoseConstantsChangeIsNeverReplayedStale(Backend backend) throws Exception {
        Launchers.needs(backend);
        Object k = on(backend);
        Object jvm = on(Backend.JVM);
        int nx = 6;
        int ny = 5;
        double[] initial = random.doubles(nx * ny, -1, 1).toArray();
        DoubleField prev = DoubleField.of(initial.clone(), nx, ny);
        DoubleField now = DoubleField.of(initial.clone(), nx, ny);
        for (int s = 0; s < 150; s++) {
            DoubleField next = (DoubleField) call(jvm, "diffuse", DIFFUSE, now, prev, 0.001 * s);
            prev = now;
            now = next;
        }
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(TimeLoop.class.getName());
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                warnings.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        log.setUseParentHandlers(false);
        try (TimeLoop loop = TimeLoop.on(backend)) {
            Ring<DoubleField> u = loop.ring("u", DoubleField.of(initial.clone(), nx, ny), 1);
            int[] calls = {0};
            loop.run(150, () -> call(k, "diffuseInto", DIFFUSE_INTO, u.next(), u.now(), u.past(1), 0.001 * calls[0]++));
            assertEquals(150, calls[0], "the body runs once per step");
            assertArrayEquals(now.toArray(), u.now().toArray(), "never a stale constant");
            if (backend.isDevice()) {
                assertEquals(1, warnings.size(), warnings.toString());
                assertTrue(warnings.get(0).contains("its step launches something else each time (launch 1 of kernel"
                        + " 'diffuse': argument 9 was 0.003, now 0.066)"), warnings.get(0));
            }
        } finally {
            log.removeHandler(capture);
            log.setUseParentHandlers(true);
        }
    }

    /**
     * A ring starts as copies of its initial field, never the field itself: changing the field
     * afterwards changes nothing in the loop, and the steps leave it alone. A history of 0 keeps
     * only now() and next().
     */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void aRingCopiesItsInitialFieldAndMayKeepNoHistory(Backend backend) throws Exception {
        Launchers.needs(backend);
        Object k = on(backend);
        Class<?>[] growInto = {DoubleField.class, DoubleField.class, double.class};
        double[] start = random.doubles(10, 0.5, 1.5).toArray();
        double[] data = start.clone();
        try (TimeLoop loop = TimeLoop.on(backend)) {
            Ring<DoubleField> u = loop.ring("u", DoubleField.of(data, 10), 0);
            assertEquals(0, u.history());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> u.past(1)).getMessage()
                    .contains("keeps 0 past value(s)"));
            java.util.Arrays.fill(data, -7.0);
            loop.run(3, () -> call(k, "growInto", growInto, u.next(), u.now(), 2.0));
            double[] expected = new double[start.length];
            for (int i = 0; i < start.length; i++) {
                expected[i] = start[i] * 2.0 * 2.0 * 2.0;
            }
            assertArrayEquals(expected, u.now().toArray(), "the steps start from the copy taken by ring()");
        }
        double[] changed = new double[start.length];
        java.util.Arrays.fill(changed, -7.0);
        assertArrayEquals(changed, data, "the loop never writes the initial field");
    }

    /** Two rings updated by one kernel with two outputs (Gray-Scott's shape), periods 2 and 2. */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void twoRingsWrittenByOneKernel(Backend backend) throws Exception {
        Launchers.needs(backend);
        int n = 11;
        double[] u0 = random.doubles(n, 0, 1).toArray();
        double[] v0 = random.doubles(n, 0, 1).toArray();
        Object k = on(backend);
        Object jvm = on(Backend.JVM);
        Class<?>[] pair = {DoubleField.class, DoubleField.class, double.class};
        Class<?>[] pairInto = {DoubleField.class, DoubleField.class, DoubleField.class, DoubleField.class, double.class};
        DoubleField u = DoubleField.of(u0.clone(), n);
        DoubleField v = DoubleField.of(v0.clone(), n);
        for (int s = 0; s < 70; s++) {
            Object r = call(jvm, "pair", pair, u, v, 0.5);
            u = (DoubleField) r.getClass().getMethod("un").invoke(r);
            v = (DoubleField) r.getClass().getMethod("vn").invoke(r);
        }
        try (TimeLoop loop = TimeLoop.on(backend)) {
            Ring<DoubleField> ru = loop.ring("u", DoubleField.of(u0, n), 0);
            Ring<DoubleField> rv = loop.ring("v", DoubleField.of(v0, n), 0);
            loop.run(70, () -> call(k, "pairInto", pairInto, ru.next(), rv.next(), ru.now(), rv.now(), 0.5));
            assertArrayEquals(u.toArray(), ((DoubleField) ru.now()).toArray());
            assertArrayEquals(v.toArray(), ((DoubleField) rv.now()).toArray());
        }
    }

    /**
     * Cell 37 starts at 1e10, every other at 1; each step multiplies by 1e100, so cell 37
     * overflows to infinity in step 3 (1e310) and the others in step 4. Checked every 50 steps,
     * the watchdog still names step 3 and cell 37.
     */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void theWatchdogNamesTheExactStepAndCell(Backend backend) throws Exception {
        Launchers.needs(backend);
        double[] initial = new double[64];
        java.util.Arrays.fill(initial, 1);
        initial[37] = 1e10;
        Object k = on(backend);
        Class<?>[] growInto = {DoubleField.class, DoubleField.class, double.class};
        try (TimeLoop loop = TimeLoop.on(backend).watch(50, () -> "lower the growth factor")) {
            Ring<DoubleField> u = loop.ring("u", DoubleField.of(initial, 64), 0);
            DivergenceException e = assertThrows(DivergenceException.class,
                    () -> loop.run(120, () -> call(k, "growInto", growInto, u.next(), u.now(), 1e100)));
            assertEquals(3, e.step(), e.getMessage());
            assertArrayEquals(new int[] {37}, e.cell(), e.getMessage());
            assertEquals(Double.POSITIVE_INFINITY, e.value());
            assertEquals("u", e.field());
            assertTrue(e.getMessage().startsWith("[Divergence] ring 'u' stopped being finite in step 3: u(37) = Infinity"),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("lower the growth factor"), e.getMessage());
        }
        double[] withNaN = new double[] {1, 2, Double.NaN, 4};
        try (TimeLoop loop = TimeLoop.on(backend).watch(10, null)) {
            Ring<DoubleField> u = loop.ring("u", DoubleField.of(withNaN, 4), 0);
            DivergenceException e = assertThrows(DivergenceException.class,
                    () -> loop.run(5, () -> call(k, "growInto", growInto, u.next(), u.now(), 2.0)));
            assertEquals(0, e.step());
            assertArrayEquals(new int[] {2}, e.cell());
            assertTrue(e.getMessage().contains("before the first step"), e.getMessage());
            assertEquals(0, loop.step(), "nothing ran");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void framesAreHostCopiesAtTheirSteps(Backend backend) throws Exception {
        Launchers.needs(backend);
        Object k = on(backend);
        Class<?>[] growInto = {DoubleField.class, DoubleField.class, double.class};
        List<Long> steps = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Long> progress = new ArrayList<>();
        try (TimeLoop loop = TimeLoop.on(backend)) {
            Ring<DoubleField> u = loop.ring("u", DoubleField.of(new double[] {1, 1, 1}, 3), 0);
            loop.frames(4, f -> {
                steps.add(f.step());
                Field copy = f.field(u);
                assertTrue(!copy.isOnDevice(), "a host copy");
                values.add(((DoubleField) copy).get(1));
            }, u).progress(5, progress::add);
            loop.run(10, () -> call(k, "growInto", growInto, u.next(), u.now(), 2.0));
        }
        assertEquals(List.of(4L, 8L), steps);
        assertEquals(List.of(16.0, 256.0), values);
        assertEquals(List.of(4L, 5L, 8L, 10L), progress);
    }

    /** Frames are handed over off the loop's thread; a callback's failure is thrown by run, and nothing is left behind. */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void aFailingFrameCallbackFailsTheRun(Backend backend) throws Exception {
        Launchers.needs(backend);
        Object k = on(backend);
        Class<?>[] growInto = {DoubleField.class, DoubleField.class, double.class};
        List<String> threads = new ArrayList<>();
        try (TimeLoop loop = TimeLoop.on(backend)) {
            Ring<DoubleField> u = loop.ring("u", DoubleField.of(new double[] {1, 2}, 2), 0);
            loop.frames(3, f -> {
                threads.add(Thread.currentThread().getName());
                if (f.step() == 6) {
                    throw new IllegalStateException("disk full");
                }
            });
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> loop.run(20, () -> call(k, "growInto", growInto, u.next(), u.now(), 1.5)));
            assertEquals("disk full", e.getMessage());
        }
        assertTrue(threads.size() >= 2 && threads.stream().allMatch("gridforge-frames"::equals), threads.toString());
    }

    @Test
    void theSimulatorHoldsNoMemoryOnceTheLoopIsClosed() throws Exception {
        Launchers.needs(Backend.CUDA_SIM);
        Object k = on(Backend.CUDA_SIM);
        long before = settledLiveBytes(); // what earlier tests dropped is freed by a cleaner, at its own pace
        try (TimeLoop loop = TimeLoop.on(Backend.CUDA_SIM).watch(7, null)) {
            Ring<DoubleField> u = loop.ring("u", DoubleField.of(random.doubles(6 * 5).toArray(), 6, 5), 3);
            loop.resident(DoubleField.of(new double[30], 6, 5));
            loop.run(40, () -> call(k, "diffuseInto", DIFFUSE_INTO, u.next(), u.now(), u.past(1), 0.1));
            assertTrue(CudaSimulator.shared().liveBytes() > before, "the loop's fields are live");
        }
        assertTrue(CudaSimulator.shared().liveBytes() <= before, "every buffer the loop made is freed: "
                + CudaSimulator.shared().liveBytes() + " bytes live, " + before + " before");
    }

    /** The simulator's live bytes once the cleaner has freed what is already unreachable. */
    private static long settledLiveBytes() throws InterruptedException {
        System.gc();
        long last = -1;
        for (int quiet = 0; quiet < 3; ) {
            Thread.sleep(20);
            long now = CudaSimulator.shared().liveBytes();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
        return last;
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void badInputFailsBeforeAnythingRuns(Backend backend) throws Exception {
        Launchers.needs(backend);
        Object k = on(backend);
        try (TimeLoop loop = TimeLoop.on(backend)) {
            assertThrows(IllegalStateException.class, () -> loop.run(3, () -> { }), "no rings yet");
            Ring<DoubleField> u = loop.ring("u", DoubleField.of(new double[12], 4, 3), 1);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> loop.run(0, () -> { })).getMessage()
                    .contains("1 or more steps, got 0"));
            assertThrows(IllegalArgumentException.class, () -> loop.run(-5, () -> { }));
            assertThrows(IllegalArgumentException.class, () -> loop.ring("u", DoubleField.of(new double[12], 4, 3), 0),
                    "ring names are unique");
            assertTrue(assertThrows(IllegalArgumentException.class, () -> u.past(2)).getMessage().contains("keeps 1 past value"));
            assertThrows(IllegalArgumentException.class, () -> loop.watch(0, null));
            assertThrows(NullPointerException.class, () -> loop.ring("v", null, 0));
            assertEquals(0, loop.step());
            loop.run(1, () -> call(k, "diffuseInto", DIFFUSE_INTO, u.next(), u.now(), u.past(1), 0.1));
            assertThrows(IllegalStateException.class, () -> loop.ring("late", DoubleField.of(new double[12], 4, 3), 0),
                    "rings are made before the first step");
        }
    }

    /** Every field of a stencil launch has one shape; a mismatch names the grid and both shapes before anything runs. */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void gridsOfDifferentShapesAreRefusedByName(Backend backend) throws Exception {
        Launchers.needs(backend);
        Object k = on(backend);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> call(k, "diffuse", DIFFUSE,
                DoubleField.of(new double[12], 4, 3), DoubleField.of(new double[12], 3, 4), 0.1));
        assertTrue(e.getMessage().contains("input 'uPrev' has shape 3 x 4 but the launch has shape 4 x 3"), e.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> call(k, "diffuse", DIFFUSE,
                DoubleField.of(new double[12], 12), DoubleField.of(new double[12], 12), 0.1));
        assertTrue(rank.getMessage().contains("diffuse is a rank-2 kernel"), rank.getMessage());
    }

    /**
     * A step uses only the loop's fields, writes into them, and launches on the loop's backend:
     * checked on every backend, the JVM too, so a step that runs on a laptop also runs on a GPU
     * (where anything else would copy or allocate every step). Each error says what to write.
     */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void aStepUsesTheLoopsFieldsAndBackendOnly(Backend backend) throws Exception {
        Launchers.needs(backend);
        Object k = on(backend);
        DoubleField hostPrev = DoubleField.of(new double[12], 4, 3);
        try (TimeLoop loop = TimeLoop.on(backend)) {
            Ring<DoubleField> u = loop.ring("u", DoubleField.of(new double[12], 4, 3), 0);
            IllegalStateException notOurs = assertThrows(IllegalStateException.class, () -> loop.run(5,
                    () -> call(k, "diffuseInto", DIFFUSE_INTO, u.next(), u.now(), hostPrev, 0.1)));
            assertTrue(notOurs.getMessage().startsWith("[TimeLoop] kernel 'diffuse': input 'uPrev' (DoubleField[4 x 3, host])"
                    + " is not a field of this time loop") && notOurs.getMessage().contains("loop.resident(field)"),
                    notOurs.getMessage());
            IllegalStateException fresh = assertThrows(IllegalStateException.class, () -> loop.run(5,
                    () -> call(k, "diffuse", DIFFUSE, u.now(), u.now(), 0.1)));
            assertTrue(fresh.getMessage().contains("would make new result fields every step")
                    && fresh.getMessage().contains("KKernels.diffuseInto(ring.next(), ...)"), fresh.getMessage());
            Backend other = backend == Backend.JVM ? Backend.CUDA_SIM : Backend.JVM;
            IllegalStateException elsewhere = assertThrows(IllegalStateException.class, () -> loop.run(5,
                    () -> call(on(other), "diffuseInto", DIFFUSE_INTO, u.next(), u.now(), u.now(), 0.1)));
            assertTrue(elsewhere.getMessage().contains("was launched on " + other.id() + " inside a step of a time loop on "
                    + backend.id() + ": launch the step's kernels with KKernels.on(loop.backend())"), elsewhere.getMessage());
            DoubleField mask = loop.resident(DoubleField.of(new double[12], 4, 3));
            loop.run(5, () -> call(k, "diffuseInto", DIFFUSE_INTO, u.next(), u.now(), mask, 0.1));
            assertEquals(5, loop.step());
        }
        // Outside a loop the same calls are fine.
        call(k, "diffuse", DIFFUSE, hostPrev, hostPrev, 0.1);
    }
}
