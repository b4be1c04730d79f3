package dev.gridforge.samples;

import dev.gridforge.Bench;
import dev.gridforge.Const;
import dev.gridforge.Coord;
import dev.gridforge.Pointwise;

/**
 * Seed 003: a haversine-style distance over a latitude/longitude mesh. The mesh coordinates are
 * computed inside the kernel from the point's index and the reference point is a kernel constant,
 * so nothing but the result crosses to or from the GPU. The processor generates
 * {@code HaversineKernels.distance(Mesh, lat2, lon2, scale)}.
 */
public final class Haversine {

    private Haversine() {
    }

    /** {@code atan2(a, 1 - a) * scale} with {@code a} the haversine of the angle between the two points. */
    @Bench(sizes = "1000x1000", constants = {"lat2=30.0", "lon2=101.0", "scale=1.0"})
    @Pointwise
    public static double distance(@Coord(0) double lat1, @Coord(1) double lon1,
                                  @Const double lat2, @Const double lon2, @Const double scale) {
        double a = Math.pow(Math.sin(0.008726645 * (lat2 - lat1)), 2)
                 + Math.cos(0.01745329 * lat1) * Math.cos(0.01745329 * lat2)
                   * Math.pow(Math.sin(0.008726645 * (lon2 - lon1)), 2);
        return Math.atan2(a, 1 - a) * scale;
    }
}
