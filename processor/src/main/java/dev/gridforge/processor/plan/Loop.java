package dev.gridforge.processor.plan;

import java.util.List;

/**
 * One loop of a launch's nest: which axes it walks, how, in what width.
 *
 * @param axes      the kernel's axes it walks: one, or several together (a rank-4 launch walks axes 2 and 3 on grid z;
 *                  the host splits the rows, axes 1 and up, over its cores)
 * @param kind      how the points of those axes are spread over threads or cores
 * @param dimension for a device loop, the grid dimension it runs on (0 x, 1 y, 2 z); -1 on the host
 * @param width     the width of its index arithmetic
 * @param banded    whether it runs over {@code [lo, hi)} of the outermost axis, the band a launch computes
 */
public record Loop(List<Integer> axes, Kind kind, int dimension, IndexWidth width, boolean banded) {

    public Loop {
        axes = List.copyOf(axes);
        if (axes.isEmpty() || axes.size() > 3) {
            throw new IllegalArgumentException("a loop walks one to three axes: " + axes);
        }
        if ((dimension >= 0) != kind.onDevice()) {
            throw new IllegalArgumentException(kind + " loop on grid dimension " + dimension);
        }
    }

    /** How a loop's points are spread. */
    public enum Kind {
        /** One point per thread: the index is the thread's position in the grid, and a thread past the end does nothing. */
        DEVICE_THREAD,
        /** Each thread walks the axis in steps of the grid's size along the dimension (a grid that may not cover it). */
        DEVICE_GRID_STRIDE,
        /** Split into pieces run on the host's cores. */
        HOST_PARALLEL,
        /** One point after another, in one thread. */
        SERIAL;

        boolean onDevice() {
            return this == DEVICE_THREAD || this == DEVICE_GRID_STRIDE;
        }
    }

    /** The width of a loop's index arithmetic. */
    public enum IndexWidth {
        /** {@code int}: every index of a field fits (a field has fewer than 2^31 elements; it fits a Java array). */
        INT32
    }

    /** The axis walked, for a loop of one axis. */
    public int axis() {
        if (axes.size() != 1) {
            throw new IllegalStateException("a loop over axes " + axes);
        }
        return axes.get(0);
    }

    String describe() {
        String where = axes.size() == 1 ? "axis " + axes.get(0)
                : "axes " + String.join(", ", axes.stream().map(String::valueOf).toList()) + " together";
        String how = switch (kind) {
            case DEVICE_THREAD -> "on grid " + "xyz".charAt(dimension) + ", one point per thread";
            case DEVICE_GRID_STRIDE -> "on grid " + "xyz".charAt(dimension) + ", grid-stride";
            case HOST_PARALLEL -> "split over the cores";
            case SERIAL -> "one after another";
        };
        return where + " " + how + " (" + (width == IndexWidth.INT32 ? "32-bit" : width) + ")" + (banded ? ", banded [lo, hi)" : "");
    }
}
