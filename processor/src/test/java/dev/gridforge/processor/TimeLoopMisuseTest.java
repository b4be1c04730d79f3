package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.gridforge.Boundary;
import dev.gridforge.Grid2;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Ring;
import dev.gridforge.runtime.TimeLoop;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A time loop used wrongly: a step body that throws, a run inside a step, a second thread, a
 * step that leaves a ring's next() unwritten or writes into its now() or past values. Each is
 * a clear exception naming the problem, and the loop it leaves behind is consistent: its step
 * count and its rings are those of the last step it completed, exactly what the kernel's method
 * gives step after step (bit for bit), and it steps on from there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimeLoopMisuseTest {
    private static final String KERNELS = """
            @Stencil(boundary = Boundary.PERIODIC)
            static double diffuse(Grid2 u, Grid2 uPrev, @Const double a) {
                double lap = u.at(1, 0) + u.at(-1, 0) + u.at(0, 1) + u.at(0, -1) - 4 * u.at(0, 0);
                return u.at(0, 0) + a * lap + 0.25 * (u.at(0, 0) - uPrev.at(0, 0));
            }

            @Stencil
            static double grow(Grid2 u, @Const double k) {
                return u.at(0, 0) * k;
            }
            """;

    private static final int NX = 7;
    private static final int NY = 5;
    private static final double A = 0.1;
    private static final Class<?>[] DIFFUSE_INTO = {DoubleField.class, DoubleField.class, DoubleField.class, double.class};
    private static final Class<?>[] GROW_INTO = {DoubleField.class, DoubleField.class, double.class};

    private Class<?> launchers;
    private Method diffuse;
    private final Random random = new Random(20261214);

    @BeforeAll
    void compile() throws Exception {
        Compilation c = Compiler.compile(Compiler.kernelClass(KERNELS));
        assertTrue(c.errors().isEmpty(), c.errors().toString());
        ClassLoader loader = Compiler.loader(c);
        launchers = loader.loadClass("test.KKernels");
        diffuse = loader.loadClass("test.K").getDeclaredMethod("diffuse", Grid2.class, Grid2.class, double.class);
        diffuse.setAccessible(true);
    }

    private Object on(Backend backend) {
        return Launchers.on(launchers, backend);
    }

    private static Object call(Object on, String kernel, Class<?>[] types, Object... args) {
        return Launchers.call(on, kernel, types, args);
    }

    private double[] initial() {
        return random.doubles(NX * NY, 0.5, 1.5).toArray();
    }

    /** The oracle: the kernel's own method at every point, step after step; element s is the state after s steps. */
    private List<double[]> states(double[] initial, int steps) throws Exception {
        List<double[]> states = new ArrayList<>(List.of(initial.clone()));
        double[] prev = initial.clone();
        double[] now = initial.clone();
        for (int s = 0; s < steps; s++) {
            Grid2 u = Grid2.of(now, NX, NY, Boundary.PERIODIC);
            Grid2 uPrev = Grid2.of(prev, NX, NY, Boundary.PERIODIC);
            double[] next = new double[now.length];
            for (int j = 0; j < NY; j++) {
                for (int i = 0; i < NX; i++) {
                    next[i + NX * j] = (double) diffuse.invoke(null, u.moveTo(i, j), uPrev.moveTo(i, j), A);
                }
            }
            prev = now;
            now = next;
            states.add(next.clone());
        }
        return states;
    }

    /** The ring is exactly the oracle's state after {@code loop.step()} steps: now and its past value. */
    private static void assertAt(List<double[]> states, TimeLoop loop, Ring<DoubleField> u, String what) {
        int s = (int) loop.step();
        assertArrayEquals(states.get(s), u.now().toArray(), what + ": now() after " + s + " steps");
        assertArrayEquals(states.get(Math.max(0, s - 1)), u.past(1).toArray(), what + ": past(1) after " + s + " steps");
    }

    /**
     * A body that throws on its n-th call, for n in the first rotation (launched one by one), in
     * the first recording and in a recorded run being compared before its replay: the exception
     * comes out as it was thrown, and the loop is at a step it completed, with that step's state.
     * On the JVM that is the step before the failed one; on a device a recorded run counts as a
     * whole, so up to its length before. The same body, no longer throwing, then steps on to
     * exactly the oracle's state.
     */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void aStepThatThrowsLeavesTheLoopAtAStepItCompleted(Backend backend) throws Exception {
        Launchers.needs(backend);
        Object k = on(backend);
        double[] initial = initial();
        List<double[]> states = states(initial, 120);
        int inRecordedRuns = 0;
        for (int failing : new int[] {1, 3, 4, 10, 12, 25, 44, 47, 95}) {
            try (TimeLoop loop = TimeLoop.on(backend).progress(10, done -> { })) {
                Ring<DoubleField> u = loop.ring("u", DoubleField.of(initial.clone(), NX, NY), 1);
                int[] calls = {0};
                boolean[] throwing = {true};
                RuntimeException planted = new IllegalStateException("planted in call " + failing);
                Runnable body = () -> {
                    if (throwing[0] && ++calls[0] == failing) {
                        throw planted;
                    }
                    call(k, "diffuseInto", DIFFUSE_INTO, u.next(), u.now(), u.past(1), A);
                };
                RuntimeException e = assertThrows(RuntimeException.class, () -> loop.run(120, body));
                assertSame(planted, e, "the body's own exception");
                String what = backend + ", throwing in call " + failing;
                if (backend == Backend.JVM) {
                    assertEquals(failing - 1, loop.step(), what);
                } else {
                    assertTrue(loop.step() <= failing - 1, what + ": step " + loop.step());
                    inRecordedRuns += loop.step() < failing - 1 ? 1 : 0;
                }
                assertAt(states, loop, u, what);
                throwing[0] = false;
                loop.run((int) (120 - loop.step()), body);
                assertEquals(120, loop.step(), what);
                assertAt(states, loop, u, what + ", then run on");
                if (backend.isDevice()) {
                    assertTrue(loop.replays() > 0, what + ": the recordings are replayed after the failure");
                }
            }
        }
        if (backend.isDevice()) {
            assertTrue(inRecordedRuns >= 4, "failures inside recorded runs: " + inRecordedRuns);
        }
    }

    /** loop.run (or close) inside a step body is refused, by name; the step it was in is not counted. */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void aRunInsideAStepIsRefused(Backend backend) throws Exception {
        Launchers.needs(backend);
        Object k = on(backend);
        double[] initial = initial();
        List<double[]> states = states(initial, 6);
        try (TimeLoop loop = TimeLoop.on(backend)) {
            Ring<DoubleField> u = loop.ring("u", DoubleField.of(initial.clone(), NX, NY), 1);
            Runnable step = () -> call(k, "diffuseInto", DIFFUSE_INTO, u.next(), u.now(), u.past(1), A);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.run(2, () -> {
                step.run();
                loop.run(1, step);
            }));
            assertTrue(e.getMessage().startsWith("[TimeLoop] run(1, ...) was called while this loop is running its steps"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("loop.run(n, a); loop.run(m, b)"), e.getMessage());
            IllegalStateException closing = assertThrows(IllegalStateException.class, () -> loop.run(2, () -> {
                step.run();
                loop.close();
            }));
            assertTrue(closing.getMessage().startsWith("[TimeLoop] close() was called while this loop is running its steps"),
                    closing.getMessage());
            assertEquals(0, loop.step());
            assertAt(states, loop, u, backend + ", after the refused run");
            loop.run(6, step);
            assertAt(states, loop, u, backend + ", then run on");
        }
    }

    /**
     * Two threads stepping one loop at once: the one that did not make the loop is refused before
     * it touches anything, by name, and the owner's steps come out exactly as the oracle's.
     */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void anotherThreadIsRefused(Backend backend) throws Exception {
        Launchers.needs(backend);
        Object k = on(backend);
        double[] initial = initial();
        List<double[]> states = states(initial, 40);
        try (TimeLoop loop = TimeLoop.on(backend)) {
            Ring<DoubleField> u = loop.ring("u", DoubleField.of(initial.clone(), NX, NY), 1);
            Runnable step = () -> call(k, "diffuseInto", DIFFUSE_INTO, u.next(), u.now(), u.past(1), A);
            CountDownLatch go = new CountDownLatch(1);
            AtomicReference<Throwable> other = new AtomicReference<>();
            Thread second = new Thread(() -> {
                try {
                    go.await();
                    loop.run(40, step);
                } catch (Throwable t) {
                    other.set(t);
                }
            }, "second-stepper");
            second.start();
            go.countDown();
            loop.run(40, step);
            second.join();
            Throwable e = other.get();
            assertNotNull(e, "the second thread must not step the loop");
            assertTrue(e instanceof IllegalStateException, e.toString());
            String owner = Thread.currentThread().getName();
            assertTrue(e.getMessage().startsWith("[TimeLoop] run(40, ...) was called on thread 'second-stepper', but this loop"
                    + " belongs to thread '" + owner + "', which made it: a TimeLoop is single-threaded"), e.getMessage());
            assertTrue(e.getMessage().contains("one loop per thread"), e.getMessage());
            assertEquals(40, loop.step());
            assertAt(states, loop, u, backend + ", the owner's 40 steps");
            Thread closer = new Thread(() -> {
                try {
                    loop.close();
                } catch (Throwable t) {
                    other.set(t);
                }
            }, "closer");
            other.set(null);
            closer.start();
            closer.join();
            assertTrue(other.get() instanceof IllegalStateException && other.get().getMessage().startsWith(
                    "[TimeLoop] close() was called on thread 'closer'"), String.valueOf(other.get()));
            loop.run(1, step); // still open, and its owner's
        }
    }

    /**
     * A step that leaves a ring's next() unwritten (at once, and after many recorded steps) is
     * refused naming the ring, before the rotation would make now() whatever that buffer held.
     */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void aRingWhoseNextIsNotWrittenIsNamed(Backend backend) throws Exception {
        Launchers.needs(backend);
        Object k = on(backend);
        double[] initial = initial();
        double[] v0 = initial();
        List<double[]> states = states(initial, 60);
        try (TimeLoop loop = TimeLoop.on(backend)) {
            Ring<DoubleField> u = loop.ring("u", DoubleField.of(initial.clone(), NX, NY), 1);
            IllegalStateException none = assertThrows(IllegalStateException.class, () -> loop.run(3, () -> { }));
            assertTrue(none.getMessage().startsWith("[TimeLoop] step 1 wrote no value into the next() of ring 'u'"),
                    none.getMessage());
            assertTrue(none.getMessage().contains("Into(u.next(), ...)")
                    && none.getMessage().contains("loop.resident(field)"), none.getMessage());
            assertEquals(0, loop.step());
            assertAt(states, loop, u, backend + ", after an empty step");
        }
        try (TimeLoop loop = TimeLoop.on(backend)) {
            Ring<DoubleField> u = loop.ring("u", DoubleField.of(initial.clone(), NX, NY), 1);
            Ring<DoubleField> v = loop.ring("v", DoubleField.of(v0.clone(), NX, NY), 0);
            int[] calls = {0};
            // Writes v for 50 steps (so on a device they are recorded and replayed), then stops.
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.run(60, () -> {
                call(k, "diffuseInto", DIFFUSE_INTO, u.next(), u.now(), u.past(1), A);
                if (++calls[0] <= 50) {
                    call(k, "growInto", GROW_INTO, v.next(), v.now(), 1.0);
                }
            }));
            assertTrue(e.getMessage().startsWith("[TimeLoop] step 51 wrote no value into the next() of ring 'v'"),
                    e.getMessage());
            assertTrue(loop.step() <= 50, "step " + loop.step());
            if (backend == Backend.JVM) {
                assertEquals(50, loop.step());
            }
            assertAt(states, loop, u, backend + ", v left unwritten");
            assertArrayEquals(v0, v.now().toArray(), "v after " + loop.step() + " steps of growing by 1");
        }
    }

    /** A launch writing into a ring's now() or past(k) is refused naming the ring, the field and the kernel's output. */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void aWriteIntoARingsNowOrPastIsNamed(Backend backend) throws Exception {
        Launchers.needs(backend);
        Object k = on(backend);
        double[] initial = initial();
        List<double[]> states = states(initial, 4);
        try (TimeLoop loop = TimeLoop.on(backend)) {
            Ring<DoubleField> u = loop.ring("u", DoubleField.of(initial.clone(), NX, NY), 1);
            IllegalStateException now = assertThrows(IllegalStateException.class,
                    () -> loop.run(3, () -> call(k, "growInto", GROW_INTO, u.now(), u.past(1), 2.0)));
            assertTrue(now.getMessage().startsWith("[TimeLoop] kernel 'grow' writes its output 'out' into u.now() (ring 'u')"),
                    now.getMessage());
            assertTrue(now.getMessage().contains("KKernels.growInto(u.next(), ...)"), now.getMessage());
            IllegalStateException past = assertThrows(IllegalStateException.class,
                    () -> loop.run(3, () -> call(k, "growInto", GROW_INTO, u.past(1), u.now(), 2.0)));
            assertTrue(past.getMessage().startsWith("[TimeLoop] kernel 'grow' writes its output 'out' into u.past(1) (ring 'u')"),
                    past.getMessage());
            assertEquals(0, loop.step());
            assertAt(states, loop, u, backend + ", after the refused writes");
            loop.run(4, () -> call(k, "diffuseInto", DIFFUSE_INTO, u.next(), u.now(), u.past(1), A));
            assertAt(states, loop, u, backend + ", then run on");
        }
    }
}
