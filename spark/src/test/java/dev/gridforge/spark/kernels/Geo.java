package dev.gridforge.spark.kernels;

import dev.gridforge.Const;
import dev.gridforge.Coord;
import dev.gridforge.Index;
import dev.gridforge.Pointwise;

/** Seed 003's function over a mesh, for the tiled meshes' tests. */
public final class Geo {
    private Geo() {
    }

    @Pointwise
    public static double distance(@Coord(0) double lat1, @Coord(1) double lon1, @Const double lat2, @Const double lon2,
                                  @Const double scale) {
        double a = Math.pow(Math.sin(0.008726645 * (lat2 - lat1)), 2)
                + Math.cos(0.01745329 * lat1) * Math.cos(0.01745329 * lat2) * Math.pow(Math.sin(0.008726645 * (lon2 - lon1)), 2);
        return Math.atan2(a, 1 - a) * scale;
    }

    /** Reads the coordinates and the index: NaN on one column, to count non-finite values. */
    @Pointwise
    public static float marked(@Coord(0) double x, @Coord(1) double y, @Index(0) int i, @Const int nanColumn) {
        return i == nanColumn ? Float.NaN : (float) (x * y + i);
    }
}
