package dev.gridforge.bench;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.Shape;
import dev.gridforge.runtime.reduce.DeviceSum;
import dev.gridforge.runtime.spi.Accelerator;
import dev.gridforge.runtime.spi.DeviceBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code DoubleField.sum()} over a device field of n doubles (the project's target: 10^8 at 80% or
 * more of the device's copy bandwidth), next to that bandwidth measured the same way: a
 * device-to-device copy of the same n doubles, counting the bytes read and written. The
 * reduction's kernels are timed by CUDA events apart from what {@code sum()} adds around them (two
 * allocations of its partials, a synchronous 8-byte copy back), through a {@link DeviceSum} made
 * once; the call as a caller waits is its own row. GPU only: on the JVM there is no device
 * bandwidth to compare with.
 */
final class ReduceBench {
    private ReduceBench() {
    }

    static List<Figure> run(Backend backend, int n, int warmup, int repeat) {
        Accelerator acc = Gridforge.accelerator(backend);
        long bytes = 8L * n;
        double[] host = new double[n];
        Arrays.parallelSetAll(host, i -> (i % 1000) * 1e-3 - 0.25);
        DeviceBuffer copy = acc.allocate(bytes);
        try (DoubleField field = DoubleField.onDevice(acc.allocate(bytes), Shape.of(n), backend);
             DeviceSum kernels = DeviceSum.of(field)) {
            acc.upload(host, field.deviceBuffer().orElseThrow());
            host = null; // 800 MB at 10^8: let it go before timing
            DeviceBuffer src = field.deviceBuffer().orElseThrow();
            for (int i = 0; i < warmup; i++) {
                acc.copy(src, copy, bytes);
                kernels.launch();
                field.sum();
            }
            acc.synchronize();
            long[] copyNanos = new long[repeat];
            long[] sumEvents = new long[repeat];
            long[] sumWall = new long[repeat];
            for (int i = 0; i < repeat; i++) {
                copyNanos[i] = Math.round(acc.deviceMillis(() -> acc.copy(src, copy, bytes)) * 1e6);
                sumEvents[i] = Math.round(acc.deviceMillis(kernels::launch) * 1e6);
                long t = System.nanoTime();
                field.sum();
                sumWall[i] = System.nanoTime() - t;
            }
            String workload = "reduce-" + n;
            Figure c = new Figure(workload, backend.id(), "copy d2d (CUDA events)", copyNanos, "");
            double copyGBs = 2.0 * bytes / c.median(); // bytes per ns = GB/s; a copy reads and writes
            if (kernels.value() != field.sum()) {
                throw new IllegalStateException("the reduction's kernels alone gave " + kernels.value() + ", sum() " + field.sum());
            }
            Figure e = new Figure(workload, backend.id(), "sum kernels (CUDA events)", sumEvents, "");
            Figure w = new Figure(workload, backend.id(), "sum (end to end)", sumWall, "");
            List<Figure> out = List.of(
                    new Figure(workload, backend.id(), c.measure(), copyNanos,
                            String.format(Locale.ROOT, "copy bandwidth %.0f GB/s (read + write)", copyGBs)),
                    new Figure(workload, backend.id(), e.measure(), sumEvents, target(bytes, e, copyGBs)),
                    new Figure(workload, backend.id(), w.measure(), sumWall, target(bytes, w, copyGBs)));
            System.out.printf(Locale.ROOT, "  reduce: sum of %d doubles at %.0f GB/s (CUDA events), %.0f%% of the copy bandwidth %.0f GB/s%n",
                    n, bytes / (double) e.median(), 100 * bytes / (double) e.median() / copyGBs, copyGBs);
            return out;
        } finally {
            copy.close();
        }
    }

    private static String target(long bytes, Figure m, double copyGBs) {
        double gbs = bytes / (double) m.median();
        return String.format(Locale.ROOT, "cuda >= 80%% of copy: %.0f GB/s = %.0f%%", gbs, 100 * gbs / copyGBs);
    }
}
