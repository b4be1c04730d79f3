package dev.gridforge.samples;

import dev.gridforge.runtime.Mesh;
import java.util.Random;

/**
 * Compares a haversine result with calling {@link Haversine#distance} directly at the corners,
 * the centre and a few fixed pseudo-random points.
 */
record OracleCheck(int points, double largestRelativeDifference) {

    private static final int RANDOM_POINTS = 16;

    static OracleCheck of(Mesh mesh, double[] z) {
        int nx = mesh.shape().extent(0);
        int ny = mesh.shape().extent(1);
        Random random = new Random(3);
        int[][] at = new int[5 + RANDOM_POINTS][];
        at[0] = new int[] {0, 0};
        at[1] = new int[] {nx - 1, 0};
        at[2] = new int[] {0, ny - 1};
        at[3] = new int[] {nx - 1, ny - 1};
        at[4] = new int[] {nx / 2, ny / 2};
        for (int k = 5; k < at.length; k++) {
            at[k] = new int[] {random.nextInt(nx), random.nextInt(ny)};
        }
        double worst = 0;
        for (int[] p : at) {
            double expected = Haversine.distance(mesh.coord(0, p[0]), mesh.coord(1, p[1]),
                    HaversineCommand.REF_LAT, HaversineCommand.REF_LON, HaversineCommand.SCALE);
            worst = Math.max(worst, relativeDifference(z[p[0] + nx * p[1]], expected));
        }
        return new OracleCheck(at.length, worst);
    }

    /** {@code 0 (bit for bit)} or the difference in scientific notation. */
    String describeDifference() {
        return largestRelativeDifference == 0 ? "0 (bit for bit)" : String.format(java.util.Locale.ROOT, "%.3g", largestRelativeDifference);
    }

    /** |a - b| over the larger magnitude; 0 when equal (including both zero), NaN-aware. */
    static double relativeDifference(double a, double b) {
        if (Double.compare(a, b) == 0 || a == b) {
            return 0;
        }
        double scale = Math.max(Math.abs(a), Math.abs(b));
        return Double.isFinite(scale) && scale > 0 ? Math.abs(a - b) / scale : Double.POSITIVE_INFINITY;
    }
}
