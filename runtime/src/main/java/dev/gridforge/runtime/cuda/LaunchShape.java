package dev.gridforge.runtime.cuda;

import java.util.Arrays;

/** Checks the grid and block of a launch before the driver sees them, with a message that names the bad value. */
final class LaunchShape {

    /** CUDA's limits on every current GPU: threads per block, block y and z, grid y and z. */
    static final int MAX_THREADS_PER_BLOCK = 1024;
    static final int MAX_BLOCK_Y = 1024;
    static final int MAX_BLOCK_Z = 64;
    static final int MAX_GRID_YZ = 65535;

    private LaunchShape() {
    }

    static void check(int[] grid, int[] block) {
        if (grid == null || grid.length != 3 || block == null || block.length != 3) {
            throw new IllegalArgumentException("grid and block need 3 extents each (x, y, z); got grid "
                    + text(grid) + " and block " + text(block));
        }
        for (int i = 0; i < 3; i++) {
            if (grid[i] < 1 || block[i] < 1) {
                throw new IllegalArgumentException("grid " + text(grid) + " and block " + text(block)
                        + " must be at least 1 along every axis");
            }
        }
        long threads = (long) block[0] * block[1] * block[2];
        if (threads > MAX_THREADS_PER_BLOCK || block[1] > MAX_BLOCK_Y || block[2] > MAX_BLOCK_Z) {
            throw new IllegalArgumentException("block " + text(block) + " has " + threads
                    + " threads; CUDA allows at most " + MAX_THREADS_PER_BLOCK + " (and z at most " + MAX_BLOCK_Z + ")");
        }
        if (grid[1] > MAX_GRID_YZ || grid[2] > MAX_GRID_YZ) {
            throw new IllegalArgumentException("grid " + text(grid) + " exceeds CUDA's " + MAX_GRID_YZ
                    + " blocks along y or z");
        }
    }

    static String text(int[] extents) {
        return extents == null ? "null" : Arrays.toString(extents);
    }
}
