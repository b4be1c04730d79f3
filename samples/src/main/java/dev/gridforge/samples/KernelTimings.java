package dev.gridforge.samples;

import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Gridforge;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Times a kernel launch: one first call (end to end into a {@code double[]}), then {@code repeat}
 * runs split into compute (launch until {@link Gridforge#synchronize()} returns) and the copy
 * of the result into a {@code double[]}.
 */
record KernelTimings(long firstCallNanos, long medianComputeNanos, long medianCopyNanos, double[] result) {

    static KernelTimings measure(Supplier<DoubleField> launch, int repeat) {
        long start = System.nanoTime();
        double[] result;
        try (DoubleField first = launch.get()) {
            Gridforge.synchronize();
            result = first.toArray();
        }
        long firstCall = System.nanoTime() - start;

        long[] compute = new long[repeat];
        long[] copy = new long[repeat];
        for (int k = 0; k < repeat; k++) {
            long t0 = System.nanoTime();
            try (DoubleField f = launch.get()) {
                Gridforge.synchronize();
                long t1 = System.nanoTime();
                f.copyTo(result);
                long t2 = System.nanoTime();
                compute[k] = t1 - t0;
                copy[k] = t2 - t1;
            }
        }
        return new KernelTimings(firstCall, median(compute), median(copy), result);
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Milliseconds with three decimals ({@code 0.218 ms}), or seconds from 10 s on. */
    static String format(long nanos) {
        return nanos >= 10_000_000_000L
                ? String.format(Locale.ROOT, "%.2f s", nanos / 1e9)
                : String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }
}
