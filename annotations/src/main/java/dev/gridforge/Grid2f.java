package dev.gridforge;

import java.util.Objects;

/**
 * A 2-dimensional float field as a {@link Stencil} kernel sees it: positioned at one point,
 * read around it with {@code u.at(1, 0)} (one offset per axis: 0, 1). Reads outside the
 * grid follow its {@link Boundary}.
 *
 * <p>In a kernel, only {@link #at} may be called, with compile-time constant offsets. Called
 * directly, the method reads the grid it is given, at the point set by {@link #moveTo}: that is
 * how the generated code is checked against the method. Point (i0, i1) is element
 * {@code i0 + n0 * i1} of the data (axis 0 fastest, as in gridforge's fields).
 */
public final class Grid2f {
    private final float[] data;
    private final int n0;
    private final int n1;
    private final Boundary boundary;
    private final float constant;
    private int i0;
    private int i1;

    private Grid2f(float[] data, int n0, int n1, Boundary boundary, float constant) {
        this.data = data;
        this.n0 = n0;
        this.n1 = n1;
        this.boundary = boundary;
        this.constant = constant;
    }

    /** A view of {@code data} (not copied) with the given extents, positioned at the origin. */
    public static Grid2f of(float[] data, int n0, int n1, Boundary boundary) {
        return of(data, n0, n1, boundary, 0);
    }

    /** The same, with the value reads outside return under {@link Boundary#CONSTANT}. */
    public static Grid2f of(float[] data, int n0, int n1, Boundary boundary, float constant) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(boundary, "boundary");
        if (n0 < 1) {
            throw new IllegalArgumentException("extent of axis 0 must be at least 1, got " + n0);
        }
        if (n1 < 1) {
            throw new IllegalArgumentException("extent of axis 1 must be at least 1, got " + n1);
        }
        if ((long) n0 * n1 != data.length) {
            throw new IllegalArgumentException("data has " + data.length + " elements, not " + n0 + " x " + n1);
        }
        return new Grid2f(data, n0, n1, boundary, boundary == Boundary.CONSTANT ? constant : 0);
    }

    /** Positions the view at point (i0, i1); returns it, for {@code K.wave(u.moveTo(i, j), ...)}. */
    public Grid2f moveTo(int i0, int i1) {
        this.i0 = i0;
        this.i1 = i1;
        return this;
    }

    /** The value at the point plus the offsets, by the boundary rule where that is outside the grid. */
    public float at(int d0, int d1) {
        int j0 = boundary.index(i0 + d0, n0);
        int j1 = boundary.index(i1 + d1, n1);
        if (j0 < 0 || j1 < 0) {
            return constant;
        }
        return data[j0 + n0 * j1];
    }

    /** The grid's extent along {@code axis} (1 past its rank). Not callable in a kernel body: use {@code @Extent}. */
    public int extent(int axis) {
        return axis == 0 ? n0 : axis == 1 ? n1 : 1;
    }
}
