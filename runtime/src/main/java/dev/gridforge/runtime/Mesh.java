package dev.gridforge.runtime;

/**
 * A regular grid of coordinates, one NumPy {@code linspace} per axis: axis {@code a} has
 * {@code n} points from {@code start} to {@code stop} inclusive. Coordinates are never stored;
 * kernels compute them from the index with exactly the expression of {@link #coord}, so the
 * JVM and the GPU agree bit for bit. Immutable.
 */
public final class Mesh {

    private final double[] start;
    private final double[] stop;
    private final double[] step;
    private final Shape shape;

    private Mesh(double[] start, double[] stop, int[] n) {
        this.start = start;
        this.stop = stop;
        this.step = new double[n.length];
        for (int axis = 0; axis < n.length; axis++) {
            checkAxis(axis, start[axis], stop[axis], n[axis]);
            step[axis] = n[axis] > 1 ? (stop[axis] - start[axis]) / (n[axis] - 1) : 0.0;
        }
        this.shape = Shape.of(n);
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

    public int rank() {
        return shape.rank();
    }

    public Shape shape() {
        return shape;
    }

    public double start(int axis) {
        return start[checkedAxis(axis)];
    }

    public double stop(int axis) {
        return stop[checkedAxis(axis)];
    }

    /** {@code (stop - start) / (n - 1)}, or 0.0 for a single point. */
    public double step(int axis) {
        return step[checkedAxis(axis)];
    }

    /**
     * The coordinate of point {@code i} on {@code axis}: {@code stop} for the last of several
     * points, else {@code start + i * step} (NumPy's linspace, and the kernels' expression).
     */
    public double coord(int axis, int i) {
        int a = checkedAxis(axis);
        int n = shape.extent(a);
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("Index " + i + " out of bounds for mesh axis " + a + " of " + n + " points");
        }
        return (n > 1 && i == n - 1) ? stop[a] : start[a] + i * step[a];
    }

    /** All coordinates of {@code axis}, a fresh array. */
    public double[] coords(int axis) {
        double[] c = new double[shape.extent(checkedAxis(axis))];
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

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Mesh[");
        for (int a = 0; a < start.length; a++) {
            sb.append(a == 0 ? "" : ", ").append(start[a]).append("..").append(stop[a]).append(" (").append(shape.extent(a)).append(')');
        }
        return sb.append(']').toString();
    }
}
