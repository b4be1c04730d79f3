package dev.gridforge.samples;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.PinnedBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Times a kernel launch: one first call (end to end into a {@code double[]}), then {@code repeat}
 * runs split into compute (launch until {@link Gridforge#synchronize()} returns) and the copy
 * of the result into a {@code double[]} and into a {@link PinnedBuffer}, then {@code repeat}
 * runs end to end (launch, compute and copy, as a user's call sees them) into each.
 */
record KernelTimings(long firstCallNanos, long medianComputeNanos, long medianCopyNanos, long medianPinnedCopyNanos,
                     long medianEndToEndArrayNanos, long medianEndToEndPinnedNanos, boolean pinned, double[] result) {

    static KernelTimings measure(Supplier<DoubleField> launch, Backend backend, int repeat) {
        long start = System.nanoTime();
        double[] result;
        try (DoubleField first = launch.get()) {
            Gridforge.synchronize();
            result = first.toArray();
        }
        long firstCall = System.nanoTime() - start;

        long[] compute = new long[repeat];
        long[] copy = new long[repeat];
        long[] pinnedCopy = new long[repeat];
        long[] endToEndArray = new long[repeat];
        long[] endToEndPinned = new long[repeat];
        try (PinnedBuffer host = PinnedBuffer.allocate(backend, 8L * result.length)) {
            for (int k = 0; k < repeat; k++) {
                long t0 = System.nanoTime();
                try (DoubleField f = launch.get()) {
                    Gridforge.synchronize();
                    long t1 = System.nanoTime();
                    f.copyTo(result);
                    long t2 = System.nanoTime();
                    f.copyTo(host);
                    long t3 = System.nanoTime();
                    compute[k] = t1 - t0;
                    copy[k] = t2 - t1;
                    pinnedCopy[k] = t3 - t2;
                }
            }
            for (int k = 0; k < repeat; k++) {
                long t0 = System.nanoTime();
                try (DoubleField f = launch.get()) {
                    f.copyTo(result);
                }
                long t1 = System.nanoTime();
                try (DoubleField f = launch.get()) {
                    f.copyTo(host);
                }
                endToEndArray[k] = t1 - t0;
                endToEndPinned[k] = System.nanoTime() - t1;
            }
            return new KernelTimings(firstCall, median(compute), median(copy), median(pinnedCopy),
                    median(endToEndArray), median(endToEndPinned), host.isPinned(), result);
        }
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
