package dev.gridforge.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * What running one case on one backend measured: the time per call on the device (CUDA events on a
 * GPU; the wall clock on the JVM and the simulator) and as the caller waits, per step, with the
 * compile time apart, and how the JVM side was timed.
 *
 * @param deviceMillis per call (per step of a loop), in measuring order
 * @param wallMillis   per call (per step of a loop) as the caller waits, launch and synchronisation included
 * @param compileMillis the launcher's {@code prepare()}: NVRTC or the compile cache and loading; 0 on the JVM
 * @param copies       input sets rotated through, so a small problem does not sit in the cache
 * @param timedBy      how it was timed ({@code CUDA events}, {@code wall clock}, {@code JMH sample time})
 * @param nonFinite    results NaN or infinite after the last call (a diverging input: the timing may not be the
 *                     kernel's usual one); -1 where not checked (JMH runs the calls in its own JVM)
 */
public record Measurement(BenchCase benchCase, String backend, String describe, double[] deviceMillis, double[] wallMillis,
                          double compileMillis, int copies, String timedBy, long nonFinite) {

    public Measurement {
        deviceMillis = deviceMillis.clone();
        wallMillis = wallMillis.clone();
    }

    public double median() {
        return quantile(deviceMillis, 0.5);
    }

    public double p10() {
        return quantile(deviceMillis, 0.1);
    }

    public double p90() {
        return quantile(deviceMillis, 0.9);
    }

    public double wallMedian() {
        return quantile(wallMillis, 0.5);
    }

    public int repeats() {
        return deviceMillis.length;
    }

    /** The {@code q} quantile by nearest rank (q 0.5 of an even count: the lower middle). */
    static double quantile(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
