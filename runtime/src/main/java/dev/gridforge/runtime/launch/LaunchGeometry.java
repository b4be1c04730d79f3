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

    /** rank 1: 256 threads along x; rank 2: 32 x 8, a warp along the contiguous axis; rank 3: 32 x 4 x 2. */
    static int[] block(int rank) {
        switch (rank) {
            case 1: return new int[] {256, 1, 1};
            case 2: return new int[] {32, 8, 1};
            case 3: return new int[] {32, 4, 2};
            default: throw new IllegalArgumentException("rank must be 1..3, got " + rank);
        }
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
