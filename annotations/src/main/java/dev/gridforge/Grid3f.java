package dev.gridforge;

import java.util.Objects;

/**
 * A 3-dimensional float field as a {@link Stencil} kernel sees it: positioned at one point,
 * read around it with {@code u.at(0, 0, -1)} (one offset per axis: 0, 1, 2). Reads outside the
 * grid follow its {@link Boundary}.
 *
 * <p>In a kernel, only {@link #at} may be called, with compile-time constant offsets. Called
 * directly, the method reads the grid it is given, at the point set by {@link #moveTo}: that is
 * how the generated code is checked against the method. Point (i0, i1, i2) is element
 * {@code i0 + n0 * (i1 + n1 * i2)} of the data (axis 0 fastest, as in gridforge's fields).
 */
public final class Grid3f {
    private final float[] data;
    private final int n0;
    private final int n1;
    private final int n2;
    private final Boundary boundary;
    private final float constant;
    private int i0;
    private int i1;
    private int i2;

    private Grid3f(float[] data, int n0, int n1, int n2, Boundary boundary, float constant) {
        this.data = data;
        this.n0 = n0;
        this.n1 = n1;
        this.n2 = n2;
        this.boundary = boundary;
        this.constant = constant;
    }

    /** A view of {@code data} (not copied) with the given extents, positioned at the origin. */
    public static Grid3f of(float[] data, int n0, int n1, int n2, Boundary boundary) {
        return of(data, n0, n1, n2, boundary, 0);
    }

    /** The same, with the value reads outside return under {@link Boundary#CONSTANT}. */
    public static Grid3f of(float[] data, int n0, int n1, int n2, Boundary boundary, float constant) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(boundary, "boundary");
        if (n0 < 1) {
            throw new IllegalArgumentException("extent of axis 0 must be at least 1, got " + n0);
        }
        if (n1 < 1) {
            throw new IllegalArgumentException("extent of axis 1 must be at least 1, got " + n1);
        }
        if (n2 < 1) {
            throw new IllegalArgumentException("extent of axis 2 must be at least 1, got " + n2);
        }
        if ((long) n0 * n1 * n2 != data.length) {
            throw new IllegalArgumentException("data has " + data.length + " elements, not " + n0 + " x " + n1 + " x " + n2);
        }
        return new Grid3f(data, n0, n1, n2, boundary, boundary == Boundary.CONSTANT ? constant : 0);
    }

    /** Positions the view at point (i0, i1, i2); returns it, for {@code K.wave(u.moveTo(i, j), ...)}. */
    public Grid3f moveTo(int i0, int i1, int i2) {
        this.i0 = i0;
        this.i1 = i1;
        this.i2 = i2;
        return this;
    }

    /** The value at the point plus the offsets, by the boundary rule where that is outside the grid. */
    public float at(int d0, int d1, int d2) {
        int j0 = boundary.index(i0 + d0, n0);
        int j1 = boundary.index(i1 + d1, n1);
        int j2 = boundary.index(i2 + d2, n2);
        if (j0 < 0 || j1 < 0 || j2 < 0) {
            return constant;
        }
        return data[j0 + n0 * (j1 + n1 * j2)];
    }

    /** The grid's extent along {@code axis} (1 past its rank). Not callable in a kernel body: use {@code @Extent}. */
    public int extent(int axis) {
        return axis == 0 ? n0 : axis == 1 ? n1 : axis == 2 ? n2 : 1;
    }
}
