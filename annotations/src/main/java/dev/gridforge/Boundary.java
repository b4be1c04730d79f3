package dev.gridforge;

/**
 * What a stencil's read outside its grid returns, per axis. For a grid of {@code n} points along
 * an axis and a read at index {@code i} outside {@code [0, n)}:
 * <ul>
 *   <li>{@link #CLAMP}: the nearest edge point, {@code min(max(i, 0), n - 1)} (NumPy's {@code np.pad(mode='edge')});</li>
 *   <li>{@link #ZERO}: zero;</li>
 *   <li>{@link #CONSTANT}: a given value ({@code @Stencil(constant = ...)} or {@code @Pad(constant = ...)});</li>
 *   <li>{@link #PERIODIC}: the grid repeats, {@code floorMod(i, n)} (NumPy's {@code mode='wrap'});</li>
 *   <li>{@link #REFLECT}: mirrored about the edge point, which is not repeated: index -1 reads 1 and
 *       n reads n - 2 (NumPy's {@code mode='reflect'}; SciPy calls this 'mirror').</li>
 * </ul>
 * Reads further out than one grid length follow the same rule (PERIODIC and REFLECT repeat).
 * The static methods are the rule itself: the JVM backend and {@link Grid2} use them, and the
 * CUDA code computes the same indices.
 */
public enum Boundary {
    CLAMP, ZERO, CONSTANT, PERIODIC, REFLECT;

    /**
     * The index inside {@code [0, n)} a read at {@code i} takes under this rule, or -1 when it
     * reads the constant (ZERO or CONSTANT, and {@code i} outside).
     */
    public int index(int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        return switch (this) {
            case CLAMP -> clamp(i, n);
            case PERIODIC -> wrap(i, n);
            case REFLECT -> reflect(i, n);
            case ZERO, CONSTANT -> -1;
        };
    }

    /** The nearest index inside {@code [0, n)}. */
    public static int clamp(int i, int n) {
        return i < 0 ? 0 : i >= n ? n - 1 : i;
    }

    /** {@code floorMod(i, n)}. */
    public static int wrap(int i, int n) {
        int m = i % n;
        return m < 0 ? m + n : m;
    }

    /** The mirror image of {@code i} about the edge points, repeated with period {@code 2n - 2}. */
    public static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * n - 2;
        int m = i % period;
        if (m < 0) {
            m += period;
        }
        return m < n ? m : period - m;
    }

    /** Whether {@code i} is inside {@code [0, n)}. */
    public static boolean inside(int i, int n) {
        return i >= 0 && i < n;
    }
}
