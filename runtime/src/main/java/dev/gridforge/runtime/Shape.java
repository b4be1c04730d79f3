package dev.gridforge.runtime;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The extents of a launch or field: rank 1 to 4, axis 0 first (axis 0 is x, the fastest
 * varying). Point {@code (i0, i1, i2)} lives at linear index {@code i0 + n0 * (i1 + n1 * i2)},
 * which is a NumPy array of shape {@code (n2, n1, n0)} in C order; a rank-4 shape
 * {@code (n0, n1, n2, n3)} is the NumPy shape {@code (n3, n2, n1, n0)}. An extent may be 0 (an
 * empty field, as NumPy allows). Immutable.
 */
public final class Shape {

    /** The most axes a shape has. */
    public static final int MAX_RANK = 4;

    /** Results must fit in one Java array; VMs refuse arrays a few elements short of {@code Integer.MAX_VALUE}. */
    public static final int MAX_SIZE = Integer.MAX_VALUE - 8;

    private final int[] extents;
    private final int size;

    private Shape(int[] extents, int size) {
        this.extents = extents;
        this.size = size;
    }

    /**
     * A shape with the given extents, axis 0 first.
     *
     * @throws IllegalArgumentException for a rank outside 1..4, a negative extent, or more than {@link #MAX_SIZE} points
     */
    public static Shape of(int... extents) {
        Objects.requireNonNull(extents, "extents");
        if (extents.length < 1 || extents.length > MAX_RANK) {
            throw new IllegalArgumentException("A shape has 1 to " + MAX_RANK + " axes, got " + extents.length
                    + " " + Arrays.toString(extents));
        }
        long size = 1;
        for (int axis = 0; axis < extents.length; axis++) {
            if (extents[axis] < 0) {
                throw new IllegalArgumentException("Extent of axis " + axis + " must not be negative, got "
                        + extents[axis] + " in " + Arrays.toString(extents));
            }
        }
        for (int n : extents) {
            // stops growing past MAX_SIZE, so four large extents cannot overflow a long; a 0 still empties it
            size = Math.min(size * n, (long) MAX_SIZE + 1);
        }
        if (size > MAX_SIZE) {
            throw new IllegalArgumentException("Shape " + Arrays.toString(extents) + " has more than " + MAX_SIZE
                    + " points, the most that fit in a Java array");
        }
        return new Shape(extents.clone(), (int) size);
    }

    /** Number of axes, 1 to 4. */
    public int rank() {
        return extents.length;
    }

    /** The extent of {@code axis}; 1 for axes past the rank (so {@code extent(2)} of a 2-D shape is 1). */
    public int extent(int axis) {
        if (axis < 0) {
            throw new IllegalArgumentException("axis must be non-negative, got " + axis);
        }
        return axis < extents.length ? extents[axis] : 1;
    }

    /** The extents, axis 0 first (a copy). */
    public int[] extents() {
        return extents.clone();
    }

    /** Number of points (0 when an extent is 0). */
    public int size() {
        return size;
    }

    /**
     * The linear index of a point, checking every coordinate.
     *
     * @throws IllegalArgumentException when the number of indices is not the rank
     * @throws IndexOutOfBoundsException naming the axis that is out of range
     */
    public int linearIndex(int... index) {
        Objects.requireNonNull(index, "index");
        if (index.length != extents.length) {
            throw new IllegalArgumentException("Expected " + extents.length + " indices for shape " + this
                    + ", got " + index.length);
        }
        int linear = 0;
        for (int axis = extents.length - 1; axis >= 0; axis--) {
            if (index[axis] < 0 || index[axis] >= extents[axis]) {
                throw new IndexOutOfBoundsException("Index " + index[axis] + " out of bounds for axis " + axis
                        + " of extent " + extents[axis] + " (shape " + this + ")");
            }
            linear = linear * extents[axis] + index[axis];
        }
        return linear;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape && Arrays.equals(extents, ((Shape) o).extents);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(extents);
    }

    /** The extents axis 0 first, e.g. {@code 1000 x 500}. */
    @Override
    public String toString() {
        return Arrays.stream(extents).mapToObj(Integer::toString).collect(Collectors.joining(" x "));
    }
}
