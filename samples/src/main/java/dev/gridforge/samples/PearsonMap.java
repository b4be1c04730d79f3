package dev.gridforge.samples;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Ring;
import dev.gridforge.runtime.TimeLoop;
import dev.gridforge.spark.SweepContext;
import dev.gridforge.spark.SweepTask;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Pearson's map of the Gray-Scott model (Science 261, 1993): one simulation per (F, k) pair,
 * each from the same start (u = 1, v = 0, a centred square of u = 0.5, v = 0.25, ±1% noise), its
 * last v shrunk to a tile of the mosaic. Each simulation is one {@link SweepTask}: a whole time
 * loop on the task's device, returning only its tile.
 */
final class PearsonMap implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One simulation's parameters: its place in the map (column = k, row = F) and the rates. */
    record Cell(int column, int row, double f, double k) implements Serializable {
    }

    /**
     * One simulation's outcome: its tile (v averaged over blocks, {@code pixels²} values, x fastest),
     * v's range, and whether it stayed finite.
     */
    record Tile(float[] pixels, double minV, double maxV, boolean finite, String device) implements Serializable {
    }

    final int n;
    final int steps;
    final double du;
    final double dv;
    final double dt;
    final int pixels;
    final long seed;
    final String fieldsDir;

    PearsonMap(int n, int steps, double du, double dv, double dt, int pixels, long seed, Path fields) {
        this.n = n;
        this.steps = steps;
        this.du = du;
        this.dv = dv;
        this.dt = dt;
        this.pixels = pixels;
        this.seed = seed;
        this.fieldsDir = fields == null ? null : fields.toAbsolutePath().toString();
    }

    /** The map's cells, row by row from the lowest F, k increasing along each row. */
    static List<Cell> cells(int columns, int rows, double kLow, double kHigh, double fLow, double fHigh) {
        List<Cell> cells = new ArrayList<>(columns * rows);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                cells.add(new Cell(c, r, centre(fLow, fHigh, r, rows), centre(kLow, kHigh, c, columns)));
            }
        }
        return cells;
    }

    /** The middle of the i-th of {@code count} equal parts of [low, high]. */
    static double centre(double low, double high, int i, int count) {
        return low + (high - low) * (i + 0.5) / count;
    }

    /** The sweep's task: simulate one cell on the task's backend. */
    SweepTask<Cell, Tile> task() {
        return (cell, context) -> simulate(cell, context);
    }

    Tile simulate(Cell cell, SweepContext context) throws Exception {
        double[][] start = start();
        try (TimeLoop loop = TimeLoop.on(context.backend())) {
            Ring<DoubleField> u = loop.ring("u", DoubleField.of(start[0], n, n), 0);
            Ring<DoubleField> v = loop.ring("v", DoubleField.of(start[1], n, n), 0);
            GrayScottKernels.Launcher k = GrayScottKernels.on(loop.backend());
            double f = cell.f();
            double kill = cell.k();
            loop.run(steps, () -> k.stepInto(u.next(), v.next(), u.now(), v.now(), du, dv, f, kill, dt));
            if (fieldsDir != null) {
                context.writeNpy(Path.of(fieldsDir, String.format(java.util.Locale.ROOT, "v-%03d-%03d.npy", cell.row(), cell.column())),
                        v.now());
            }
            return tile(v.now().toArray(), context.device().describe());
        }
    }

    /** The same start for every cell (one seed): what makes the map's tiles comparable. */
    double[][] start() {
        double[] u = new double[n * n];
        double[] v = new double[n * n];
        int side = Math.max(1, n * 20 / 256); // Pearson: a 20 x 20 square in 256 x 256
        int lo = (n - side) / 2;
        Random noise = new Random(seed);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                boolean square = x >= lo && x < lo + side && y >= lo && y < lo + side;
                u[x + n * y] = (square ? 0.5 : 1) * (1 + 0.02 * (noise.nextDouble() - 0.5));
                v[x + n * y] = (square ? 0.25 : 0) * (1 + 0.02 * (noise.nextDouble() - 0.5));
            }
        }
        return new double[][] {u, v};
    }

    /** v averaged over n/pixels blocks (the last block of an axis takes what is left). */
    Tile tile(double[] v, String device) {
        float[] out = new float[pixels * pixels];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean finite = true;
        for (int py = 0; py < pixels; py++) {
            int y0 = py * n / pixels;
            int y1 = Math.max(y0 + 1, (py + 1) * n / pixels);
            for (int px = 0; px < pixels; px++) {
                int x0 = px * n / pixels;
                int x1 = Math.max(x0 + 1, (px + 1) * n / pixels);
                double sum = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        double value = v[x + n * y];
                        sum += value;
                        finite &= Double.isFinite(value);
                        min = Math.min(min, value);
                        max = Math.max(max, value);
                    }
                }
                out[px + pixels * py] = (float) (sum / ((y1 - y0) * (x1 - x0)));
            }
        }
        return new Tile(out, min, max, finite, device);
    }

    /** For the message of a task's backend that the map cannot use. */
    static String describe(Backend b) {
        return b.id();
    }
}
