package dev.gridforge.runtime.launch;

/**
 * Block and grid sizes by rank. Generated kernels loop over each axis with a grid stride, so a
 * grid capped at the hardware limits still covers every point.
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
