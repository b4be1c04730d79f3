package dev.gridforge.samples;

import java.util.Locale;

/** What a 2-D result looks like at a glance: NumPy shape, min, max, mean and two corners. */
record ResultSummary(int ny, int nx, double min, double max, double mean, double first, double last) {

    /** {@code z} holds {@code Z[y][x]} at {@code x + nx * y} (axis 0 fastest). */
    static ResultSummary of(double[] z, int nx, int ny) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (double v : z) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        return new ResultSummary(ny, nx, min, max, sum / z.length, z[0], z[z.length - 1]);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "Z: shape (%d, %d) float64, min %.9g, max %.9g, mean %.9g%n   Z[0][0] = %.17g, Z[%d][%d] = %.17g",
                ny, nx, min, max, mean, first, ny - 1, nx - 1, last);
    }
}
