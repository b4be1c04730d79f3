package dev.gridforge.spark;

import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.FloatField;
import java.io.Serializable;

/**
 * A reduction of a kernel's result over tiles: the number of points, their sum, minimum and
 * maximum ({@code Math.min}/{@code Math.max}: any NaN gives NaN) and how many are not finite.
 *
 * @param firstTile the lowest tile number taking part (summaries combine in tile order)
 */
public record TileSummary(int firstTile, long points, double sum, double min, double max, long nonFinite)
        implements Serializable {

    /** The summary of one tile's result, reduced where the field lives. */
    static TileSummary of(int tile, Field f) {
        long n = f.shape().size();
        if (f instanceof DoubleField d) {
            return new TileSummary(tile, n, d.sum(), n == 0 ? Double.POSITIVE_INFINITY : d.min(),
                    n == 0 ? Double.NEGATIVE_INFINITY : d.max(), d.countNonFinite());
        }
        if (f instanceof FloatField x) {
            return new TileSummary(tile, n, x.sum(), n == 0 ? Double.POSITIVE_INFINITY : x.min(),
                    n == 0 ? Double.NEGATIVE_INFINITY : x.max(), x.countNonFinite());
        }
        throw new IllegalArgumentException("[MeshTiles] tiles reduce double and float results; the kernel returned "
                + f.elementType() + " values");
    }

    /** This summary followed by {@code later}'s tiles. */
    TileSummary and(TileSummary later) {
        return new TileSummary(Math.min(firstTile, later.firstTile), points + later.points, sum + later.sum,
                Math.min(min, later.min), Math.max(max, later.max), nonFinite + later.nonFinite);
    }

    /** The mean of the points, {@code sum / points}. */
    public double mean() {
        return sum / points;
    }
}
