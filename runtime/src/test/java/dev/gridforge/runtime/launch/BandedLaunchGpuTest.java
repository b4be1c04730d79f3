package dev.gridforge.runtime.launch;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.PinnedBuffer;
import dev.gridforge.runtime.Shape;
import java.nio.DoubleBuffer;
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
}
