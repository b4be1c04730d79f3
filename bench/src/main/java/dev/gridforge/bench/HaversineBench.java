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
 * the kernel. Measures: the kernel alone (launch until synchronized), the same into an output
 * field made once and reused ({@code distanceInto}), end to end into a {@code double[]} and into a
 * {@link PinnedBuffer} (launch, compute, copy: what a caller waits for), and on a device the GPU's
 * own time by events. The project's targets, for the H200, at n = 16, 1000 and 4000.
 */
final class HaversineBench {
    private HaversineBench() {
    }

    static List<Figure> run(Backend backend, int n, int warmup, int repeat) {
        Mesh mesh = Mesh.linspace(29, 31, n, 99, 101, n);
        String workload = "haversine-" + n;
        String b = backend.id();
        double[] array = new double[n * n];
        long[] compute = new long[repeat];
        long[] toArray = new long[repeat];
        long[] toPinned = new long[repeat];
        long[] onDevice = new long[repeat];
        long[] reused = new long[repeat];
        try (PinnedBuffer host = PinnedBuffer.allocate(backend, 8L * n * n); DoubleField out = launch(backend, mesh)) {
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
                long t3 = System.nanoTime();
                HaversineKernels.on(backend).distanceInto(out, mesh, 30.0, 101.0, 1.0);
                Gridforge.synchronize();
                reused[i] = System.nanoTime() - t3;
                DoubleField[] z = new DoubleField[1];
                onDevice[i] = (long) (Gridforge.deviceMillis(backend, () -> z[0] = launch(backend, mesh)) * 1e6);
                z[0].close();
            }
            String pinned = host.isPinned() ? "pinned" : "direct";
            List<Figure> results = new java.util.ArrayList<>(List.of(
                    new Figure(workload, b, "kernel", compute, target(n, "cuda <= 0.010 ms", "cuda <= 0.06 ms", "")),
                    new Figure(workload, b, "kernel, reused output", reused, target(n, "cuda <= 0.008 ms", "", "")),
                    new Figure(workload, b, "end to end into double[]", toArray,
                            target(n, "cuda <= 0.020 ms", "cuda <= 0.35 ms (numba: 0.92 ms)", "cuda <= 3.0 ms")),
                    new Figure(workload, b, "end to end into " + pinned, toPinned,
                            target(n, "", "cuda <= 0.20 ms", "cuda <= 2.5 ms (the copy alone: 2.4 ms)"))));
            boolean atTarget = n == 1000;
            if (backend.isDevice()) {
                // The GPU's own time for allocating, launching and computing, without the host's.
                results.add(new Figure(workload, b, backend == Backend.CUDA ? "kernel (CUDA events)" : "kernel (device)",
                        onDevice, atTarget && backend == Backend.CUDA ? "the kernel itself took 0.041 ms (Nsight)" : ""));
            }
            return results;
        }
    }

    /** The target at n = 16, 1000 or 4000; none at other sizes. */
    private static String target(int n, String at16, String at1000, String at4000) {
        return switch (n) {
            case 16 -> at16;
            case 1000 -> at1000;
            case 4000 -> at4000;
            default -> "";
        };
    }

    private static DoubleField launch(Backend backend, Mesh mesh) {
        return HaversineKernels.on(backend).distance(mesh, 30.0, 101.0, 1.0);
    }
}
