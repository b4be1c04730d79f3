package dev.gridforge.testsupport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Boxes of a field's points, for tests that split a domain into tiles: the tiles of a split, a
 * tile grown by a halo and clipped to the domain, a box's elements copied out of a field's array
 * (axis 0 fastest, as gridforge stores them) and copied back into one. Rank 1 to 4.
 */
public final class Boxes {
    private Boxes() {
    }

    /**
     * A box of points: {@code lo[a]} is its first index on axis {@code a}, {@code size[a]} its
     * number of points there.
     */
    public record Box(int[] lo, int[] size) {
        public Box {
            if (lo.length != size.length) {
                throw new IllegalArgumentException("lo " + Arrays.toString(lo) + " and size " + Arrays.toString(size));
            }
            lo = lo.clone();
            size = size.clone();
        }

        public int rank() {
            return lo.length;
        }

        public int points() {
            int n = 1;
            for (int s : size) {
                n *= s;
            }
            return n;
        }

        /** This box grown by {@code halo[a]} on both sides of each axis, clipped to a domain of {@code extents}. */
        public Box grown(int[] halo, int[] extents) {
            int[] l = new int[rank()];
            int[] s = new int[rank()];
            for (int a = 0; a < rank(); a++) {
                l[a] = Math.max(0, lo[a] - halo[a]);
                s[a] = Math.min(extents[a], lo[a] + size[a] + halo[a]) - l[a];
            }
            return new Box(l, s);
        }

        /** Where this box starts inside {@code outer}, which holds it. */
        public int[] within(Box outer) {
            int[] at = new int[rank()];
            for (int a = 0; a < rank(); a++) {
                at[a] = lo[a] - outer.lo[a];
            }
            return at;
        }

        @Override
        public String toString() {
            return "Box[lo " + Arrays.toString(lo) + ", size " + Arrays.toString(size) + "]";
        }
    }

    /**
     * The tiles of a domain of {@code extents} split into {@code counts[a]} pieces along each axis,
     * piece {@code b} of axis {@code a} covering {@code [n * b / t, n * (b + 1) / t)}: uneven where
     * the counts do not divide the extents.
     */
    public static List<Box> tiles(int[] extents, int[] counts) {
        List<Box> tiles = new ArrayList<>();
        int rank = extents.length;
        int[] b = new int[rank];
        while (true) {
            int[] lo = new int[rank];
            int[] size = new int[rank];
            for (int a = 0; a < rank; a++) {
                lo[a] = (int) ((long) extents[a] * b[a] / counts[a]);
                size[a] = (int) ((long) extents[a] * (b[a] + 1) / counts[a]) - lo[a];
            }
            tiles.add(new Box(lo, size));
            int a = 0;
            while (a < rank && ++b[a] == counts[a]) {
                b[a++] = 0;
            }
            if (a == rank) {
                return tiles;
            }
        }
    }

    /** The elements of {@code box} of a field of {@code extents}, in the box's own order (axis 0 fastest). */
    public static double[] copy(double[] data, int[] extents, Box box) {
        double[] out = new double[box.points()];
        int[] start = new int[box.rank()];
        move(data, extents, box.lo(), out, box.size(), start, box.size());
        return out;
    }

    /**
     * Copies the points {@code region} of a box's elements ({@code boxData}, the box {@code from}
     * of the domain) into {@code target}, a field of {@code extents}, at the same global points.
     */
    public static void paste(double[] target, int[] extents, Box region, double[] boxData, Box from) {
        move(boxData, from.size(), region.within(from), target, extents, region.lo(), region.size());
    }

    /** Copies {@code size} points from {@code src} (of {@code srcExtents}, at {@code srcLo}) to {@code dst} at {@code dstLo}. */
    private static void move(double[] src, int[] srcExtents, int[] srcLo, double[] dst, int[] dstExtents, int[] dstLo, int[] size) {
        int rank = size.length;
        int[] i = new int[rank];
        for (int s : size) {
            if (s == 0) {
                return;
            }
        }
        while (true) {
            dst[linear(dstExtents, dstLo, i)] = src[linear(srcExtents, srcLo, i)];
            int a = 0;
            while (a < rank && ++i[a] == size[a]) {
                i[a++] = 0;
            }
            if (a == rank) {
                return;
            }
        }
    }

    private static int linear(int[] extents, int[] lo, int[] i) {
        int at = 0;
        for (int a = extents.length - 1; a >= 0; a--) {
            at = at * extents[a] + lo[a] + i[a];
        }
        return at;
    }
}
