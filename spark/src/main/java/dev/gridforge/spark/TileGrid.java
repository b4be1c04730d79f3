package dev.gridforge.spark;

import dev.gridforge.runtime.Window;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How a domain is split into tiles, and what each tile holds: its core (the points it owns;
 * tiles split each axis as evenly as the extent allows, tile t of c starting at t·n/c rounded
 * down, so that the longer ones come last) and its extended box, the core with a halo of
 * {@code halo[a]} points on each side along each axis {@code a}. On an axis that is not periodic the extended box stops at the domain's edges, so
 * the kernels' boundary rules act there and nowhere else; on a periodic axis split into several
 * tiles it wraps round (its offsets may be negative or run past the extent). A periodic axis in
 * one tile has no halo: the kernels' own wrap is right there. Tiles are numbered axis 0 fastest.
 */
final class TileGrid implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] n;
    private final int[] counts;
    private final boolean[] periodic;
    private final int[] halo;

    TileGrid(int[] n, int[] counts, boolean[] periodic, int[] halo) {
        this.n = n.clone();
        this.counts = counts.clone();
        this.periodic = periodic.clone();
        this.halo = halo.clone();
        for (int a = 0; a < n.length; a++) {
            if (counts[a] < 1 || counts[a] > n[a]) {
                throw new IllegalArgumentException("[TiledLoop] " + counts[a] + " tiles along axis " + a + " of " + n[a]
                        + " points: each tile owns at least one point, so 1 to " + n[a] + " tiles");
            }
            if (!wraps(a)) {
                this.halo[a] = counts[a] == 1 ? 0 : halo[a];
            }
        }
    }

    int rank() {
        return n.length;
    }

    int[] extents() {
        return n.clone();
    }

    int halo(int axis) {
        return halo[axis];
    }

    int tiles() {
        int t = 1;
        for (int c : counts) {
            t *= c;
        }
        return t;
    }

    /**
     * Where {@code box} lies in the domain, as the launches of its tile's steps see it: its
     * offsets, the domain's extents, and the axes the domain wraps round across tiles (the
     * kernels' rules there must be PERIODIC; a launch checks).
     */
    Window window(Box box) {
        int[] wrapping = IntStream.range(0, n.length).filter(this::wraps).toArray();
        return Window.of(box.lo(), n).periodic(wrapping);
    }

    /** Whether axis {@code a}'s tiles wrap round: a periodic axis split into several tiles. */
    boolean wraps(int a) {
        return periodic[a] && counts[a] > 1;
    }

    private int position(int id, int axis) {
        int rest = id;
        for (int a = 0; a < axis; a++) {
            rest /= counts[a];
        }
        return rest % counts[axis];
    }

    private int coreLo(int axis, int t) {
        return (int) ((long) t * n[axis] / counts[axis]);
    }

    /** Tile {@code id}'s core. */
    Box core(int id) {
        int[] lo = new int[n.length];
        int[] e = new int[n.length];
        for (int a = 0; a < n.length; a++) {
            int t = position(id, a);
            lo[a] = coreLo(a, t);
            e[a] = coreLo(a, t + 1) - lo[a];
        }
        return new Box(lo, e);
    }

    /** Tile {@code id}'s extended box: what it computes on. */
    Box extended(int id) {
        Box c = core(id);
        int[] lo = new int[n.length];
        int[] e = new int[n.length];
        for (int a = 0; a < n.length; a++) {
            int from = c.lo[a] - halo[a];
            int to = c.lo[a] + c.extents[a] + halo[a];
            if (!wraps(a)) {
                from = Math.max(0, from);
                to = Math.min(n[a], to);
            }
            lo[a] = from;
            e[a] = to - from;
        }
        return new Box(lo, e);
    }

    /**
     * The pieces of tile {@code source}'s core that tile {@code target}'s extended box holds
     * (none when they do not meet; several when the box wraps round a periodic axis).
     */
    List<Piece> pieces(int source, int target) {
        Box c = core(source);
        Box x = extended(target);
        List<List<int[]>> perAxis = new ArrayList<>();
        for (int a = 0; a < n.length; a++) {
            List<int[]> spans = new ArrayList<>(); // {source offset in the core, target offset in the box, length}
            int cl = c.lo[a];
            int ch = cl + c.extents[a];
            int xl = x.lo[a];
            int xh = xl + x.extents[a];
            int first = wraps(a) ? Math.floorDiv(xl, n[a]) - 1 : 0;
            int last = wraps(a) ? Math.floorDiv(xh, n[a]) + 1 : 0;
            for (int m = first; m <= last; m++) {
                long shift = (long) m * n[a];
                long lo = Math.max(xl, cl + shift);
                long hi = Math.min(xh, ch + shift);
                if (lo < hi) {
                    spans.add(new int[] {(int) (lo - shift - cl), (int) (lo - xl), (int) (hi - lo)});
                }
            }
            if (spans.isEmpty()) {
                return List.of();
            }
            perAxis.add(spans);
        }
        List<Piece> pieces = new ArrayList<>();
        int[] pick = new int[n.length];
        while (true) {
            int[] from = new int[n.length];
            int[] to = new int[n.length];
            int[] e = new int[n.length];
            for (int a = 0; a < n.length; a++) {
                int[] s = perAxis.get(a).get(pick[a]);
                from[a] = s[0];
                to[a] = s[1];
                e[a] = s[2];
            }
            pieces.add(new Piece(source, target, from, to, e));
            int a = 0;
            while (a < n.length && ++pick[a] == perAxis.get(a).size()) {
                pick[a] = 0;
                a++;
            }
            if (a == n.length) {
                return pieces;
            }
        }
    }

    /** A box of points: its lowest corner and extents, axis 0 first. */
    record Box(int[] lo, int[] extents) implements Serializable {
        long volume() {
            long v = 1;
            for (int e : extents) {
                v *= e;
            }
            return v;
        }

        @Override
        public String toString() {
            return Arrays.toString(lo) + " + " + Arrays.toString(extents);
        }
    }

    /**
     * A box of {@code source}'s core (at {@code from}, in the core's own coordinates) that lands
     * at {@code to} in {@code target}'s extended box.
     */
    record Piece(int source, int target, int[] from, int[] to, int[] extents) implements Serializable {
        long volume() {
            long v = 1;
            for (int e : extents) {
                v *= e;
            }
            return v;
        }
    }
}
