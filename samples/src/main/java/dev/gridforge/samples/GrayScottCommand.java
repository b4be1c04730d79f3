package dev.gridforge.samples;

import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Ring;
import dev.gridforge.runtime.io.Npy;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Gray-Scott reaction-diffusion ({@link GrayScott}): two coupled fields on a periodic grid, one kernel per step. */
@Command(name = "gray-scott",
        mixinStandardHelpOptions = true,
        versionProvider = GridforgeVersion.class,
        sortOptions = false,
        description = {"Gray-Scott reaction-diffusion: u' = u + dt (Du lap(u) - u v^2 + F (1 - u)), "
                + "v' = v + dt (Dv lap(v) + u v^2 - (F + k) v), on a periodic n x n grid of spacing 1, both fields in one kernel.",
                "Starts from u = 1, v = 0 with a centred square of u = 0.5, v = 0.25 and +-1%% noise (Pearson's set-up). The "
                        + "defaults Du = 0.16, Dv = 0.08, F = 0.035, k = 0.065 are classic unit-grid values: the square "
                        + "breaks into spots that keep dividing."})
final class GrayScottCommand implements Callable<Integer> {

    /** 2 n² must fit a Java array (the saved state holds u and v). */
    private static final int MAX_N = 32_767;

    @Spec
    private CommandSpec spec;

    @Option(names = "--n", paramLabel = "N", defaultValue = "256", description = "Grid points along each axis (default: ${DEFAULT-VALUE}).")
    private int n;

    @Option(names = "--steps", paramLabel = "S", defaultValue = "5000", description = "Time steps (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--Du", paramLabel = "D", defaultValue = "0.16", description = "Diffusion rate of u (default: ${DEFAULT-VALUE}).")
    private double du;

    @Option(names = "--Dv", paramLabel = "D", defaultValue = "0.08", description = "Diffusion rate of v (default: ${DEFAULT-VALUE}).")
    private double dv;

    @Option(names = "--F", paramLabel = "F", defaultValue = "0.035", description = "Feed rate (default: ${DEFAULT-VALUE}).")
    private double feed;

    @Option(names = "--k", paramLabel = "k", defaultValue = "0.065", description = "Kill rate (default: ${DEFAULT-VALUE}).")
    private double kill;

    @Option(names = "--dt", paramLabel = "DT", defaultValue = "1", description = "Time step (default: ${DEFAULT-VALUE}).")
    private double dt;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "Seed of the initial noise (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Mixin
    private LoopOptions options;

    @Override
    public Integer call() {
        checkOptions();
        try {
            return run();
        } catch (OutOfMemoryError e) {
            throw SampleFailure.heapTooSmall(n, "grid", "two fields of each ring, the snapshot, the initial fields and the results", 10, e);
        }
    }

    private int run() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "gray-scott: %d x %d periodic grid, %d steps, Du = %s, Dv = %s, F = %s, k = %s, dt = %s%n",
                n, n, steps, du, dv, feed, kill, dt);
        double[][] initial = initial();
        try (SteppedRun run = new SteppedRun(out, options)) {
            run.printBackend();
            GrayScottKernels.Launcher k = GrayScottKernels.on(run.backend());
            run.compiled(k.prepare(), 1);
            Ring<DoubleField> u = run.loop().ring("u", DoubleField.of(initial[0], n, n), 0);
            Ring<DoubleField> v = run.loop().ring("v", DoubleField.of(initial[1], n, n), 0);
            run.loop().watch(options.watch, () -> String.format(Locale.ROOT, "This explicit scheme is stable for"
                    + " dt * 4 * max(Du, Dv) <= 1 (now %.4g): lower --dt or the diffusion rates", dt * 4 * Math.max(du, dv)));
            run.pictures(v, steps, new PictureStyle("v", ColourMap.SEQUENTIAL, 0, 0.5, 0, 0, n - 1, 0, n - 1, dt));
            run.progress(steps);
            int exit = run.run(() -> {
                run.loop().run(steps, () -> k.stepInto(u.next(), v.next(), u.now(), v.now(), du, dv, feed, kill, dt));
                run.lastPicture(v, steps);
            });
            if (exit != 0) {
                return exit;
            }
            double[] lastU = u.now().toArray();
            double[] lastV = v.now().toArray();
            out.println(ResultSummary.of("u", lastU, n, n));
            out.println(ResultSummary.of("v", lastV, n, n));
            if (options.save != null) {
                save(lastU, lastV);
                out.printf("saved: %s (float64, shape (2, %d, %d): u, then v)%n", options.save, n, n);
            }
        }
        out.flush();
        return 0;
    }

    /** u = 1, v = 0; a centred square of side n/5 at u = 0.5, v = 0.25; then ±0.01 uniform noise on both. */
    private double[][] initial() {
        double[] u = new double[n * n];
        double[] v = new double[n * n];
        int lo = n / 2 - n / 10;
        int hi = n / 2 + n / 10;
        Random noise = new Random(seed);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                boolean square = x >= lo && x < hi && y >= lo && y < hi;
                u[x + n * y] = (square ? 0.5 : 1) + 0.02 * (noise.nextDouble() - 0.5);
                v[x + n * y] = (square ? 0.25 : 0) + 0.02 * (noise.nextDouble() - 0.5);
            }
        }
        return new double[][] {u, v};
    }

    private void checkOptions() {
        if (n < 1 || n > MAX_N) {
            throw new ParameterException(spec.commandLine(), "--n must be between 1 and " + MAX_N + ", got " + n);
        }
        options.check(spec, steps);
        String[] names = {"--Du", "--Dv", "--F", "--k"};
        double[] values = {du, dv, feed, kill};
        for (int i = 0; i < names.length; i++) {
            if (!Double.isFinite(values[i]) || values[i] < 0) {
                throw new ParameterException(spec.commandLine(), names[i] + " must be a finite number, not negative, got " + values[i]);
            }
        }
        if (!(dt > 0 && Double.isFinite(dt))) {
            throw new ParameterException(spec.commandLine(), "--dt must be a positive number, got " + dt);
        }
    }

    private void save(double[] u, double[] v) {
        double[] both = new double[2 * n * n];
        System.arraycopy(u, 0, both, 0, u.length);
        System.arraycopy(v, 0, both, u.length, v.length);
        try {
            Npy.write(options.save, both, 2, n, n);
        } catch (IOException e) {
            throw new SampleFailure("cannot write " + options.save + ": " + e, e);
        }
    }
}
