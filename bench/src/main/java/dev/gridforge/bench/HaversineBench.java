package dev.gridforge.bench;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.Mesh;
import dev.gridforge.runtime.PinnedBuffer;
import dev.gridforge.samples.HaversineKernels;
import java.util.List;

/**
 * Seed 003: the haversine-style distance over an n x n latitude/longitude mesh, the mesh made in
 * the kernel. Three measures: the kernel alone (launch until synchronized), and end to end into
 * a {@code double[]} and into a {@link PinnedBuffer} (launch, compute, copy: what a caller waits for).
 */
final class HaversineBench {
    private HaversineBench() {
    }

    static List<Measurement> run(Backend backend, int n, int warmup, int repeat) {
        Mesh mesh = Mesh.linspace(29, 31, n, 99, 101, n);
        String workload = "haversine-" + n;
        String b = backend.id();
        double[] array = new double[n * n];
        long[] compute = new long[repeat];
        long[] toArray = new long[repeat];
        long[] toPinned = new long[repeat];
        long[] onDevice = new long[repeat];
        try (PinnedBuffer host = PinnedBuffer.allocate(backend, 8L * n * n)) {
            for (int i = 0; i < warmup; i++) {
                try (DoubleField z = launch(backend, mesh)) {
                    z.copyTo(array);
                    z.copyTo(host);
                }
            }
            for (int i = 0; i < repeat; i++) {
                long t0 = System.nanoTime();
                try (DoubleField z = launch(backend, mesh)) {
                    Gridforge.synchronize();
                    compute[i] = System.nanoTime() - t0;
                }
                long t1 = System.nanoTime();
                try (DoubleField z = launch(backend, mesh)) {
                    z.copyTo(array);
                }
                long t2 = System.nanoTime();
                try (DoubleField z = launch(backend, mesh)) {
                    z.copyTo(host);
                }
                toArray[i] = t2 - t1;
                toPinned[i] = System.nanoTime() - t2;
                DoubleField[] z = new DoubleField[1];
                onDevice[i] = (long) (Gridforge.deviceMillis(backend, () -> z[0] = launch(backend, mesh)) * 1e6);
                z[0].close();
            }
            String pinned = host.isPinned() ? "pinned" : "direct";
            boolean atTarget = n == 1000;
            List<Measurement> results = new java.util.ArrayList<>(List.of(
                    new Measurement(workload, b, "kernel", compute, ""),
                    new Measurement(workload, b, "end to end into double[]", toArray,
                            atTarget ? "cuda <= 0.35 ms (numba: 0.92 ms)" : ""),
                    new Measurement(workload, b, "end to end into " + pinned, toPinned, atTarget ? "cuda <= 0.20 ms" : "")));
            if (backend.isDevice()) {
                // The GPU's own time for allocating, launching and computing, without the host's.
                results.add(new Measurement(workload, b, backend == Backend.CUDA ? "kernel (CUDA events)" : "kernel (device)",
                        onDevice, atTarget && backend == Backend.CUDA ? "the kernel itself took 0.041 ms (Nsight)" : ""));
            }
            return results;
        }
    }

    private static DoubleField launch(Backend backend, Mesh mesh) {
        return HaversineKernels.on(backend).distance(mesh, 30.0, 101.0, 1.0);
    }
}
