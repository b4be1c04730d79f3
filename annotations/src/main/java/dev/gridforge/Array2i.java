package dev.gridforge;

import java.util.Objects;

/**
 * A read-only 2-dimensional int array as a kernel sees it: {@code get(i0, i1)} reads
 * one element anywhere in it, {@code extent(axis)} gives its size along an axis (0, 1). Axis 0
 * is the fastest, as in gridforge's fields: element (i0, i1) is {@code data[i0 + n0 * i1]},
 * so a NumPy array of shape (n1, n0) is read as {@code mask.get(w, h)} with its indices reversed.
 *
 * <p>The launcher takes a field for it (of this rank; axes past it must have extent 1). In a
 * kernel only {@code get} and {@code extent} (with a constant axis) may be called. Called
 * directly, the method reads the array it is given: {@code Array2i.of(data, n0, n1)}.
 * A read outside the extents throws {@link IndexOutOfBoundsException} naming the axis, as the
 * generated JVM code does; on CUDA such a read returns 0 and the launch reports it (docs/arrays.md).
 */
public final class Array2i {
    private final int[] data;
    private final int n0;
    private final int n1;
    /** What a read outside names it by; null when the user made the view. */
    private final String name;

    private Array2i(int[] data, int n0, int n1, String name) {
        this.data = data;
        this.n0 = n0;
        this.n1 = n1;
        this.name = name;
    }

    /** A view of {@code data} (not copied) with the given extents, axis 0 first. */
    public static Array2i of(int[] data, int n0, int n1) {
        Objects.requireNonNull(data, "data");
        ArrayChecks.extent(0, n0);
        ArrayChecks.extent(1, n1);
        if ((long) n0 * n1 != data.length) {
            throw new IllegalArgumentException("data has " + data.length + " elements, not " + n0 + " x " + n1);
        }
        return new Array2i(data, n0, n1, null);
    }

    /** The element at (i0, i1), axis 0 first. */
    public int get(int i0, int i1) {
        ArrayChecks.index(name, 0, i0, n0);
        ArrayChecks.index(name, 1, i1, n1);
        return data[i0 + n0 * i1];
    }

    /** This view, named in the message of a read outside it ({@code array 'x'}): the generated JVM code names its views. */
    public Array2i named(String name) {
        return new Array2i(data, n0, n1, Objects.requireNonNull(name, "name"));
    }

    /** The extent along {@code axis}: 0, 1, and 1 past the rank. */
    public int extent(int axis) {
        if (axis < 0) {
            throw new IllegalArgumentException("axis must not be negative, got " + axis);
        }
        return axis == 0 ? n0 : axis == 1 ? n1 : 1;
    }
}
