package dev.gridforge.runtime.launch;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.PinnedBuffer;
import dev.gridforge.runtime.Shape;
import dev.gridforge.runtime.spi.Accelerator;
import java.nio.DoubleBuffer;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On the GPU, a launch writing 32 MiB or more runs in bands, and a download copies each band as
 * soon as it is done: into a pinned buffer, then into a double[] (staged), the results are exactly
 * the formula's, for two launches in turn. Prints the times.
 */
@Tag("gpu")
class BandedLaunchGpuTest {

    @Test
    void bandedResultsArriveWholeInArraysAndPinnedBuffers() {
        int n = 6_000_011; // 48 MB of doubles: eight bands
        double[] in = new SplittableRandom(17).doubles(n, -1e3, 1e3).toArray();
        KernelInfo k = TestKernels.kernel("affine1", 1);
        try (DoubleField input = DoubleField.of(in, n);
             PinnedBuffer host = PinnedBuffer.allocate(Backend.CUDA, 8L * n)) {
            for (double a : new double[] {-3.25, 0.5}) {
                long t0 = System.nanoTime();
                try (DoubleField out = Launch.overShape(k, Backend.CUDA, Shape.of(n)).device().arg(input).arg(a).runDouble()) {
                    out.copyTo(host);
                    long t1 = System.nanoTime();
                    double[] got = out.toArray();
                    long t2 = System.nanoTime();
                    DoubleBuffer pinned = host.doubles();
                    for (int i = 0; i < n; i++) {
                        double expected = in[i] * 2.0 + i + a;
                        if (got[i] != expected || pinned.get(i) != expected) {
                            throw new AssertionError("element " + i + " with a = " + a + ": double[] " + got[i] + ", pinned "
                                    + pinned.get(i) + ", expected " + expected);
                        }
                    }
                    System.out.printf(Locale.ROOT, "[gpu] banded launch of %d MB: launch + copy into pinned %.3f ms, then into a double[] %.3f ms%n",
                            8L * n >> 20, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
                }
            }
        }
    }

    /** A field written again after its banded launch (here by an upload) is read as written then, not by the old bands. */
    @Test
    void aLaterWriteVoidsTheBands() {
        int n = 5_000_003;
        double[] in = new SplittableRandom(5).doubles(n).toArray();
        double[] later = new SplittableRandom(6).doubles(n).toArray();
        Accelerator gpu = Gridforge.accelerator(Backend.CUDA);
        try (DoubleField out = Launch.overShape(TestKernels.kernel("affine1", 1), Backend.CUDA, Shape.of(n)).device()
                .arg(DoubleField.of(in, n)).arg(1.0).runDouble()) {
            gpu.upload(later, out.deviceBuffer().orElseThrow());
            double[] got = out.toArray();
            for (int i = 0; i < n; i++) {
                if (got[i] != later[i]) {
                    throw new AssertionError("element " + i + ": " + got[i] + ", written " + later[i]);
                }
            }
        }
    }

    /** Four threads, each a banded launch and both downloads, at once: each gets its own results. */
    @Test
    void fourThreadsDownloadTheirOwnBands() throws Exception {
        int n = 4_500_007;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                double a = t + 0.5;
                done.add(pool.submit(() -> {
                    double[] in = new SplittableRandom((long) a).doubles(n, -1, 1).toArray();
                    try (DoubleField input = DoubleField.of(in, n);
                         PinnedBuffer host = PinnedBuffer.allocate(Backend.CUDA, 8L * n);
                         DoubleField out = Launch.overShape(TestKernels.kernel("affine1", 1), Backend.CUDA, Shape.of(n)).device()
                                 .arg(input).arg(a).runDouble()) {
                        double[] got = out.toArray();
                        out.copyTo(host);
                        for (int i = 0; i < n; i++) {
                            double expected = in[i] * 2.0 + i + a;
                            if (got[i] != expected || host.doubles().get(i) != expected) {
                                throw new AssertionError("a = " + a + ", element " + i + ": " + got[i] + " / "
                                        + host.doubles().get(i) + ", expected " + expected);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
