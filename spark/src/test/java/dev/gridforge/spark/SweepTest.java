package dev.gridforge.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Ring;
import dev.gridforge.runtime.TimeLoop;
import dev.gridforge.runtime.io.Npy;
import dev.gridforge.spark.kernels.StencilsKernels;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {

    /** A Gray-Scott parameter set. */
    record FK(double f, double k) implements Serializable {
    }

    /** What a sweep task returns: the last v field's mean and its bits' hash. */
    record Outcome(double meanV, int hash, String backend) implements Serializable {
    }

    static List<FK> parameters(int n) {
        List<FK> p = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            p.add(new FK(0.02 + 0.005 * i, 0.05 + 0.002 * i));
        }
        return p;
    }

    /** A seeded Gray-Scott start: u near 1, v near 0, a square of v in the middle, noise everywhere. */
    static DoubleField[] start(int n, long seed) {
        Random r = new Random(seed);
        double[] u = new double[n * n];
        double[] v = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                boolean centre = Math.abs(i - n / 2) < n / 8 && Math.abs(j - n / 2) < n / 8;
                u[i + n * j] = (centre ? 0.5 : 1.0) + 0.02 * (r.nextDouble() - 0.5);
                v[i + n * j] = (centre ? 0.25 : 0.0) + 0.02 * r.nextDouble();
            }
        }
        return new DoubleField[] {DoubleField.of(u, n, n), DoubleField.of(v, n, n)};
    }

    static DoubleField simulate(FK p, Backend backend, int n, int steps) {
        DoubleField[] s = start(n, 7);
        try (TimeLoop loop = TimeLoop.on(backend)) {
            Ring<DoubleField> u = loop.ring("u", s[0], 0);
            Ring<DoubleField> v = loop.ring("v", s[1], 0);
            StencilsKernels.Launcher k = StencilsKernels.on(loop.backend());
            loop.run(steps, () -> k.grayScottInto(u.next(), v.next(), u.now(), v.now(), p.f(), p.k()));
            return DoubleField.of(v.now().toArray(), n, n);
        }
    }

    static final SweepTask<FK, Outcome> GRAY_SCOTT = (p, task) -> {
        try (DoubleField v = simulate(p, task.backend(), 48, 60)) {
            return new Outcome(v.sum() / (48 * 48), java.util.Arrays.hashCode(v.toArray()), task.backend().id());
        }
    };

    @Test
    void eachParameterSetRunsAsATaskAndTheResultsComeBackInOrder() {
        JavaSparkContext spark = LocalSpark.get();
        Sweep<FK> sweep = Sweep.over(parameters(6));
        List<Outcome> here = sweep.runHere(Backend.JVM, GRAY_SCOTT);
        List<Outcome> onSpark = sweep.run(spark, GRAY_SCOTT);
        assertEquals(here, onSpark);
        assertEquals(6, onSpark.size());
        assertTrue(onSpark.stream().allMatch(o -> o.backend().equals("jvm")), onSpark.toString());
        assertTrue(onSpark.stream().map(Outcome::hash).distinct().count() == 6, "every parameter set gives its own field");
        // grouped into fewer tasks: the same results
        assertEquals(here, sweep.tasks(2).run(spark, GRAY_SCOTT));
    }

    @Test
    void theSimulatorRunsTheSameSweep() {
        Sweep<FK> sweep = Sweep.over(parameters(2));
        List<Outcome> jvm = sweep.runHere(Backend.JVM, GRAY_SCOTT);
        List<Outcome> sim = sweep.backend(Backend.CUDA_SIM).run(LocalSpark.get(), GRAY_SCOTT);
        for (int i = 0; i < jvm.size(); i++) {
            assertEquals(jvm.get(i).meanV(), sim.get(i).meanV(), 1e-12 * Math.abs(jvm.get(i).meanV()));
            assertEquals("cuda-sim", sim.get(i).backend());
        }
    }

    static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();

    @Test
    void aTaskThatFailsIsRetriedAndItsOutputIsWrittenWhole(@TempDir Path dir) throws Exception {
        FAILED_ONCE.set(false);
        String out = dir.toString();
        SweepTask<FK, Integer> task = (p, ctx) -> {
            try (DoubleField v = simulate(p, ctx.backend(), 32, 20)) {
                ctx.writeNpy(Path.of(out, "v" + ctx.index() + ".npy"), v);
                if (ctx.index() == 2 && FAILED_ONCE.compareAndSet(false, true)) {
                    throw new IllegalStateException("this task dies once, after writing its output");
                }
                return ctx.attempt();
            }
        };
        List<Integer> attempts = Sweep.over(parameters(4)).run(LocalSpark.get(), task);
        assertTrue(FAILED_ONCE.get());
        assertEquals(1, attempts.get(2), "parameter set #2 succeeded on its second attempt: " + attempts);
        for (int i = 0; i < 4; i++) {
            try (DoubleField expected = simulate(parameters(4).get(i), Backend.JVM, 32, 20)) {
                assertArrayEquals(expected.toArray(), Npy.readDoubleField(dir.resolve("v" + i + ".npy")).toArray());
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(4, files.count(), "only the four outputs, no temporary files");
        }
    }

    static final AtomicReference<String> AFTER_FAILED_WRITE = new AtomicReference<>();

    /**
     * A task interrupted while it writes its output (as Spark stops a task it kills): the write
     * fails part-way, the file from an earlier run is still there whole, no temporary file is
     * left, and the retry writes the new file.
     */
    @Test
    void aTaskInterruptedWhileWritingLeavesTheEarlierFileWholeAndItsRetryWritesIt(@TempDir Path dir) throws Exception {
        AFTER_FAILED_WRITE.set(null);
        Path file = dir.resolve("v.npy");
        try (DoubleField earlier = SweepTest.start(128, 3)[1]) {
            Npy.write(file, earlier); // 128 KB: more than the writer buffers, so bytes reach the disk before the failure
        }
        byte[] earlierBytes = Files.readAllBytes(file);
        String out = file.toString();
        SweepTask<FK, Integer> task = (p, ctx) -> {
            try (DoubleField v = simulate(p, ctx.backend(), 128, 3)) {
                if (ctx.attempt() == 0) {
                    Thread.currentThread().interrupt();
                    try {
                        ctx.writeNpy(Path.of(out), v);
                        AFTER_FAILED_WRITE.set("the interrupted write went through");
                    } catch (java.io.IOException e) {
                        Thread.interrupted();
                        boolean whole = java.util.Arrays.equals(earlierBytes, Files.readAllBytes(Path.of(out)));
                        long files;
                        try (Stream<Path> in = Files.list(Path.of(out).getParent())) {
                            files = in.count();
                        }
                        AFTER_FAILED_WRITE.set((whole ? "whole" : "torn") + ", " + files + " file(s), " + e.getClass().getSimpleName());
                        throw e;
                    }
                } else {
                    ctx.writeNpy(Path.of(out), v);
                }
                return ctx.attempt();
            }
        };
        List<Integer> attempts = Sweep.over(parameters(1)).run(LocalSpark.get(), task);
        assertEquals("whole, 1 file(s), ClosedByInterruptException", AFTER_FAILED_WRITE.get());
        assertEquals(List.of(1), attempts);
        try (DoubleField expected = simulate(parameters(1).get(0), Backend.JVM, 128, 3)) {
            assertArrayEquals(expected.toArray(), Npy.readDoubleField(file).toArray());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the output, no temporary file");
        }
    }

    @Test
    void aTaskThatAlwaysFailsNamesItsParameterSet() {
        SweepTask<FK, Integer> task = (p, ctx) -> {
            if (ctx.index() == 3) {
                throw new IllegalArgumentException("no good");
            }
            return 1;
        };
        Exception e = assertThrows(Exception.class, () -> Sweep.over(parameters(5)).run(LocalSpark.get(), task));
        assertTrue(e.getMessage().contains("[Sweep] parameter set #3 (FK[f="), e.getMessage());
        assertTrue(e.getMessage().contains("failed on jvm (no GPU assigned)"), e.getMessage());
        assertTrue(e.getMessage().contains("no good"), e.getMessage());
        assertTrue(e.getMessage().contains("4 times"), "Spark tried it 4 times: " + e.getMessage());
    }

    @Test
    void aBackendThatCannotRunHereIsSaidWithTheParameterSet() {
        org.junit.jupiter.api.Assumptions.assumeFalse(dev.gridforge.runtime.Gridforge.isAvailable(Backend.CUDA), "needs a machine without CUDA");
        Exception e = assertThrows(Exception.class, () -> Sweep.over(parameters(2)).backend(Backend.CUDA).run(LocalSpark.get(), GRAY_SCOTT));
        assertTrue(e.getMessage().contains("[Sweep] parameter set #"), e.getMessage());
        assertTrue(e.getMessage().contains(") cannot start"), e.getMessage());
        assertTrue(e.getMessage().contains("The CUDA backend was requested but cannot run here"), e.getMessage());
    }

    @Test
    void badArguments() {
        assertThrows(NullPointerException.class, () -> Sweep.over(null));
        List<FK> withNull = new ArrayList<>(parameters(2));
        withNull.add(null);
        assertTrue(assertThrows(NullPointerException.class, () -> Sweep.over(withNull)).getMessage().contains("parameter set 2"));
        assertThrows(IllegalArgumentException.class, () -> Sweep.over(parameters(2)).tasks(0));
        assertEquals(List.of(), Sweep.over(List.<FK>of()).run(LocalSpark.get(), GRAY_SCOTT));
    }
}
