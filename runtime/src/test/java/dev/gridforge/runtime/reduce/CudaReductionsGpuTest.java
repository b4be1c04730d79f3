package dev.gridforge.runtime.reduce;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.Shape;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On the GPU, the reductions' checks of {@link ReductionChecks} on CUDA, and one sum over 10^8
 * doubles against a sequential loop (timed and printed; the bench measures it properly).
 */
@Tag("gpu")
class CudaReductionsGpuTest extends DeviceReductionChecks {

    @Override
    Backend onBackend() {
        return Backend.CUDA;
    }

    @Test
    void aHundredMillionDoubles() {
        int n = 100_000_000;
        double[] a = new SplittableRandom(19).doubles(n, -1, 1).toArray();
        double seq = 0;
        double abs = 0;
        for (double v : a) {
            seq += v;
            abs += Math.abs(v);
        }
        try (DoubleField f = DoubleField.onDevice(upload(Backend.CUDA, a, n, ElementType.DOUBLE), Shape.of(n), Backend.CUDA)) {
            double first = f.sum();
            long t = System.nanoTime();
            double again = f.sum();
            long nanos = System.nanoTime() - t;
            if (first != again || !(Math.abs(first - seq) <= bound(n, abs))) {
                throw new AssertionError("sum " + first + ", again " + again + ", sequential " + seq);
            }
            System.out.printf(Locale.ROOT, "[gpu] sum of 10^8 doubles on the device: %.3f ms (%.0f GB/s), off a sequential loop by %.3g%n",
                    nanos / 1e6, 8.0 * n / nanos, Math.abs(first - seq));
        }
    }
}
