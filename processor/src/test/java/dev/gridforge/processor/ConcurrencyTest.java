package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.sim.CudaSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Eight threads launching at once, each its own kernel on its own fields: new results, results
 * written into given fields, and device results fed to the next launch, checked against the JVM
 * backend every time; nothing is left allocated afterwards. On the simulator in every build, on
 * the GPU with the gpu tag.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 25;

    private Class<?> launchers;

    @BeforeAll
    void compile() throws Exception {
        StringBuilder src = new StringBuilder();
        for (int t = 0; t < THREADS; t++) {
            src.append("@Stencil(boundary = Boundary.PERIODIC)\nstatic double k").append(t)
                    .append("(Grid2 u, double w, @Const double a) { return u.at(1, 0) * a + u.at(0, -1) - w * ")
                    .append(t + 1).append("; }\n");
        }
        Compilation c = Compiler.compile(Compiler.kernelClass(src.toString()));
        assertTrue(c.errors().isEmpty(), c.errors().toString());
        launchers = Compiler.loader(c).loadClass("test.KKernels");
    }

    @Test
    void eightThreadsOnTheSimulator() throws Exception {
        Launchers.needs(Backend.CUDA_SIM);
        Object sim = Launchers.on(launchers, Backend.CUDA_SIM);
        sim.getClass().getMethod("prepare").invoke(sim); // the eight compiles before the threads, not inside them
        long before = settled();
        run(Backend.CUDA_SIM);
        assertTrue(settled() <= before, "nothing left allocated: " + CudaSimulator.shared().liveBytes() + " > " + before);
    }

    @Test
    @Tag("gpu")
    void eightThreadsOnTheGpu() throws Exception {
        run(Backend.CUDA);
    }

    private void run(Backend backend) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    thread(backend, id);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static final Class<?>[] TYPES = {DoubleField.class, DoubleField.class, double.class};
    private static final Class<?>[] INTO = {DoubleField.class, DoubleField.class, DoubleField.class, double.class};

    /** One thread's rounds: a new result, a chained one and one written into a given field, each against the JVM. */
    private void thread(Backend backend, int id) {
        Object on = Launchers.on(launchers, backend);
        Object jvm = Launchers.on(launchers, Backend.JVM);
        Random random = new Random(id);
        String kernel = "k" + id;
        int nx = 17 + id;
        int ny = 9;
        try (DoubleField target = DoubleField.of(new double[nx * ny], nx, ny)) {
            for (int r = 0; r < ROUNDS; r++) {
                DoubleField u = DoubleField.of(random.doubles(nx * ny).toArray(), nx, ny);
                DoubleField w = DoubleField.of(random.doubles(nx * ny).toArray(), nx, ny);
                double a = random.nextDouble();
                try (DoubleField once = (DoubleField) Launchers.call(on, kernel, TYPES, u, w, a);
                     DoubleField twice = (DoubleField) Launchers.call(on, kernel, TYPES, once, w, a)) {
                    DoubleField expectedOnce = (DoubleField) Launchers.call(jvm, kernel, TYPES, u, w, a);
                    double[] expectedTwice = ((DoubleField) Launchers.call(jvm, kernel, TYPES, expectedOnce, w, a)).toArray();
                    assertArrayEquals(expectedOnce.toArray(), once.toArray(), kernel + " round " + r);
                    assertArrayEquals(expectedTwice, twice.toArray(), kernel + " round " + r + ", chained on the device");
                    Launchers.call(on, kernel + "Into", INTO, target, twice, w, a);
                    assertArrayEquals(((DoubleField) Launchers.call(jvm, kernel, TYPES, twice, w, a)).toArray(),
                            target.toArray(), kernel + " round " + r + ", into a given field");
                }
            }
        }
    }

    private static long settled() throws InterruptedException {
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
}
