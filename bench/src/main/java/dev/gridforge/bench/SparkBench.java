package dev.gridforge.bench;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Ring;
import dev.gridforge.runtime.Mesh;
import dev.gridforge.runtime.TimeLoop;
import dev.gridforge.samples.GrayScottKernels;
import dev.gridforge.samples.HaversineKernels;
import dev.gridforge.spark.MeshTiles;
import dev.gridforge.spark.Sweep;
import dev.gridforge.spark.SweepTask;
import dev.gridforge.spark.TileKernel;
import dev.gridforge.spark.TileSummary;
import dev.gridforge.spark.TileStep;
import dev.gridforge.spark.TiledLoop;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * What Spark costs gridforge (docs/spark.md): a sweep's cost per task against the same work in
 * one process, and a tiled Gray-Scott loop's time per step against k, the steps between halo
 * exchanges, with what each round spends besides stepping (the exchange, scheduling, assembling)
 * and the whole domain in one process for reference. Starts Spark in this JVM ({@code --spark-master}).
 */
final class SparkBench {
    private SparkBench() {
    }

    record FK(double f, double k) implements Serializable {
    }

    static List<Figure> run(Backend backend, String master, boolean quick, int repeat, PrintStream out) {
        System.setProperty("io.netty.tryReflectionSetAccessible", "true");
        SparkConf conf = new SparkConf().setMaster(master).setAppName("gridforge bench")
                .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        int reps = repeat > 0 ? repeat : quick ? 1 : 3;
        List<Figure> figures = new ArrayList<>();
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            figures.addAll(sweep(spark, backend, quick ? 8 : 64, quick ? 32 : 64, quick ? 5 : 20, reps, out));
            int n = quick ? 96 : 512;
            int steps = quick ? 8 : 48;
            for (int k : quick ? new int[] {1, 4} : new int[] {1, 2, 4, 8, 16}) {
                figures.addAll(halo(spark, backend, n, steps, k, reps, out));
            }
            figures.add(whole(backend, n, steps, reps));
            // seed 003's function over 10^11 points on a GPU (780 tiles of 2^27), 10^8 elsewhere (or 10^6 with --quick)
            int side = quick ? 1_000 : backend == Backend.CUDA ? 316_228 : 10_000;
            figures.add(mesh(spark, backend, side, quick ? 256 : backend == Backend.CUDA ? 8_192 : 2_048, reps, out));
        }
        return figures;
    }

    /** A haversine reduction over a side² mesh split into tiles of tile x 2·tile points (16384 x 8192 at 10^11). */
    private static Figure mesh(JavaSparkContext spark, Backend backend, int side, int tile, int reps, PrintStream out) {
        Mesh m = Mesh.linspace(-60, 60, side, 0, 180, side);
        MeshTiles tiles = MeshTiles.of(m, 2 * tile, tile);
        TileKernel distance = (t, b) -> HaversineKernels.on(b).distance(t, 30.0, 101.0, 1.0);
        MeshTiles warm = MeshTiles.of(Mesh.linspace(-60, 60, 64, 0, 180, 64), 32, 32);
        warm.reduce(spark, distance);
        long[] wall = new long[reps];
        TileSummary s = null;
        for (int r = 0; r < reps; r++) {
            long t = System.nanoTime();
            s = tiles.reduce(spark, distance);
            wall[r] = System.nanoTime() - t;
        }
        Figure f = new Figure("spark-mesh-" + side + "x" + side, backend.id(), "reduce over " + tiles.count() + " tiles", wall, "");
        String note = String.format(Locale.ROOT, "%.3g points at %.3g points/s; min %.6g, max %.6g, %d non-finite", (double) s.points(),
                s.points() / (f.median() / 1e9), s.min(), s.max(), s.nonFinite());
        out.println("  spark: haversine over " + side + "² in " + tiles.count() + " tiles: " + note);
        return new Figure(f.workload(), f.backend(), f.measure(), wall, note);
    }

    /** {@code tasks} Gray-Scott simulations of n² for {@code steps} steps: on Spark, then one after another here. */
    private static List<Figure> sweep(JavaSparkContext spark, Backend backend, int tasks, int n, int steps, int reps, PrintStream out) {
        List<FK> p = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            p.add(new FK(0.02 + 0.0005 * i, 0.06));
        }
        Sweep<FK> sweep = Sweep.over(p).backend(backend);
        SweepTask<FK, Double> task = (fk, t) -> simulate(fk, t.backend(), n, steps);
        sweep.run(spark, task); // warm-up: JIT, the kernels' compile, Spark's first job
        sweep.runHere(backend, task);
        long[] onSpark = new long[reps];
        long[] here = new long[reps];
        for (int r = 0; r < reps; r++) {
            long t = System.nanoTime();
            sweep.run(spark, task);
            onSpark[r] = System.nanoTime() - t;
            t = System.nanoTime();
            sweep.runHere(backend, task);
            here[r] = System.nanoTime() - t;
        }
        String workload = "spark-sweep-" + tasks;
        int slots = spark.defaultParallelism();
        Figure s = new Figure(workload, backend.id(), "sweep on " + spark.master(), onSpark, "");
        Figure h = new Figure(workload, backend.id(), "same tasks, one process", here, "");
        // With s slots the sweep's ideal is the one-process time over s: what is left is Spark's, per task.
        double perTask = (s.median() - h.median() / (double) Math.min(slots, tasks)) * Math.min(slots, tasks) / tasks / 1e6;
        String note = String.format(Locale.ROOT, "%d tasks of %d² x %d steps; Spark's cost %.2f ms per task (%d slots)", tasks, n,
                steps, perTask, slots);
        out.println("  spark: " + note);
        return List.of(new Figure(workload, backend.id(), s.measure(), onSpark, note), h);
    }

    static double simulate(FK p, Backend backend, int n, int steps) {
        DoubleField[] start = start(n, 1);
        try (TimeLoop loop = TimeLoop.on(backend)) {
            Ring<DoubleField> u = loop.ring("u", start[0], 0);
            Ring<DoubleField> v = loop.ring("v", start[1], 0);
            GrayScottKernels.Launcher k = GrayScottKernels.on(loop.backend());
            loop.run(steps, () -> k.stepInto(u.next(), v.next(), u.now(), v.now(), 0.2, 0.1, p.f(), p.k(), 1.0));
            return v.now().sum();
        }
    }

    private static DoubleField[] start(int n, long seed) {
        Random r = new Random(seed);
        double[] u = new double[n * n];
        double[] v = new double[n * n];
        for (int i = 0; i < u.length; i++) {
            u[i] = 0.5 + 0.5 * r.nextDouble();
            v[i] = 0.25 * r.nextDouble();
        }
        return new DoubleField[] {DoubleField.of(u, n, n), DoubleField.of(v, n, n)};
    }

    private static final TileStep GRAY_SCOTT = s -> {
        Ring<DoubleField> u = s.ring("u");
        Ring<DoubleField> v = s.ring("v");
        GrayScottKernels.on(s.backend()).stepInto(u.next(), v.next(), u.now(), v.now(), 0.2, 0.1, 0.035, 0.065, 1.0);
    };

    private static TiledLoop loop(Backend backend, int n, int k) {
        DoubleField[] start = start(n, 2);
        return TiledLoop.over(n, n).tiles(4, 4).periodic(0, 1).stepsPerExchange(k).backend(backend)
                .ring("u", start[0], 0).ring("v", start[1], 0);
    }

    /** The tiled loop's time per step at this k, and its rounds' time besides stepping, per step. */
    private static List<Figure> halo(JavaSparkContext spark, Backend backend, int n, int steps, int k, int reps, PrintStream out) {
        TiledLoop loop = loop(backend, n, k);
        loop.run(spark, k, GRAY_SCOTT); // warm-up
        long[] perStep = new long[reps];
        long[] overhead = new long[reps];
        long haloBytes = 0;
        for (int r = 0; r < reps; r++) {
            long t = System.nanoTime();
            TiledLoop.Result result = loop.run(spark, steps, GRAY_SCOTT);
            perStep[r] = (System.nanoTime() - t) / steps;
            overhead[r] = result.rounds().stream().mapToLong(TiledLoop.Round::overheadNanos).sum() / steps;
            haloBytes = result.rounds().stream().mapToLong(TiledLoop.Round::haloBytes).sum() / steps;
        }
        String workload = "spark-halo-" + n + "-k" + k;
        String note = String.format(Locale.ROOT, "4x4 tiles, halo %d, %d steps; %.1f kB of halo a step", k, steps, haloBytes / 1e3);
        Figure step = new Figure(workload, backend.id(), "per step, tiled on " + spark.master(), perStep, note);
        Figure rest = new Figure(workload, backend.id(), "per step, besides stepping", overhead, "");
        out.printf(Locale.ROOT, "  spark: %d² Gray-Scott in 4x4 tiles, k = %d: %.3f ms a step, %.3f ms of it exchange and scheduling%n",
                n, k, step.median() / 1e6, rest.median() / 1e6);
        return List.of(step, rest);
    }

    /** The same loop on the whole domain in one process: what the tiles' steps are measured against. */
    private static Figure whole(Backend backend, int n, int steps, int reps) {
        TiledLoop loop = loop(backend, n, 1);
        loop.runWhole(backend, steps, GRAY_SCOTT);
        long[] perStep = new long[reps];
        for (int r = 0; r < reps; r++) {
            long t = System.nanoTime();
            loop.runWhole(backend, steps, GRAY_SCOTT);
            perStep[r] = (System.nanoTime() - t) / steps;
        }
        return new Figure("spark-halo-" + n + "-whole", backend.id(), "per step, one TimeLoop, no Spark", perStep, "");
    }
}
