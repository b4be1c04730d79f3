package dev.gridforge.samples;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.io.AtomicFile;
import dev.gridforge.spark.Sweep;
import dev.gridforge.spark.TaskDevice;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Pearson's map of the Gray-Scott model, one simulation per Spark task ({@link PearsonMap}). */
@Command(name = "gray-scott-map",
        mixinStandardHelpOptions = true,
        versionProvider = GridforgeVersion.class,
        sortOptions = false,
        description = {"Pearson's map of the Gray-Scott model: a grid of (F, k) values, each an n x n simulation run as a "
                + "Spark task on the GPU Spark assigned it (or the JVM), assembled into one mosaic PNG with the axes labelled.",
                "Runs on local[*] unless spark-submit (or --master) says otherwise; docs/spark.md has the cluster recipe."})
final class GrayScottMapCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--grid", paramLabel = "KxF", defaultValue = "32x32",
            description = "Simulations along k (x) and along F (y) (default: ${DEFAULT-VALUE}).")
    private String grid;

    @Option(names = "--k", paramLabel = "LOW..HIGH", defaultValue = "0.03..0.07", description = "Kill rates (default: ${DEFAULT-VALUE}).")
    private String kRange;

    @Option(names = "--F", paramLabel = "LOW..HIGH", defaultValue = "0.0..0.08", description = "Feed rates (default: ${DEFAULT-VALUE}).")
    private String fRange;

    @Option(names = "--n", paramLabel = "N", defaultValue = "256", description = "Grid points of each simulation along each axis (default: ${DEFAULT-VALUE}).")
    private int n;

    @Option(names = "--steps", paramLabel = "S", defaultValue = "4000", description = "Time steps of each simulation (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--Du", paramLabel = "D", defaultValue = "0.2", description = "Diffusion rate of u (default: ${DEFAULT-VALUE}; Pearson's 2e-5 on his grid).")
    private double du;

    @Option(names = "--Dv", paramLabel = "D", defaultValue = "0.1", description = "Diffusion rate of v (default: ${DEFAULT-VALUE}).")
    private double dv;

    @Option(names = "--dt", paramLabel = "DT", defaultValue = "1", description = "Time step (default: ${DEFAULT-VALUE}).")
    private double dt;

    @Option(names = "--pixels", paramLabel = "P", defaultValue = "64", description = "Pixels of each tile along each axis (default: ${DEFAULT-VALUE}).")
    private int pixels;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "Seed of the initial noise (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--out", paramLabel = "FILE.png", defaultValue = "gray-scott-map.png", description = "The mosaic (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--fields", paramLabel = "DIR", description = "Also write each simulation's last v as DIR/v-ROW-COL.npy (a path every executor reaches).")
    private Path fields;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master when spark-submit sets none (default: local[*]).")
    private String master;

    @Option(names = "--backend", paramLabel = "BACKEND", converter = BackendConverter.class,
            completionCandidates = BackendConverter.Candidates.class,
            description = "Backend of tasks Spark assigned no GPU: ${COMPLETION-CANDIDATES} (default: spark.gridforge.backend, else auto).")
    private Backend backend;

    @Option(names = "--compare", description = "Also run the same simulations one after another in this process, and print both times.")
    private boolean compare;

    @Override
    public Integer call() throws IOException {
        int[] counts = gridCounts();
        double[] k = range("--k", kRange);
        double[] f = range("--F", fRange);
        check();
        PrintWriter o = spec.commandLine().getOut();
        List<PearsonMap.Cell> cells = PearsonMap.cells(counts[0], counts[1], k[0], k[1], f[0], f[1]);
        PearsonMap map = new PearsonMap(n, steps, du, dv, dt, pixels, seed, fields);
        o.printf(Locale.ROOT, "gray-scott-map: %d x %d simulations (k %s..%s, F %s..%s), each %d x %d for %d steps, Du = %s,"
                + " Dv = %s, dt = %s%n", counts[0], counts[1], k[0], k[1], f[0], f[1], n, n, steps, du, dv, dt);
        System.setProperty("io.netty.tryReflectionSetAccessible", "true");
        SparkConf conf = new SparkConf().setAppName("gridforge gray-scott-map");
        if (!conf.contains("spark.master")) {
            conf.setMaster(master != null ? master : "local[*]");
            conf.set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false");
        }
        if (backend != null) {
            conf.set(TaskDevice.BACKEND_KEY, backend.id());
        }
        Sweep<PearsonMap.Cell> sweep = Sweep.over(cells);
        List<PearsonMap.Tile> tiles;
        long t0;
        long sparkNanos;
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            o.printf("spark: %s, %d task slots, Spark %s%n", spark.master(), spark.defaultParallelism(), spark.version());
            o.flush();
            t0 = System.nanoTime();
            try {
                tiles = sweep.run(spark, map.task());
            } catch (Exception e) { // Spark throws its checked SparkException undeclared
                if (!(e instanceof org.apache.spark.SparkException)) {
                    throw e;
                }
                throw new SampleFailure("the map's simulations failed on Spark: " + firstLine(e.getMessage()), e);
            }
            sparkNanos = System.nanoTime() - t0;
        }
        o.printf(Locale.ROOT, "tasks: %d simulations in %.2f s on Spark (%.1f ms each on average), on %s%n", cells.size(),
                sparkNanos / 1e9, sparkNanos / 1e6 / cells.size(), devices(tiles));
        if (compare) {
            Backend here = backend != null ? backend : Backend.AUTO;
            t0 = System.nanoTime();
            List<PearsonMap.Tile> again = sweep.runHere(here, map.task());
            long hereNanos = System.nanoTime() - t0;
            boolean same = true;
            for (int i = 0; i < tiles.size(); i++) {
                same &= java.util.Arrays.equals(tiles.get(i).pixels(), again.get(i).pixels());
            }
            o.printf(Locale.ROOT, "one process: the same %d simulations one after another in %.2f s on %s (%.2fx Spark's time);"
                    + " tiles %s%n", cells.size(), hereNanos / 1e9, devices(again), hereNanos / (double) sparkNanos,
                    same ? "identical" : "DIFFERENT");
        }
        double vMax = 0;
        int diverged = 0;
        for (PearsonMap.Tile t : tiles) {
            if (t.finite()) {
                vMax = Math.max(vMax, t.maxV());
            } else {
                diverged++;
            }
        }
        String title = String.format(Locale.ROOT, "gray-scott: v after %d steps, du = %s, dv = %s", steps, FramePainter.number(du, 3),
                FramePainter.number(dv, 3));
        BufferedImage image = MosaicPainter.paint(cells, tiles, counts[0], counts[1], pixels, k[0], k[1], f[0], f[1],
                vMax > 0 ? vMax : 1, title);
        AtomicFile.write(out, os -> ImageIO.write(image, "png", os));
        o.printf(Locale.ROOT, "map: %s (%d x %d pixels; v from 0 to %.3f%s)%n", out, image.getWidth(), image.getHeight(), vMax,
                diverged == 0 ? "" : "; " + diverged + " simulations diverged, drawn black");
        if (fields != null) {
            o.printf("fields: %d files v-ROW-COL.npy in %s%n", cells.size(), fields);
        }
        o.flush();
        return 0;
    }

    /** Spark's message up to its stack trace: the failed task, and what it threw (the parameter set and the device). */
    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int at = message.indexOf("\n\tat ");
        String head = (at < 0 ? message : message.substring(0, at)).strip();
        return head.replace('\n', ' ');
    }

    private static String devices(List<PearsonMap.Tile> tiles) {
        return tiles.stream().map(PearsonMap.Tile::device).distinct().sorted().reduce((a, b) -> a + ", " + b).orElse("-");
    }

    private int[] gridCounts() {
        String[] p = grid.toLowerCase(Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                int c = Integer.parseInt(p[0].strip());
                int r = Integer.parseInt(p[1].strip());
                if (c >= 1 && r >= 1 && (long) c * r <= 1_000_000) {
                    return new int[] {c, r};
                }
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ParameterException(spec.commandLine(), "--grid is COLUMNSxROWS (k values x F values), each at least 1, at most"
                + " 10^6 simulations in all; got " + grid);
    }

    private double[] range(String option, String text) {
        String[] p = text.split("\\.\\.");
        try {
            if (p.length == 2) {
                double lo = Double.parseDouble(p[0].strip());
                double hi = Double.parseDouble(p[1].strip());
                if (Double.isFinite(lo) && Double.isFinite(hi) && lo >= 0 && hi > lo) {
                    return new double[] {lo, hi};
                }
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ParameterException(spec.commandLine(), option + " is LOW..HIGH with 0 <= LOW < HIGH, got " + text);
    }

    private void check() {
        if (n < 2 || n > 16_384) {
            throw new ParameterException(spec.commandLine(), "--n must be between 2 and 16384, got " + n);
        }
        if (steps < 0) {
            throw new ParameterException(spec.commandLine(), "--steps must not be negative, got " + steps);
        }
        if (pixels < 1 || pixels > n) {
            throw new ParameterException(spec.commandLine(), "--pixels must be between 1 and --n (" + n + "), got " + pixels);
        }
        if ((long) pixels * pixels * gridCounts()[0] * gridCounts()[1] > 400_000_000L) {
            throw new ParameterException(spec.commandLine(), "the mosaic would have more than 4e8 pixels: lower --pixels or --grid");
        }
        for (double d : new double[] {du, dv}) {
            if (!(d >= 0 && Double.isFinite(d))) {
                throw new ParameterException(spec.commandLine(), "--Du and --Dv must be finite and not negative");
            }
        }
        if (!(dt > 0 && Double.isFinite(dt))) {
            throw new ParameterException(spec.commandLine(), "--dt must be a positive number, got " + dt);
        }
        Outputs.checkFile(spec, "--out", out, "png", "a PNG picture");
        if (fields != null) {
            Outputs.checkDirectory(spec, "--fields", fields);
        }
    }
}
