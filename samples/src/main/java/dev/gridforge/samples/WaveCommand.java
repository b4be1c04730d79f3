package dev.gridforge.samples;

import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Mesh;
import dev.gridforge.runtime.Ring;
import dev.gridforge.runtime.io.Npy;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Seed 000: the 2-D wave equation, the seed's scheme (see {@link Wave}) and its default
 * parameters, which are past the stability limit: the watchdog finds the step where the field
 * stops being finite and says why.
 */
@Command(name = "wave",
        mixinStandardHelpOptions = true,
        versionProvider = GridforgeVersion.class,
        sortOptions = false,
        description = {"The 2-D wave equation by finite differences, seed 000's scheme: grid linspace(0, 1, n) on both "
                + "axes, 1 inside the disk (x-0.5)^2 + (y-0.5)^2 < 0.01, Laplacian on the edge-padded field and zero on the "
                + "border ring, first step u - lap(u) C^2/2, then -u_prev + 2u + lap(u) C^2.",
                "C = c dt / dx with dt = T / steps and dx = 1 / (n - 1); the defaults (the seed's) give C = 2.4975, past this "
                        + "scheme's limit 1/sqrt(2): they blow up, and the run says at which step and cell."})
final class WaveCommand implements Callable<Integer> {

    /** The 2-D limit of this leapfrog scheme: C at most 1/sqrt(2). */
    static final double LIMIT = 1 / Math.sqrt(2);
    private static final int MAX_N = 46_340;

    @Spec
    private CommandSpec spec;

    @Option(names = "--n", paramLabel = "N", defaultValue = "1000", description = "Grid points along each axis (default: ${DEFAULT-VALUE}).")
    private int n;

    @Option(names = "--steps", paramLabel = "S", defaultValue = "200",
            description = "Updates, the first step included, as the seed counts them (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--courant", paramLabel = "C", description = "The Courant number itself, instead of --c and --T.")
    private Double courant;

    @Option(names = "--c", paramLabel = "c", defaultValue = "0.5", description = "Wave speed (default: ${DEFAULT-VALUE}).")
    private double c;

    @Option(names = "--T", paramLabel = "T", defaultValue = "1", description = "Time simulated (default: ${DEFAULT-VALUE}).")
    private double time;

    @Mixin
    private LoopOptions options;

    @Override
    public Integer call() {
        checkOptions();
        try {
            return run();
        } catch (OutOfMemoryError e) {
            throw SampleFailure.heapTooSmall(n, "grid", "the loop's fields, its snapshot, the result and frames in flight", 8, e);
        }
    }

    private int run() {
        PrintWriter out = spec.commandLine().getOut();
        Mesh mesh = Mesh.linspace(0, 1, n, 0, 1, n);
        double dx = mesh.coord(0, 1) - mesh.coord(0, 0); // as the seed: x[1] - x[0]
        double dt = time / steps;
        double courantNumber = courant != null ? courant : c * dt / dx;
        double c2 = courantNumber * courantNumber;
        out.printf(Locale.ROOT, "wave: %d x %d grid on [0, 1]^2, %d steps, C = %s%s%n", n, n, steps, courantNumber,
                courant != null ? "" : " (c = " + c + ", dt = T/steps = " + dt + ", dx = " + dx + ")");
        if (courantNumber > LIMIT) {
            out.printf(Locale.ROOT, "warning: C = %.6g is above this scheme's stability limit 1/sqrt(2) = %.4f: the field"
                    + " will grow without bound%n", courantNumber, LIMIT);
        }
        try (SteppedRun run = new SteppedRun(out, options)) {
            run.printBackend();
            WaveKernels.Launcher k = WaveKernels.on(run.backend());
            run.compiled(k.prepare(), 3);
            Ring<DoubleField> u;
            try (DoubleField u0 = k.initial(mesh)) {
                u = run.loop().ring("u", u0, 1);
            }
            run.loop().watch(options.watch, () -> hint(courantNumber));
            // The seed's contourf levels; its time only when dt is the user's (--c and --T), not --courant's.
            run.pictures(u, steps, new PictureStyle("u", ColourMap.DIVERGING, -1.1, 1.1, 29, 0, 1, 0, 1,
                    courant != null ? Double.NaN : dt));
            run.progress(steps);
            int exit = run.run(() -> {
                run.loop().run(1, () -> k.firstInto(u.next(), u.now(), c2));
                if (steps > 1) {
                    run.loop().run(steps - 1, () -> k.stepInto(u.next(), u.now(), u.past(1), c2));
                }
                run.lastPicture(u, steps);
            });
            if (exit != 0) {
                return exit;
            }
            double[] last = u.now().toArray();
            out.println(ResultSummary.of("u", last, n, n));
            if (options.save != null) {
                save(last);
                out.printf("saved: %s (float64, shape (%d, %d))%n", options.save, n, n);
            }
        }
        out.flush();
        return 0;
    }

    /** Why the field blew up, and what to change. */
    private String hint(double courantNumber) {
        if (courantNumber <= LIMIT) {
            return String.format(Locale.ROOT, "C = %.6g is within the stability limit 1/sqrt(2) = %.4f, so the growth"
                    + " comes from the initial field or the scheme", courantNumber, LIMIT);
        }
        long stableSteps = (long) Math.ceil(c * time * (n - 1) / LIMIT);
        return String.format(Locale.ROOT, "The Courant number C = c dt / dx = %.6g is above this scheme's stability limit"
                        + " 1/sqrt(2) = %.4f in 2-D, so the shortest waves grow by a factor each step. Run with --courant"
                        + " 0.5, or with at least %d steps for c = %s, T = %s on this grid (dt = T / steps), or a coarser"
                        + " grid (dx = 1 / (n - 1))",
                courantNumber, LIMIT, stableSteps, c, time);
    }

    private void checkOptions() {
        if (n < 2 || n > MAX_N) {
            throw new ParameterException(spec.commandLine(), "--n must be between 2 and " + MAX_N + ", got " + n);
        }
        options.check(spec, steps);
        if (courant != null && !(courant > 0 && Double.isFinite(courant))) {
            throw new ParameterException(spec.commandLine(), "--courant must be a positive number, got " + courant);
        }
        var parsed = spec.commandLine().getParseResult();
        if (courant != null && (parsed.hasMatchedOption("--c") || parsed.hasMatchedOption("--T"))) {
            throw new ParameterException(spec.commandLine(), "give the Courant number either with --courant or through"
                    + " --c and --T (C = c (T / steps) (n - 1)), not both");
        }
        if (!(c > 0 && Double.isFinite(c)) || !(time > 0 && Double.isFinite(time))) {
            throw new ParameterException(spec.commandLine(), "--c and --T must be positive numbers, got " + c + " and " + time);
        }
    }

    private void save(double[] last) {
        try {
            Npy.write(options.save, last, n, n);
        } catch (IOException e) {
            throw new SampleFailure("cannot write " + options.save + ": " + e, e);
        }
    }
}
