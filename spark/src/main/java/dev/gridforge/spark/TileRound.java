package dev.gridforge.spark;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.Ring;
import dev.gridforge.runtime.Shape;
import dev.gridforge.runtime.TimeLoop;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One tile's part of one exchange round, wherever it runs (a Spark task, or a thread of
 * {@link TiledLoop#runHere}): assemble the extended box from the pieces that came (its own core
 * and its neighbours' halo parts), run the steps on it in a time loop whose window places it in
 * the domain, and keep the core of every ring's levels. The halo points are recomputed here
 * redundantly and then dropped: after {@code k} steps of a stencil of reach {@code r}, the
 * points at least {@code k·r} inside the box are exactly the whole domain's, and the core is.
 */
final class TileRound {
    private TileRound() {
    }

    /** What a round gives back: the tile's new state, what it cost, and where it diverged, if it did. */
    record Output(TileState state, Stats stats, Divergence divergence) implements Serializable {
    }

    /** One tile's round: nanoseconds assembling, stepping and extracting, and halo bytes received from other tiles. */
    record Stats(int tile, long assembleNanos, long stepNanos, long extractNanos, long haloBytes) implements Serializable {
    }

    /**
     * The first non-finite value in a tile's core: the step after which it appeared, the ring (its
     * index among the loop's rings, and its name), the global cell and its index in memory order.
     */
    record Divergence(long step, int ringIndex, String ring, int[] cell, long linear, double value) implements Serializable {
        /** The same divergence, found after step {@code step}. */
        Divergence at(long step) {
            return new Divergence(step, ringIndex, ring, cell, linear, value);
        }
    }

    /** A loop's rings as a round needs them: names, element types, history. */
    record RingSpec(String name, ElementType type, int history) implements Serializable {
    }

    static Output run(TileGrid grid, List<RingSpec> rings, int tile, Iterable<TileState.Packet> packets, long stepsBefore,
                      int steps, TileStep body, Backend fallback, boolean watch) {
        long t0 = System.nanoTime();
        TileGrid.Box box = grid.extended(tile);
        Object[][] levels = assemble(grid, rings, tile, box, packets);
        long haloBytes = 0;
        for (TileState.Packet p : packets) {
            if (p.piece().source() != tile) {
                haloBytes += p.bytes();
            }
        }
        long t1 = System.nanoTime();
        Object[][] after;
        long t2;
        String which = "[TiledLoop] tile " + tile + " (core " + grid.core(tile) + ") in steps " + (stepsBefore + 1) + " to "
                + (stepsBefore + steps);
        try (TaskDevice device = TaskDevice.openFor(which, fallback)) {
            try {
                after = step(grid, rings, box, levels, stepsBefore, steps, body, device.backend(), tile);
                t2 = System.nanoTime();
                TileState state = new TileState(tile, cores(grid, tile, box, after));
                Divergence d = null;
                if (watch && firstBad(grid, rings, tile, state) != null) {
                    d = replay(grid, rings, box, levels, stepsBefore, steps, body, device.backend(), tile);
                }
                return new Output(state, new Stats(tile, t1 - t0, t2 - t1, System.nanoTime() - t2, haloBytes), d);
            } catch (RuntimeException e) {
                throw device.failed(which, e);
            }
        }
    }

    /** The extended box's levels from the pieces: every point of the box is in exactly one piece. */
    private static Object[][] assemble(TileGrid grid, List<RingSpec> rings, int tile, TileGrid.Box box,
                                       Iterable<TileState.Packet> packets) {
        int size = (int) box.volume();
        Object[][] levels = new Object[rings.size()][];
        for (int r = 0; r < rings.size(); r++) {
            levels[r] = new Object[rings.get(r).history() + 1];
            for (int k = 0; k < levels[r].length; k++) {
                levels[r][k] = rings.get(r).type().newArray(size);
            }
        }
        long covered = 0;
        for (TileState.Packet p : packets) {
            if (p.piece().target() != tile) {
                throw new IllegalStateException("internal error: tile " + tile + " was sent a piece for tile " + p.piece().target());
            }
            for (int r = 0; r < levels.length; r++) {
                for (int k = 0; k < levels[r].length; k++) {
                    Boxes.copy(p.data()[r][k], p.piece().extents(), new int[grid.rank()], levels[r][k], box.extents(),
                            p.piece().to(), p.piece().extents());
                }
            }
            covered += p.piece().volume();
        }
        if (covered != box.volume()) {
            throw new IllegalStateException("internal error: tile " + tile + "'s box " + box + " of " + box.volume()
                    + " points got " + covered + " points from its pieces");
        }
        return levels;
    }

    /** Runs {@code steps} steps on the box and returns every ring's levels over the whole box. */
    private static Object[][] step(TileGrid grid, List<RingSpec> rings, TileGrid.Box box, Object[][] levels, long stepsBefore,
                                   int steps, TileStep body, Backend backend, int tile) {
        try (TimeLoop loop = loop(grid, rings, box, levels, backend)) {
            List<Ring<?>> rs = ringsOf(loop, rings, box, levels);
            StepContext context = new StepContext(loop, names(rings), rs, stepsBefore);
            loop.run(steps, () -> body.step(context));
            Object[][] out = new Object[rings.size()][];
            for (int r = 0; r < rs.size(); r++) {
                out[r] = new Object[rings.get(r).history() + 1];
                for (int k = 0; k < out[r].length; k++) {
                    Field f = k == 0 ? rs.get(r).now() : rs.get(r).past(k);
                    out[r][k] = f.hostData();
                }
            }
            return out;
        }
    }

    private static TimeLoop loop(TileGrid grid, List<RingSpec> rings, TileGrid.Box box, Object[][] levels, Backend backend) {
        TimeLoop loop = TimeLoop.on(backend);
        loop.window(grid.window(box));
        return loop;
    }

    private static List<Ring<?>> ringsOf(TimeLoop loop, List<RingSpec> rings, TileGrid.Box box, Object[][] levels) {
        Shape shape = Shape.of(box.extents());
        List<Ring<?>> rs = new ArrayList<>();
        for (int r = 0; r < rings.size(); r++) {
            List<Field> fields = new ArrayList<>();
            for (Object level : levels[r]) {
                fields.add(Field.onHost(rings.get(r).type(), level, shape));
            }
            rs.add(loop.ring(rings.get(r).name(), fields));
        }
        return rs;
    }

    private static List<String> names(List<RingSpec> rings) {
        return rings.stream().map(RingSpec::name).toList();
    }

    /** The core's part of each level of each ring. */
    private static Object[][] cores(TileGrid grid, int tile, TileGrid.Box box, Object[][] levels) {
        TileGrid.Box core = grid.core(tile);
        int[] at = new int[grid.rank()];
        for (int a = 0; a < at.length; a++) {
            at[a] = core.lo()[a] - box.lo()[a];
        }
        Object[][] out = new Object[levels.length][];
        for (int r = 0; r < levels.length; r++) {
            out[r] = new Object[levels[r].length];
            for (int k = 0; k < levels[r].length; k++) {
                out[r][k] = Boxes.cut(levels[r][k], box.extents(), at, core.extents());
            }
        }
        return out;
    }

    /**
     * The first non-finite value now in the tile's core, rings in order, each in memory order
     * (axis 0 fastest); null when all are finite. Its step is not known here (-1).
     */
    static Divergence firstBad(TileGrid grid, List<RingSpec> rings, int tile, TileState state) {
        TileGrid.Box core = grid.core(tile);
        for (int r = 0; r < rings.size(); r++) {
            Object now = state.levels()[r][0];
            int n = java.lang.reflect.Array.getLength(now);
            for (int i = 0; i < n; i++) {
                double v = value(now, i);
                if (!Double.isFinite(v)) {
                    int[] cell = new int[grid.rank()];
                    int rest = i;
                    for (int a = 0; a < cell.length; a++) {
                        cell[a] = core.lo()[a] + rest % core.extents()[a];
                        rest /= core.extents()[a];
                    }
                    return new Divergence(-1, r, rings.get(r).name(), cell, linear(cell, grid.extents()), v);
                }
            }
        }
        return null;
    }

    private static double value(Object array, int i) {
        if (array instanceof double[] d) {
            return d[i];
        }
        if (array instanceof float[] f) {
            return f[i];
        }
        return 0; // integer fields are always finite
    }

    static long linear(int[] cell, int[] extents) {
        long at = 0;
        long stride = 1;
        for (int a = 0; a < cell.length; a++) {
            at += cell[a] * stride;
            stride *= extents[a];
        }
        return at;
    }

    /** Runs the round again one step at a time from its start, to find the step after which the core first held a non-finite value. */
    private static Divergence replay(TileGrid grid, List<RingSpec> rings, TileGrid.Box box, Object[][] levels, long stepsBefore,
                                     int steps, TileStep body, Backend backend, int tile) {
        try (TimeLoop loop = loop(grid, rings, box, levels, backend)) {
            List<Ring<?>> rs = ringsOf(loop, rings, box, levels);
            StepContext context = new StepContext(loop, names(rings), rs, stepsBefore);
            for (int s = 1; s <= steps; s++) {
                loop.run(1, () -> body.step(context));
                Object[][] now = new Object[rings.size()][];
                for (int r = 0; r < rs.size(); r++) {
                    now[r] = new Object[] {rs.get(r).now().hostData()};
                }
                Divergence d = firstBad(grid, rings, tile, new TileState(tile, cores(grid, tile, box, now)));
                if (d != null) {
                    return d.at(stepsBefore + s);
                }
            }
        }
        throw new IllegalStateException("internal error: tile " + tile + " held a non-finite value after its round, but not"
                + " when its steps were run again one by one (a step that is not deterministic?)");
    }
}
