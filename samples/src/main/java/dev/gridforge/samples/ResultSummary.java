package dev.gridforge.samples;

import java.util.Locale;

/** What a 2-D result looks like at a glance: NumPy shape, min, max, mean, the non-finite count and two corners. */
record ResultSummary(String name, int ny, int nx, double min, double max, double mean, long nonFinite, double first,
                     double last) {

    /** {@code z} holds {@code Z[y][x]} at {@code x + nx * y} (axis 0 fastest); min, max and mean over its finite values. */
    static ResultSummary of(String name, double[] z, int nx, int ny) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        long bad = 0;
        for (double v : z) {
            if (!Double.isFinite(v)) {
                bad++;
                continue;
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        return new ResultSummary(name, ny, nx, min, max, sum / Math.max(1, z.length - bad), bad, z[0], z[z.length - 1]);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "%s: shape (%d, %d) float64, min %.9g, max %.9g, mean %.9g%s%n   %s[0][0] = %.17g, %s[%d][%d] = %.17g",
                name, ny, nx, min, max, mean, nonFinite == 0 ? "" : ", " + nonFinite + " not finite", name, first, name,
                ny - 1, nx - 1, last);
    }
}
