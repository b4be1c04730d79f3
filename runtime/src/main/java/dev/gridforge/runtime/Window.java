package dev.gridforge.runtime;

import java.util.Arrays;
import java.util.Objects;

/**
 * Where a launch's points lie in a larger domain: a launch over a tile of the domain runs on the
 * tile's own (smaller) fields, and its kernels' {@code @Index(a)}, {@code @Extent(a)} and
 * {@code @Coord(a)} read the global index, the global extent and the global coordinate, so that
 * the tiles together give exactly the numbers of one launch over the whole domain. The global
 * index of local point {@code i} on axis {@code a} is {@code offset(a) + i}; {@link #global()} is
 * the whole domain's shape.
 *
 * <p>An offset may be negative, and a tile may reach past the global extent (a tile extended
 * across a periodic edge does); a launch of a kernel that reads an axis through {@code @Index},
 * {@code @Extent} or {@code @Coord} is refused where the window does not {@link #contains} the
 * launch there, since those values would be wrong (not supported yet).
 *
 * <p>A launch gets its window from a tile mesh ({@link Mesh#tile}), or from the time loop whose step
 * it runs in ({@link TimeLoop#window}); else it is {@link #identity} for the launch's shape.
 * Immutable.
 */
public final class Window {

    private final int[] offsets;
    private final int[] global;
    private final boolean[] periodic;

    private Window(int[] offsets, int[] global, boolean[] periodic) {
        this.offsets = offsets;
        this.global = global;
        this.periodic = periodic;
    }

    /**
     * The window whose local point {@code i} on axis {@code a} is global point {@code offsets[a] + i}
     * of a domain of shape {@code global}.
     *
     * @throws IllegalArgumentException when {@code offsets} has not one entry per axis of {@code global}
     */
    public static Window of(int[] offsets, Shape global) {
        Objects.requireNonNull(global, "global");
        return of(offsets, global.extents());
    }

    /**
     * A window in a domain of extents {@code global} (axis 0 first), which may hold more points
     * than one launch or field can (a mesh of 10^11 points split into tiles): only the tiles are
     * launched.
     */
    public static Window of(int[] offsets, int[] global) {
        Objects.requireNonNull(offsets, "offsets");
        Objects.requireNonNull(global, "global");
        if (offsets.length != global.length || global.length < 1 || global.length > Shape.MAX_RANK) {
            throw new IllegalArgumentException("a window has one offset per axis of its global extents " + Arrays.toString(global)
                    + " (rank 1 to " + Shape.MAX_RANK + "), got " + offsets.length + " " + Arrays.toString(offsets));
        }
        for (int e : global) {
            if (e < 0) {
                throw new IllegalArgumentException("a window's global extents are not negative, got " + Arrays.toString(global));
            }
        }
        return new Window(offsets.clone(), global.clone(), new boolean[global.length]);
    }

    /** The window of a launch over the whole of {@code shape}: every offset 0, the global shape {@code shape}. */
    public static Window identity(Shape shape) {
        Objects.requireNonNull(shape, "shape");
        return new Window(new int[shape.rank()], shape.extents(), new boolean[shape.rank()]);
    }

    /**
     * The same window in a domain that wraps round {@code axes} (its far side is its near side's
     * neighbour there, as a tiling that extends its tiles round the edge treats it). A kernel's
     * boundary rules must agree: a launch over a tile that is not the whole of an axis is refused
     * when the kernel wraps round the axis (Boundary.PERIODIC) and the domain does not, or the
     * domain does and the kernel stops at its edges (another rule), since either gives other
     * values than one launch over the whole domain.
     */
    public Window periodic(int... axes) {
        Objects.requireNonNull(axes, "axes");
        boolean[] p = periodic.clone();
        for (int a : axes) {
            offset(a); // checks the axis
            p[a] = true;
        }
        return new Window(offsets, global, p);
    }

    /** Whether the domain wraps round {@code axis} ({@link #periodic}). */
    public boolean isPeriodic(int axis) {
        offset(axis); // checks the axis
        return periodic[axis];
    }

    /** The same window in a domain that wraps round no axis: where it lies, without how its domain's edges behave. */
    public Window placement() {
        return new Window(offsets, global, new boolean[global.length]);
    }

    public int rank() {
        return offsets.length;
    }

    /** The global index of local index 0 on {@code axis}. */
    public int offset(int axis) {
        if (axis < 0 || axis >= offsets.length) {
            throw new IllegalArgumentException("a window of rank " + offsets.length + " has no axis " + axis);
        }
        return offsets[axis];
    }

    /** The offsets, axis 0 first (a copy). */
    public int[] offsets() {
        return offsets.clone();
    }

    /** The whole domain's shape. */
    public Shape global() {
        return Shape.of(global);
    }

    /** The whole domain's extent on {@code axis} (also where the domain is too large for one {@link Shape}). */
    public int globalExtent(int axis) {
        offset(axis); // checks the axis
        return global[axis];
    }

    /** Whether a launch of shape {@code local} in this window is the whole domain: every offset 0 and {@code local} the global shape. */
    public boolean isIdentityFor(Shape local) {
        Objects.requireNonNull(local, "local");
        if (!Arrays.equals(local.extents(), global)) {
            return false;
        }
        for (int o : offsets) {
            if (o != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether every point of a launch of shape {@code local} lies inside the global domain: on every
     * axis {@code offset(a) >= 0} and {@code offset(a) + local.extent(a) <= global().extent(a)}.
     *
     * @throws IllegalArgumentException when {@code local}'s rank is not the window's
     */
    public boolean contains(Shape local) {
        checkRank(local);
        for (int axis = 0; axis < offsets.length; axis++) {
            if (!contains(local, axis)) {
                return false;
            }
        }
        return true;
    }

    /** {@link #contains(Shape)} on one axis: {@code offset(axis) >= 0} and {@code offset(axis) + local.extent(axis) <= global().extent(axis)}. */
    public boolean contains(Shape local, int axis) {
        checkRank(local);
        int o = offset(axis);
        return o >= 0 && (long) o + local.extent(axis) <= global[axis];
    }

    private void checkRank(Shape local) {
        Objects.requireNonNull(local, "local");
        if (local.rank() != offsets.length) {
            throw new IllegalArgumentException("a window of rank " + offsets.length + " (" + this + ") holds shapes of that rank, not "
                    + local + " (rank " + local.rank() + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Window w && Arrays.equals(offsets, w.offsets) && Arrays.equals(global, w.global)
                && Arrays.equals(periodic, w.periodic);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(offsets) + Arrays.hashCode(global)) + Arrays.hashCode(periodic);
    }

    /** {@code Window[offsets (10, -2) in 100 x 50]}, {@code Window[offsets (-4, 0) in 100 x 50, periodic along 0]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Window[offsets (");
        for (int a = 0; a < offsets.length; a++) {
            sb.append(a == 0 ? "" : ", ").append(offsets[a]);
        }
        sb.append(") in ");
        for (int a = 0; a < global.length; a++) {
            sb.append(a == 0 ? "" : " x ").append(global[a]);
        }
        String along = "";
        for (int a = 0; a < periodic.length; a++) {
            if (periodic[a]) {
                along += (along.isEmpty() ? "" : ", ") + a;
            }
        }
        return sb.append(along.isEmpty() ? "" : ", periodic along " + along).append(']').toString();
    }
}
