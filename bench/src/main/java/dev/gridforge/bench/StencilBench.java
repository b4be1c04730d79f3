package dev.gridforge.bench;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Mesh;
import dev.gridforge.runtime.Ring;
import dev.gridforge.runtime.TimeLoop;
import dev.gridforge.samples.GrayScottKernels;
import dev.gridforge.samples.WaveKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seed 000's stencils in a {@link TimeLoop}, as the wave and gray-scott samples run them: the
 * time per step of a loop of {@code steps} steps on fields that stay on the device (recorded and
 * replayed on a device), after a warm-up loop that compiles the kernels and records the steps.
 * The watchdog is off: these are the steps alone.
 */
final class StencilBench {
    private StencilBench() {
    }

    /** Per step, for one loop of {@code steps} steps at a time, median over {@code repeat} loops. */
    static List<Measurement> run(Backend backend, List<Integer> waveSizes, List<Integer> grayScottSizes, int steps,
                                 int repeat) {
        List<Measurement> results = new ArrayList<>();
        for (int n : waveSizes) {
            results.add(wave(backend, n, steps, repeat));
        }
        for (int n : grayScottSizes) {
            results.add(grayScott(backend, n, steps, repeat));
        }
        return results;
    }

    private static Measurement wave(Backend backend, int n, int steps, int repeat) {
        WaveKernels.Launcher k = WaveKernels.on(backend);
        try (TimeLoop loop = TimeLoop.on(backend);
             DoubleField u0 = k.initial(Mesh.linspace(0, 1, n, 0, 1, n))) {
            Ring<DoubleField> u = loop.ring("u", u0, 1);
            double c2 = 0.25; // C = 0.5: stable
            loop.run(1, () -> k.firstInto(u.next(), u.now(), c2));
            Runnable step = () -> k.stepInto(u.next(), u.now(), u.past(1), c2);
            return new Measurement("wave-" + n, backend.id(), "step (loops of " + steps + ")",
                    perStep(loop, step, steps, repeat), waveTarget(backend, n));
        }
    }

    private static Measurement grayScott(Backend backend, int n, int steps, int repeat) {
        GrayScottKernels.Launcher k = GrayScottKernels.on(backend);
        Random random = new Random(1);
        double[] u0 = new double[n * n];
        double[] v0 = new double[n * n];
        for (int i = 0; i < u0.length; i++) {
            u0[i] = 1 - 0.5 * random.nextDouble();
            v0[i] = 0.25 * random.nextDouble();
        }
        try (TimeLoop loop = TimeLoop.on(backend)) {
            Ring<DoubleField> u = loop.ring("u", DoubleField.of(u0, n, n), 0);
            Ring<DoubleField> v = loop.ring("v", DoubleField.of(v0, n, n), 0);
            Runnable step = () -> k.stepInto(u.next(), v.next(), u.now(), v.now(), 0.16, 0.08, 0.035, 0.065, 1.0);
            return new Measurement("gray-scott-" + n, backend.id(), "step (loops of " + steps + ")",
                    perStep(loop, step, steps, repeat), grayScottTarget(backend, n));
        }
    }

    /**
     * One warm-up loop (compiles, records), then {@code repeat} timed loops; each timing is the
     * loop's wall-clock time per step (on a device the loop waits for the GPU at its end).
     */
    private static long[] perStep(TimeLoop loop, Runnable step, int steps, int repeat) {
        loop.run(steps, step);
        long[] nanos = new long[repeat];
        for (int i = 0; i < repeat; i++) {
            long t = System.nanoTime();
            loop.run(steps, step);
            nanos[i] = (System.nanoTime() - t) / steps;
        }
        return nanos;
    }

    /** The project's targets on the H200, with what a Python user gets there. */
    private static String waveTarget(Backend backend, int n) {
        if (backend == Backend.JVM) {
            return n == 1000 ? "jvm <= 2 ms on 2 cores (the seed's NumPy: 12-15 ms)" : "";
        }
        return switch (n) {
            case 16384 -> "cuda <= 1.56 ms (CuPy RawKernel 1.56, torch.compile 1.75)";
            case 4096 -> "cuda <= 0.100 ms (CuPy 0.100, torch.compile 0.114)";
            case 1000 -> "cuda <= 0.005 ms (CuPy 0.0113 launching each step)";
            default -> "";
        };
    }

    private static String grayScottTarget(Backend backend, int n) {
        if (backend == Backend.JVM) {
            return "";
        }
        return switch (n) {
            case 4096 -> "cuda <= 0.140 ms (CuPy fused 0.146)";
            case 1000 -> "cuda <= 0.005 ms (CuPy 0.0101)";
            default -> "";
        };
    }
}
