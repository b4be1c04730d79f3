package dev.gridforge.runtime;

import java.util.Arrays;
import java.util.Objects;

/**
 * A regular grid of coordinates, one NumPy {@code linspace} per axis: axis {@code a} has
 * {@code n} points from {@code start} to {@code stop} inclusive. Coordinates are never stored;
 * kernels compute them from the index with exactly the expression of {@link #coord}, so the
 * JVM and the GPU agree bit for bit. Immutable.
 *
 * <p>A {@linkplain #tile tile} of a mesh is a mesh over a box of its points: its shape is the
 * box's, and its coordinates are exactly the parent's at the same global points, so a launch over
 * each tile of a mesh gives the numbers of one launch over the whole mesh ({@link Window}).
 */
public final class Mesh {

    private final double[] start;
    private final double[] stop;
    private final double[] step;
    /** The whole mesh's points per axis: the {@code n} of the linspace rule. */
    private final int[] globalN;
    /** The global index of this mesh's first point, per axis (0 unless a tile). */
    private final int[] offsets;
    private final int[] extents;
    /** Null when the mesh has more points than one launch takes (only its tiles can be launched). */
    private final Shape shape;
    private final Window window;

    private Mesh(double[] start, double[] stop, int[] n) {
        this.start = start;
        this.stop = stop;
        this.step = new double[n.length];
        for (int axis = 0; axis < n.length; axis++) {
            checkAxis(axis, start[axis], stop[axis], n[axis]);
            step[axis] = n[axis] > 1 ? (stop[axis] - start[axis]) / (n[axis] - 1) : 0.0;
        }
        this.globalN = n.clone();
        this.offsets = new int[n.length];
        this.extents = n.clone();
        this.shape = fitsOneLaunch(n) ? Shape.of(n) : null;
        this.window = Window.of(new int[n.length], n);
    }

    /** A tile of {@code parent}'s whole mesh: the same axes, fewer points. */
    private Mesh(Mesh parent, int[] offsets, int[] extents) {
        this.start = parent.start;
        this.stop = parent.stop;
        this.step = parent.step;
        this.globalN = parent.globalN;
        this.offsets = offsets;
        this.extents = extents;
        this.shape = Shape.of(extents);
        this.window = Window.of(offsets, globalN);
    }

    private static void checkAxis(int axis, double start, double stop, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Mesh axis " + axis + " needs at least 1 point, got n = " + n);
        }
        if (!Double.isFinite(start) || !Double.isFinite(stop)) {
            throw new IllegalArgumentException("Mesh axis " + axis + " needs finite start and stop, got start = "
                    + start + ", stop = " + stop);
        }
        if (!Double.isFinite(stop - start)) {
            throw new IllegalArgumentException("Mesh axis " + axis + ": stop - start overflows a double (start = "
                    + start + ", stop = " + stop + ")");
        }
    }

    /** {@code n} points from {@code start} to {@code stop} inclusive. */
    public static Mesh linspace(double start, double stop, int n) {
        return new Mesh(new double[] {start}, new double[] {stop}, new int[] {n});
    }

    /** A 2-axis mesh; axis 0 (x) varies fastest. */
    public static Mesh linspace(double start0, double stop0, int n0, double start1, double stop1, int n1) {
        return new Mesh(new double[] {start0, start1}, new double[] {stop0, stop1}, new int[] {n0, n1});
    }

    /** A 3-axis mesh; axis 0 (x) varies fastest. */
    public static Mesh linspace(double start0, double stop0, int n0, double start1, double stop1, int n1,
                                double start2, double stop2, int n2) {
        return new Mesh(new double[] {start0, start1, start2}, new double[] {stop0, stop1, stop2},
                new int[] {n0, n1, n2});
    }

    /**
     * The tile of this mesh that starts at point {@code offsets} and has {@code extents} points per
     * axis: a mesh of shape {@code extents} whose {@code coord(axis, i)} is exactly this mesh's
     * {@code coord(axis, offsets[axis] + i)}, bit for bit (the last point of the whole mesh is its
     * {@code stop}). {@link #start}, {@link #stop} and {@link #step} stay the whole mesh's, and
     * {@link #window()} says where the tile lies in it. A tile of a tile is a tile of the whole mesh.
     *
     * @throws IllegalArgumentException when the arrays have not one entry per axis, or the tile does
     *                                  not lie inside this mesh (naming the axis); a tile has at least 1 point per axis
     */
    public Mesh tile(int[] offsets, int[] extents) {
        Objects.requireNonNull(offsets, "offsets");
        Objects.requireNonNull(extents, "extents");
        int rank = rank();
        if (offsets.length != rank || extents.length != rank) {
            throw new IllegalArgumentException("a tile of a rank-" + rank + " mesh takes " + rank + " offsets and " + rank
                    + " extents, got " + Arrays.toString(offsets) + " and " + Arrays.toString(extents));
        }
        int[] global = new int[rank];
        for (int axis = 0; axis < rank; axis++) {
            int n = this.extents[axis];
            if (extents[axis] < 1 || offsets[axis] < 0 || (long) offsets[axis] + extents[axis] > n) {
                throw new IllegalArgumentException("Mesh tile axis " + axis + ": points [" + offsets[axis] + ", "
                        + ((long) offsets[axis] + extents[axis]) + ") are not a box of at least 1 point inside this mesh's "
                        + n + " points on that axis (offsets " + Arrays.toString(offsets) + ", extents " + Arrays.toString(extents)
                        + ", " + this + ")");
            }
            global[axis] = this.offsets[axis] + offsets[axis];
        }
        return new Mesh(this, global, extents.clone());
    }

    public int rank() {
        return extents.length;
    }

    /**
     * This mesh's own shape (a tile's is its extents).
     *
     * @throws IllegalStateException for a mesh of more points than one launch takes ({@link Shape#MAX_SIZE}):
     *                               launch its tiles ({@link #tile}, or gridforge-spark's {@code MeshTiles})
     */
    public Shape shape() {
        if (shape == null) {
            long points = 1;
            for (int e : extents) {
                points *= e;
            }
            throw new IllegalStateException(this + " has " + points + " points, more than one launch takes (" + Shape.MAX_SIZE
                    + "): launch it in tiles, mesh.tile(offsets, extents), or split it with gridforge-spark's MeshTiles");
        }
        return shape;
    }

    /** This mesh's points on {@code axis} (also for a mesh too large for one launch). */
    public int extent(int axis) {
        return extents[checkedAxis(axis)];
    }

    private static boolean fitsOneLaunch(int[] n) {
        long points = 1;
        for (int e : n) {
            points *= e;
        }
        return points <= Shape.MAX_SIZE;
    }

    /** Where this mesh lies in the whole mesh: {@link Window#identity} of its shape, unless it is a {@linkplain #tile tile}. */
    public Window window() {
        return window;
    }

    /** Whether this mesh is a {@linkplain #tile tile} of a larger one. */
    public boolean isTile() {
        for (int a = 0; a < extents.length; a++) {
            if (offsets[a] != 0 || extents[a] != globalN[a]) {
                return true;
            }
        }
        return false;
    }

    /** The whole mesh's first coordinate on {@code axis} (a tile's too). */
    public double start(int axis) {
        return start[checkedAxis(axis)];
    }

    /** The whole mesh's last coordinate on {@code axis} (a tile's too). */
    public double stop(int axis) {
        return stop[checkedAxis(axis)];
    }

    /** {@code (stop - start) / (n - 1)}, or 0.0 for a single point; n is the whole mesh's. */
    public double step(int axis) {
        return step[checkedAxis(axis)];
    }

    /**
     * The coordinate of point {@code i} on {@code axis}: {@code stop} for the last of several
     * points, else {@code start + i * step} (NumPy's linspace, and the kernels' expression). For a
     * tile, the whole mesh's coordinate of global point {@code window().offset(axis) + i}.
     */
    public double coord(int axis, int i) {
        int a = checkedAxis(axis);
        int local = extents[a];
        if (i < 0 || i >= local) {
            throw new IndexOutOfBoundsException("Index " + i + " out of bounds for mesh axis " + a + " of " + local + " points");
        }
        int g = offsets[a] + i;
        int n = globalN[a];
        return (n > 1 && g == n - 1) ? stop[a] : start[a] + g * step[a];
    }

    /** All coordinates of {@code axis}, a fresh array. */
    public double[] coords(int axis) {
        double[] c = new double[extents[checkedAxis(axis)]];
        for (int i = 0; i < c.length; i++) {
            c[i] = coord(axis, i);
        }
        return c;
    }

    private int checkedAxis(int axis) {
        if (axis < 0 || axis >= start.length) {
            throw new IllegalArgumentException("Mesh of rank " + start.length + " has no axis " + axis);
        }
        return axis;
    }

    /** {@code Mesh[0.0..1.0 (100), 0.0..2.0 (50)]}; a tile: {@code Mesh tile 10 x 20 at (30, 0) of Mesh[...]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Mesh[");
        for (int a = 0; a < start.length; a++) {
            sb.append(a == 0 ? "" : ", ").append(start[a]).append("..").append(stop[a]).append(" (").append(globalN[a]).append(')');
        }
        sb.append(']');
        if (!isTile()) {
            return sb.toString();
        }
        StringBuilder at = new StringBuilder();
        for (int a = 0; a < offsets.length; a++) {
            at.append(a == 0 ? "" : ", ").append(offsets[a]);
        }
        return "Mesh tile " + Shape.of(extents) + " at (" + at + ") of " + sb;
    }
}
