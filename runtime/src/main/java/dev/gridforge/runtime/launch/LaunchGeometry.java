package dev.gridforge.runtime.launch;

/**
 * Block and grid sizes by rank. A generated kernel computes one point per thread along axis 0
 * (grid x) and along its outermost axis (grid y for rank 2, z for ranks 3 and 4, over the band
 * {@code [lo, hi)} a launch is given), so the grid must cover those: {@link #maxBandRows} says how
 * many rows of the outermost axis one launch may take before grid y or z passes its limit, and
 * {@link DeviceLaunch} cuts a launch into that many bands at least. Axis 1 of ranks 3 and 4 is
 * walked with a grid stride, so a capped grid y covers it too.
 */
final class LaunchGeometry {

    static final int MAX_GRID_X = Integer.MAX_VALUE;
    static final int MAX_GRID_YZ = 65535;

    private LaunchGeometry() {
    }

    /** Threads per block: enough to hide latency, few enough to leave room for several blocks per SM. */
    static final int THREADS = 256;

    /**
     * rank 1: 256 threads along x; rank 2: 32 x 8, a warp along the contiguous axis; rank 3:
     * 32 x 4 x 2. An axis shorter than its share gets only the power of two that covers it and
     * x takes the rest (a 1000 x 1 launch gets 256 x 1, not 32 x 8 with 7 idle rows of threads).
     */
    static int[] block(int rank, int n0, int n1, int n2) {
        if (rank < 1 || rank > 3) {
            throw new IllegalArgumentException("rank must be 1..3, got " + rank);
        }
        int bz = rank == 3 ? coveringPowerOfTwo(Math.min(n2, 2)) : 1;
        int by = rank >= 2 ? coveringPowerOfTwo(Math.min(n1, 8 / bz)) : 1;
        return new int[] {THREADS / (by * bz), by, bz};
    }

    /** The smallest power of two not below {@code n} (1 for n <= 1); n is at most 8 here. */
    private static int coveringPowerOfTwo(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }

    /**
     * The most rows of the outermost axis one launch can cover: unlimited along x (rank 1),
     * 65535 blocks of the block's rows along y or z, and for rank 4, whose z walks axes 2 and 3
     * together, that divided by {@code n2}.
     *
     * @throws IllegalArgumentException when not even one row of axis 3 fits (axis 2 longer than grid z can cover)
     */
    static int maxBandRows(int rank, int[] block, int n2, String kernel, dev.gridforge.runtime.Shape shape) {
        return switch (rank) {
            case 1 -> Integer.MAX_VALUE;
            case 2 -> (int) Math.min(Integer.MAX_VALUE, (long) MAX_GRID_YZ * block[1]);
            case 3 -> (int) Math.min(Integer.MAX_VALUE, (long) MAX_GRID_YZ * block[2]);
            default -> {
                long rows = (long) MAX_GRID_YZ * block[2] / Math.max(1, n2);
                if (rows < 1) {
                    throw new IllegalArgumentException(kernel + ": a launch of shape " + shape + " has axis 2 longer than one"
                            + " launch can cover (" + (long) MAX_GRID_YZ * block[2] + " points) together with axis 3; give the"
                            + " field fewer points along axis 2 (reshape, or split the launch)");
                }
                yield (int) Math.min(Integer.MAX_VALUE, rows);
            }
        };
    }

    static int[] grid(int[] block, int n0, int n1, int n2) {
        return new int[] {
            blocks(n0, block[0], MAX_GRID_X),
            blocks(n1, block[1], MAX_GRID_YZ),
            blocks(n2, block[2], MAX_GRID_YZ),
        };
    }

    private static int blocks(int n, int perBlock, int cap) {
        long needed = ((long) n + perBlock - 1) / perBlock;
        return (int) Math.max(1, Math.min(needed, cap));
    }
}
