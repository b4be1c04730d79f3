package dev.gridforge.benchmarks;

import java.util.Locale;

/**
 * One line of the report: a measurement placed against its backend's limits. The roofline: a
 * kernel of arithmetic intensity I (FLOPs per byte at the bandwidth bound) can reach at most
 * min(peak FLOP/s, I x copy bandwidth); it is memory-bound where the second is lower, and its
 * fraction of the bound is what it reaches of that.
 *
 * @param copyBytesPerSecond the backend's copy bandwidth, measured on the same bytes
 * @param peakFlopsPerSecond the backend's double-precision arithmetic rate, measured in the same run
 */
public record Row(Measurement m, KernelCost.Cost cost, double copyBytesPerSecond, double peakFlopsPerSecond) {

    public double seconds() {
        return m.median() / 1e3;
    }

    public double pointsPerSecond() {
        return m.benchCase().points() / seconds();
    }

    public double bytesPerSecond() {
        return cost.memoryBytes() / seconds();
    }

    public double flopsPerSecond() {
        return cost.flops() / seconds();
    }

    public double copyFraction() {
        return bytesPerSecond() / copyBytesPerSecond;
    }

    public boolean memoryBound() {
        return cost.intensity() * copyBytesPerSecond < peakFlopsPerSecond;
    }

    public double roof() {
        return Math.min(peakFlopsPerSecond, cost.intensity() * copyBytesPerSecond);
    }

    /** What the kernel reaches of its bound: its bytes of the copy bandwidth, or its FLOPs of the arithmetic rate. */
    public double boundFraction() {
        return memoryBound() ? copyFraction() : flopsPerSecond() / peakFlopsPerSecond;
    }

    public String bound() {
        return memoryBound() ? "memory" : "arithmetic";
    }

    public String json() {
        BenchCase c = m.benchCase();
        return String.format(Locale.ROOT, "{\"kernel\":\"%s\",\"size\":\"%s\",\"mode\":\"%s\",\"backend\":\"%s\",\"timed_by\":\"%s\","
                + "\"repeats\":%d,\"median_ms\":%.6g,\"p10_ms\":%.6g,\"p90_ms\":%.6g,\"wall_median_ms\":%.6g,\"compile_ms\":%.6g,"
                + "\"points\":%d,\"points_per_s\":%.6g,\"memory_bytes\":%.6g,\"cache_bytes\":%.6g,\"flops\":%.6g,\"transcendentals\":%.6g,"
                + "\"cost_exact\":%b,\"bytes_per_s\":%.6g,\"copy_bytes_per_s\":%.6g,\"copy_fraction\":%.4f,\"flops_per_s\":%.6g,"
                + "\"peak_flops_per_s\":%.6g,\"intensity\":%.6g,\"bound\":\"%s\",\"bound_fraction\":%.4f,\"input_sets\":%d,"
                + "\"non_finite_results\":%d}",
                c.kernel(), c.size(), c.mode(), m.backend(), m.timedBy(), m.repeats(), m.median(), m.p10(), m.p90(), m.wallMedian(),
                m.compileMillis(), c.points(), pointsPerSecond(), cost.memoryBytes(), cost.cacheBytes(), cost.flops(),
                cost.transcendentals(), cost.exact(), bytesPerSecond(), copyBytesPerSecond, copyFraction(), flopsPerSecond(),
                peakFlopsPerSecond, finite(cost.intensity()), bound(), boundFraction(), m.copies(), m.nonFinite());
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 1e300;
    }
}
