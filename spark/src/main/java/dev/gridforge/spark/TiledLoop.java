package dev.gridforge.spark;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DivergenceException;
import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.Ring;
import dev.gridforge.runtime.Shape;
import dev.gridforge.runtime.TimeLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * A stencil time loop on a domain split into tiles across Spark tasks, with deep halos: each
 * tile carries a halo of {@code radius × k} points, runs {@code k} steps on its own (the halo
 * points computed again, redundantly, by each tile that holds them), then the tiles exchange
 * their cores' edges through Spark (a shuffle keyed by tile), and so on. The kernels' boundary
 * rules act only on the domain's physical edges; a periodic axis wraps across tiles.
 *
 * <pre>{@code
 * TiledLoop loop = TiledLoop.over(4096, 4096).tiles(4, 4).radius(1).stepsPerExchange(16)
 *         .ring("u", u0, 1);
 * TiledLoop.Result r = loop.run(spark, 1000, s -> {
 *     Ring<DoubleField> u = s.ring("u");
 *     WaveKernels.on(s.backend()).stepInto(u.next(), u.now(), u.past(1), c2);
 * });
 * double[] u = ((DoubleField) r.field("u")).toArray();
 * }</pre>
 *
 * On the JVM backend the result equals the same loop over the whole domain in one process
 * ({@link #runWhole}) bit for bit. Kernels that read {@code @Index}, {@code @Extent} or
 * {@code @Coord} see the whole domain's indices (each tile's loop has a {@code Window}); on a
 * periodic axis split into tiles they are refused (a tile extended across the wrap would read
 * indices outside the domain). Configure, then run; a loop can run several times (each run
 * starts from the initial state).
 */
public final class TiledLoop {
    private final int[] extents;
    private int[] tiles;
    private int[] radius;
    private boolean[] periodic;
    private int stepsPerExchange = 8;
    private boolean watch = true;
    private Backend fallback;
    private final List<TileRound.RingSpec> rings = new ArrayList<>();
    private final List<List<Field>> initial = new ArrayList<>();

    private TiledLoop(int[] extents) {
        this.extents = extents;
        this.tiles = new int[extents.length];
        Arrays.fill(tiles, 1);
        this.radius = new int[extents.length];
        Arrays.fill(radius, 1);
        this.periodic = new boolean[extents.length];
    }

    /** A domain of these extents (axis 0 first), rank 1 to 3. */
    public static TiledLoop over(int... extents) {
        Objects.requireNonNull(extents, "extents");
        if (extents.length < 1 || extents.length > 3) {
            throw new IllegalArgumentException("[TiledLoop] a domain of rank 1 to 3, got " + extents.length + " extents");
        }
        for (int a = 0; a < extents.length; a++) {
            if (extents[a] < 1) {
                throw new IllegalArgumentException("[TiledLoop] extent " + extents[a] + " on axis " + a + ": at least 1");
            }
        }
        return new TiledLoop(extents.clone());
    }

    /** The number of tiles along each axis (they need not divide the extents). */
    public TiledLoop tiles(int... perAxis) {
        this.tiles = checked("tiles", perAxis, 1).clone();
        for (int a = 0; a < tiles.length; a++) {
            if (tiles[a] > extents[a]) {
                throw new IllegalArgumentException("[TiledLoop] " + tiles[a] + " tiles along axis " + a + " of " + extents[a]
                        + " points: each tile owns at least one point, so 1 to " + extents[a] + " tiles");
            }
        }
        return this;
    }

    /**
     * How far one step reads along each axis (one value for every axis, or one per axis): the
     * largest offset of any grid read of any kernel a step launches, summed over launches of one
     * step that read what an earlier one wrote. Too small gives wrong values near the tiles' edges.
     */
    public TiledLoop radius(int... perAxis) {
        if (perAxis.length == 1 && extents.length > 1) {
            int[] all = new int[extents.length];
            Arrays.fill(all, perAxis[0]);
            perAxis = all;
        }
        this.radius = checked("radius", perAxis, 0).clone();
        return this;
    }

    /** The axes whose edges wrap round (the kernels' {@code Boundary.PERIODIC}). */
    public TiledLoop periodic(int... axes) {
        boolean[] p = new boolean[extents.length];
        for (int a : axes) {
            if (a < 0 || a >= extents.length) {
                throw new IllegalArgumentException("[TiledLoop] periodic axis " + a + ": the domain has axes 0 to " + (extents.length - 1));
            }
            p[a] = true;
        }
        this.periodic = p;
        return this;
    }

    /** Steps between exchanges (k): the halo is {@code radius × k} wide. Default 8. */
    public TiledLoop stepsPerExchange(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("[TiledLoop] stepsPerExchange(" + k + "): at least 1");
        }
        this.stepsPerExchange = k;
        return this;
    }

    /** Whether every exchange checks that the tiles' cores hold finite values (default true). */
    public TiledLoop watch(boolean on) {
        this.watch = on;
        return this;
    }

    /** The backend of tiles Spark assigned no GPU (default: {@code spark.gridforge.backend}, else gridforge's default). */
    public TiledLoop backend(Backend b) {
        this.fallback = Objects.requireNonNull(b, "backend");
        return this;
    }

    /** A ring whose value now and every past value start as {@code initial} (a field of the whole domain), as {@code TimeLoop.ring}. */
    public TiledLoop ring(String name, Field initial, int history) {
        Objects.requireNonNull(initial, () -> "ring '" + name + "': initial field is null");
        if (history < 0 || history > 64) {
            throw new IllegalArgumentException("[TiledLoop] ring '" + name + "': history must be 0 to 64 past values, got " + history);
        }
        List<Field> levels = new ArrayList<>();
        for (int k = 0; k <= history; k++) {
            levels.add(initial);
        }
        return ring(name, levels);
    }

    /** A ring whose value now starts as {@code levels.get(0)} and whose {@code past(k)} as {@code levels.get(k)}. */
    public TiledLoop ring(String name, List<? extends Field> levels) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(levels, () -> "ring '" + name + "': levels is null");
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("[TiledLoop] ring '" + name + "': give at least its value now");
        }
        for (TileRound.RingSpec r : rings) {
            if (r.name().equals(name)) {
                throw new IllegalArgumentException("[TiledLoop] the loop already has a ring named '" + name + "'");
            }
        }
        Shape domain = Shape.of(extents);
        ElementType type = levels.get(0).elementType();
        for (Field f : levels) {
            Objects.requireNonNull(f, () -> "ring '" + name + "': a level is null");
            if (!f.shape().equals(domain) || f.elementType() != type) {
                throw new IllegalArgumentException("[TiledLoop] ring '" + name + "': " + f + " is not a " + type
                        + " field of the domain's shape " + domain);
            }
        }
        rings.add(new TileRound.RingSpec(name, type, levels.size() - 1));
        initial.add(List.copyOf(levels));
        return this;
    }

    private int[] checked(String what, int[] perAxis, int min) {
        Objects.requireNonNull(perAxis, what);
        if (perAxis.length != extents.length) {
            throw new IllegalArgumentException("[TiledLoop] " + what + ": one value per axis (" + extents.length + "), got "
                    + Arrays.toString(perAxis));
        }
        for (int v : perAxis) {
            if (v < min) {
                throw new IllegalArgumentException("[TiledLoop] " + what + " " + Arrays.toString(perAxis) + ": each at least " + min);
            }
        }
        return perAxis;
    }

    private TileGrid grid() {
        int[] halo = new int[extents.length];
        for (int a = 0; a < halo.length; a++) {
            halo[a] = (int) Math.min(Integer.MAX_VALUE / 4, (long) radius[a] * stepsPerExchange);
        }
        return new TileGrid(extents, tiles, periodic, halo);
    }

    private void checkReady() {
        if (rings.isEmpty()) {
            throw new IllegalStateException("[TiledLoop] the loop has no rings: add them with ring(name, initial, history)");
        }
    }

    /** The tiles' initial states, cut from the whole fields. */
    private List<TileState> initialStates(TileGrid grid) {
        Object[][] whole = new Object[rings.size()][];
        for (int r = 0; r < rings.size(); r++) {
            whole[r] = new Object[initial.get(r).size()];
            for (int k = 0; k < whole[r].length; k++) {
                whole[r][k] = initial.get(r).get(k).hostData();
            }
        }
        TileState all = new TileState(-1, whole);
        List<TileState> states = new ArrayList<>();
        for (int t = 0; t < grid.tiles(); t++) {
            TileGrid.Box core = grid.core(t);
            TileState.Packet p = cutBox(all, core, grid);
            states.add(new TileState(t, p.data()));
        }
        return states;
    }

    private static TileState.Packet cutBox(TileState whole, TileGrid.Box box, TileGrid grid) {
        Object[][] data = new Object[whole.levels().length][];
        for (int r = 0; r < data.length; r++) {
            data[r] = new Object[whole.levels()[r].length];
            for (int k = 0; k < data[r].length; k++) {
                data[r][k] = Boxes.cut(whole.levels()[r][k], grid.extents(), box.lo(), box.extents());
            }
        }
        return new TileState.Packet(null, data);
    }

    /**
     * Runs {@code steps} steps on {@code spark}: one task per tile per exchange round, the halos
     * exchanged by a shuffle between rounds. Returns the whole domain's rings at the end (and
     * what each round cost). Each round's states are kept as {@code RoundStore} says (in the
     * application's checkpoint directory when it has one), so that Spark can run a lost
     * executor's tasks again.
     *
     * @throws DivergenceException when a tile's core stops being finite: the exact step, ring and
     *                             cell of the whole domain, as {@code TimeLoop.watch} reports it
     */
    public Result run(JavaSparkContext spark, long steps, TileStep body) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(body, "body");
        checkReady();
        TileGrid grid = grid();
        Backend fb = fallback != null ? fallback : Sweep.configuredBackend(spark);
        List<TileRound.RingSpec> specs = List.copyOf(rings);
        boolean check = watch;
        int n = grid.tiles();
        HashPartitioner byTile = new HashPartitioner(n);
        List<TileState> start = initialStates(grid);
        checkInitial(grid, specs, start);
        JavaPairRDD<Integer, TileState> state = spark.parallelize(start, n)
                .mapToPair(s -> new Tuple2<>(s.tile(), s)).partitionBy(byTile);
        List<Round> rounds = new ArrayList<>();
        JavaRDD<TileRound.Output> previous = null;
        JavaRDD<TileRound.Output> out = null;
        RoundStore store = RoundStore.of(spark);
        long done = 0;
        try {
            while (done < steps) {
                int k = (int) Math.min(stepsPerExchange, steps - done);
                long before = done;
                long t0 = System.nanoTime();
                out = state.values()
                        .flatMapToPair(s -> packets(grid, s).iterator())
                        .groupByKey(byTile)
                        .map(g -> TileRound.run(grid, specs, g._1(), g._2(), before, k, body, fb, check));
                store.keep(out);
                List<TileRound.Output> reports = out.map(o -> new TileRound.Output(null, o.stats(), o.divergence())).collect();
                rounds.add(Round.of(before, k, System.nanoTime() - t0, reports));
                if (previous != null) {
                    store.drop(previous);
                }
                previous = out;
                throwIfDiverged(reports);
                state = out.mapToPair(o -> new Tuple2<>(o.state().tile(), o.state()));
                done += k;
            }
            List<TileState> end = new ArrayList<>(state.values().collect());
            return new Result(grid, specs, end, rounds);
        } finally {
            // the rounds' states are the caller's only through the result: none stays cached or checkpointed
            if (previous != null) {
                store.drop(previous);
            }
            if (out != null && out != previous) {
                store.drop(out);
            }
        }
    }

    /**
     * The same tiling without Spark, in this JVM: each round's tiles run on {@code threads}
     * threads (the halos exchanged in memory). With {@code devices} given, tile {@code t} runs on
     * CUDA device {@code devices[t % devices.length]} — a machine's several GPUs; without, on
     * {@code backend}.
     */
    public Result runHere(Backend backend, int threads, long steps, TileStep body, int... devices) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(body, "body");
        checkReady();
        if (threads < 1) {
            throw new IllegalArgumentException("[TiledLoop] runHere on " + threads + " threads: at least 1");
        }
        TileGrid grid = grid();
        List<TileRound.RingSpec> specs = List.copyOf(rings);
        List<TileState> state = initialStates(grid);
        checkInitial(grid, specs, state);
        List<Round> rounds = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long done = 0;
            while (done < steps) {
                int k = (int) Math.min(stepsPerExchange, steps - done);
                long before = done;
                long t0 = System.nanoTime();
                List<List<TileState.Packet>> inbox = new ArrayList<>();
                for (int t = 0; t < grid.tiles(); t++) {
                    inbox.add(new ArrayList<>());
                }
                for (TileState s : state) {
                    for (Tuple2<Integer, TileState.Packet> p : packets(grid, s)) {
                        inbox.get(p._1()).add(p._2());
                    }
                }
                List<Future<TileRound.Output>> futures = new ArrayList<>();
                for (int t = 0; t < grid.tiles(); t++) {
                    int tile = t;
                    futures.add(pool.submit(() -> {
                        if (devices.length == 0) {
                            return TileRound.run(grid, specs, tile, inbox.get(tile), before, k, body, backend, watch);
                        }
                        try (var scope = dev.gridforge.runtime.Gridforge.onCudaDevice(devices[tile % devices.length])) {
                            return TileRound.run(grid, specs, tile, inbox.get(tile), before, k, body, Backend.CUDA, watch);
                        }
                    }));
                }
                List<TileRound.Output> outputs = new ArrayList<>();
                for (Future<TileRound.Output> f : futures) {
                    outputs.add(get(f));
                }
                rounds.add(Round.of(before, k, System.nanoTime() - t0, outputs));
                throwIfDiverged(outputs);
                state = outputs.stream().map(TileRound.Output::state).toList();
                done += k;
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(grid, specs, state, rounds);
    }

    private static TileRound.Output get(Future<TileRound.Output> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("[TiledLoop] interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("[TiledLoop] a tile failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * The same steps on the whole domain in one {@code TimeLoop}, in this thread: the reference
     * a tiled run equals. Returns the rings' fields at the end (host copies).
     */
    public Result runWhole(Backend backend, long steps, TileStep body) {
        checkReady();
        TileGrid whole = new TileGrid(extents, onePerAxis(), periodic, new int[extents.length]);
        List<TileRound.RingSpec> specs = List.copyOf(rings);
        List<TileState> state = initialStates(whole);
        checkInitial(whole, specs, state);
        try (TimeLoop loop = TimeLoop.on(backend)) {
            List<Ring<?>> rs = new ArrayList<>();
            for (int r = 0; r < rings.size(); r++) {
                rs.add(loop.ring(rings.get(r).name(), initial.get(r)));
            }
            if (watch) {
                loop.watch(stepsPerExchange, () -> null);
            }
            StepContext context = new StepContext(loop, specs.stream().map(TileRound.RingSpec::name).toList(), rs, 0);
            long t0 = System.nanoTime();
            long done = 0;
            while (done < steps) {
                int k = (int) Math.min(Integer.MAX_VALUE, steps - done);
                loop.run(k, () -> body.step(context));
                done += k;
            }
            Object[][] levels = new Object[rs.size()][];
            for (int r = 0; r < rs.size(); r++) {
                levels[r] = new Object[specs.get(r).history() + 1];
                for (int k = 0; k <= specs.get(r).history(); k++) {
                    Object data = (k == 0 ? rs.get(r).now() : rs.get(r).past(k)).hostData();
                    levels[r][k] = data;
                }
            }
            Round one = new Round(0, steps, System.nanoTime() - t0, System.nanoTime() - t0, 0, 0);
            return new Result(whole, specs, List.of(new TileState(0, copies(levels))), List.of(one));
        }
    }

    private static Object[][] copies(Object[][] levels) {
        Object[][] c = new Object[levels.length][];
        for (int r = 0; r < levels.length; r++) {
            c[r] = new Object[levels[r].length];
            for (int k = 0; k < levels[r].length; k++) {
                int n = java.lang.reflect.Array.getLength(levels[r][k]);
                Object copy = java.lang.reflect.Array.newInstance(levels[r][k].getClass().getComponentType(), n);
                System.arraycopy(levels[r][k], 0, copy, 0, n);
                c[r][k] = copy;
            }
        }
        return c;
    }

    private int[] onePerAxis() {
        int[] one = new int[extents.length];
        Arrays.fill(one, 1);
        return one;
    }

    /** Every piece of {@code s}'s core that some tile's extended box holds, keyed by that tile. */
    private static List<Tuple2<Integer, TileState.Packet>> packets(TileGrid grid, TileState s) {
        List<Tuple2<Integer, TileState.Packet>> out = new ArrayList<>();
        for (int target = 0; target < grid.tiles(); target++) {
            for (TileGrid.Piece p : grid.pieces(s.tile(), target)) {
                out.add(new Tuple2<>(target, s.cut(p, grid)));
            }
        }
        return out;
    }

    private void checkInitial(TileGrid grid, List<TileRound.RingSpec> specs, List<TileState> states) {
        if (!watch) {
            return;
        }
        List<TileRound.Output> bad = new ArrayList<>();
        for (TileState s : states) {
            TileRound.Divergence d = TileRound.firstBad(grid, specs, s.tile(), s);
            if (d != null) {
                bad.add(new TileRound.Output(null, null, d.at(0)));
            }
        }
        throwIfDiverged(bad);
    }

    /**
     * Throws the first divergence of a round as the time loop's watchdog would find it in the
     * whole domain: the earliest step, then the first ring in the loop's order, then the first
     * cell in memory order.
     */
    private static void throwIfDiverged(List<TileRound.Output> outputs) {
        TileRound.Divergence first = outputs.stream().map(TileRound.Output::divergence).filter(Objects::nonNull)
                .min(Comparator.comparingLong(TileRound.Divergence::step).thenComparingInt(TileRound.Divergence::ringIndex)
                        .thenComparingLong(TileRound.Divergence::linear))
                .orElse(null);
        if (first != null) {
            throw Divergences.of(first);
        }
    }

    /**
     * One exchange round: the steps it ran, its wall time on the driver, the slowest tile's
     * stepping time, and the halo bytes the tiles sent each other.
     */
    public record Round(long firstStep, long steps, long wallNanos, long slowestStepNanos, long haloBytes, int tiles) {
        static Round of(long firstStep, int steps, long wallNanos, List<TileRound.Output> outputs) {
            long slowest = 0;
            long bytes = 0;
            for (TileRound.Output o : outputs) {
                slowest = Math.max(slowest, o.stats().stepNanos());
                bytes += o.stats().haloBytes();
            }
            return new Round(firstStep, steps, wallNanos, slowest, bytes, outputs.size());
        }

        /** What the round spent besides stepping its slowest tile: the exchange, assembling, scheduling. */
        public long overheadNanos() {
            return Math.max(0, wallNanos - slowestStepNanos);
        }
    }

    /** The whole domain's rings after a run, and what its rounds cost. */
    public static final class Result {
        private final TileGrid grid;
        private final List<TileRound.RingSpec> rings;
        private final List<TileState> tiles;
        private final List<Round> rounds;

        Result(TileGrid grid, List<TileRound.RingSpec> rings, List<TileState> tiles, List<Round> rounds) {
            this.grid = grid;
            this.rings = rings;
            this.tiles = tiles;
            this.rounds = List.copyOf(rounds);
        }

        /** Ring {@code name}'s value now over the whole domain, a host field. */
        public Field field(String name) {
            return level(name, 0);
        }

        /** Ring {@code name}'s level {@code k} (0 now, k past(k)) over the whole domain, a host field. */
        public Field level(String name, int k) {
            int r = -1;
            for (int i = 0; i < rings.size(); i++) {
                if (rings.get(i).name().equals(name)) {
                    r = i;
                }
            }
            if (r < 0) {
                throw new IllegalArgumentException("[TiledLoop] no ring named '" + name + "'");
            }
            if (k < 0 || k > rings.get(r).history()) {
                throw new IllegalArgumentException("[TiledLoop] ring '" + name + "' keeps levels 0 to " + rings.get(r).history()
                        + ", not " + k);
            }
            Shape whole = Shape.of(grid.extents());
            Object data = rings.get(r).type().newArray(whole.size());
            for (TileState s : tiles) {
                TileGrid.Box core = grid.core(s.tile());
                Boxes.copy(s.levels()[r][k], core.extents(), new int[core.lo().length], data, grid.extents(), core.lo(),
                        core.extents());
            }
            return Field.onHost(rings.get(r).type(), data, whole);
        }

        /** Each exchange round, in order. */
        public List<Round> rounds() {
            return rounds;
        }

        /** The halo width along each axis (radius × steps per exchange; 0 on an axis in one tile). */
        public int[] halo() {
            int[] h = new int[grid.rank()];
            for (int a = 0; a < h.length; a++) {
                h[a] = grid.halo(a);
            }
            return h;
        }

        public int tiles() {
            return grid.tiles();
        }
    }
}
