package dev.gridforge.bench;

import java.util.Arrays;
import java.util.Locale;

/** One of the bench's figures that are not one kernel (haversine end to end, NVRTC, the sum): timings in nanoseconds, by median and spread. */
record Figure(String workload, String backend, String measure, long[] nanos, String target) {

    long percentile(int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int at = (int) Math.min(sorted.length - 1, Math.round(p / 100.0 * (sorted.length - 1)));
        return sorted[at];
    }

    long median() {
        return percentile(50);
    }

    String row() {
        return String.format(Locale.ROOT, "%-21s %-10s %-28s %10s %10s %10s   %s", workload, backend, measure,
                ms(median()), ms(percentile(10)), ms(percentile(90)), target);
    }

    static String header() {
        return String.format(Locale.ROOT, "%-21s %-10s %-28s %10s %10s %10s   %s", "workload", "backend", "measure",
                "median ms", "p10 ms", "p90 ms", "target (H200)");
    }

    String json() {
        return String.format(Locale.ROOT, "{\"workload\":\"%s\",\"backend\":\"%s\",\"measure\":\"%s\",\"median_ms\":%s,"
                + "\"p10_ms\":%s,\"p90_ms\":%s,\"runs\":%d}", workload, backend, measure, ms(median()), ms(percentile(10)),
                ms(percentile(90)), nanos.length);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.4f", nanos / 1e6);
    }
}
