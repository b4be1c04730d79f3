package dev.gridforge;

import java.util.Objects;

/**
 * A 1-dimensional double field as a {@link Stencil} kernel sees it: positioned at one point,
 * read around it with {@code u.at(-1)} (one offset per axis: 0). Reads outside the
 * grid follow its {@link Boundary}.
 *
 * <p>In a kernel, only {@link #at} may be called, with compile-time constant offsets. Called
 * directly, the method reads the grid it is given, at the point set by {@link #moveTo}: that is
 * how the generated code is checked against the method. Point (i0) is element
 * {@code i0} of the data (axis 0 fastest, as in gridforge's fields).
 */
public final class Grid1 {
    private final double[] data;
    private final int n0;
    private final Boundary boundary;
    private final double constant;
    private int i0;

    private Grid1(double[] data, int n0, Boundary boundary, double constant) {
        this.data = data;
        this.n0 = n0;
        this.boundary = boundary;
        this.constant = constant;
    }

    /** A view of {@code data} (not copied) with the given extents, positioned at the origin. */
    public static Grid1 of(double[] data, int n0, Boundary boundary) {
        return of(data, n0, boundary, 0);
    }

    /** The same, with the value reads outside return under {@link Boundary#CONSTANT}. */
    public static Grid1 of(double[] data, int n0, Boundary boundary, double constant) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(boundary, "boundary");
        if (n0 < 1) {
            throw new IllegalArgumentException("extent of axis 0 must be at least 1, got " + n0);
        }
        if ((long) n0 != data.length) {
            throw new IllegalArgumentException("data has " + data.length + " elements, not " + n0);
        }
        return new Grid1(data, n0, boundary, boundary == Boundary.CONSTANT ? constant : 0);
    }

    /** Positions the view at point (i0); returns it, for {@code K.wave(u.moveTo(i, j), ...)}. */
    public Grid1 moveTo(int i0) {
        this.i0 = i0;
        return this;
    }

    /** The value at the point plus the offsets, by the boundary rule where that is outside the grid. */
    public double at(int d0) {
        int j0 = boundary.index(i0 + d0, n0);
        if (j0 < 0) {
            return constant;
        }
        return data[j0];
    }

    /** The grid's extent along {@code axis} (1 past its rank). Not callable in a kernel body: use {@code @Extent}. */
    public int extent(int axis) {
        return axis == 0 ? n0 : 1;
    }
}
