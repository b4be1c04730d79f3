package dev.gridforge.samples;

import dev.gridforge.Derivatives;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.Mesh;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Seed 001: the heat residual u_t - alpha u_xx of u(x, t) = sin(pi x) exp(-t^2), its derivatives
 * generated at build time by d(...), at the points of two .npy files or on an n x n mesh over
 * [0, 1]^2. Prints the backend, the time per call with the points on the device, a summary, and
 * the largest difference from the residual written by hand and from the method called directly
 * with finite differences.
 */
@Command(name = "heat-residual",
        mixinStandardHelpOptions = true,
        versionProvider = GridforgeVersion.class,
        description = {"The heat residual u_t - alpha u_xx of u = sin(pi x) exp(-t^2) (seed 001), derivatives by d(...).",
                "At the points of --x and --t (float64 .npy files of one shape), or on an n x n mesh over [0, 1]^2"
                        + " (x along axis 0, t along axis 1: a NumPy (n, n) array R[t][x])."})
final class HeatResidualCommand implements Callable<Integer> {

    private static final int CHECKED_POINTS = 1000;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ResidualPoints points;





    @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "auto",
            converter = BackendConverter.class, completionCandidates = BackendConverter.Candidates.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: the GPU when usable, else the JVM).")
    private Backend backend;


    @Option(names = "--repeat", paramLabel = "K", defaultValue = "20",
            description = "Timed calls after one warm-up; the median is printed (default: ${DEFAULT-VALUE}).")
    private int repeat;

    @Override
    public Integer call() {
        checkOptions();
        PrintWriter out = spec.commandLine().getOut();
        Backend resolved = Gridforge.resolve(backend);
        HeatResidualKernels.Launcher k = HeatResidualKernels.on(resolved);
        List<Field> open = new ArrayList<>();
        try {
            DoubleField r;
            java.util.function.IntFunction<double[]> pointAt; // (x, t) of point i
            Runnable timed;
            if (points.fromFiles()) {
                DoubleField[] xt = points.readPoints(spec);
                DoubleField x = xt[0];
                DoubleField t = xt[1];
                double[] xs = x.hostData();
                double[] ts = t.hostData();
                pointAt = i -> new double[] {xs[i], ts[i]};
                out.printf("heat-residual: %d points from %s and %s, alpha %s%n", xs.length, points.xFile, points.tFile, points.alpha);
                out.printf("backend: %s on %s%n", resolved, Gridforge.describe(resolved));
                DoubleField xd = track(open, Gridforge.upload(x, resolved));
                DoubleField td = track(open, Gridforge.upload(t, resolved));
                r = track(open, k.residual(xd, td, points.alpha));
                timed = () -> k.residualInto(r, xd, td, points.alpha);
            } else {
                int size = points.meshSize();
                Mesh mesh = Mesh.linspace(0, 1, size, 0, 1, size);
                // the check reads the points from the mesh: no n^2 coordinate arrays on the host
                double[] xAxis = mesh.coords(0);
                double[] tAxis = mesh.coords(1);
                pointAt = i -> new double[] {xAxis[i % size], tAxis[i / size]};
                out.printf("heat-residual: %d x %d mesh over [0, 1]^2 (x along axis 0, t along axis 1), alpha %s%n", size, size, points.alpha);
                out.printf("backend: %s on %s%n", resolved, Gridforge.describe(resolved));
                r = track(open, k.residualOnMesh(mesh, points.alpha));
                timed = () -> k.residualOnMeshInto(r, mesh, points.alpha);
            }
            timed.run();
            long[] t = new long[repeat];
            for (int i = 0; i < repeat; i++) {
                t[i] = (long) (Gridforge.deviceMillis(resolved, timed) * 1e6);
            }
            out.printf("per call:     %s (median of %d, %s, points already there, result written in place)%n",
                    KernelTimings.format(KernelTimings.median(t)), repeat, resolved == Backend.CUDA ? "CUDA events"
                            : resolved == Backend.CUDA_SIM ? "wall clock on the simulator" : "wall clock on every core");
            double[] values = r.toArray();
            out.printf(Locale.ROOT, "residual: %d values, min %.9g, max %.9g, mean %.9g, non-finite %d%n", values.length,
                    r.min(), r.max(), r.sum() / values.length, r.countNonFinite());
            check(out, pointAt, values);
            if (points.save != null) {
                points.write(r);
                out.printf("saved: %s (float64, NumPy shape %s)%n", points.save, ResidualPoints.numpy(r));
            }
            out.flush();
            return 0;
        } finally {
            open.forEach(Field::close);
        }
    }

    /** Against the residual by hand at every point, and against the method with finite differences at a sample. */
    private void check(PrintWriter out, java.util.function.IntFunction<double[]> pointAt, double[] values) {
        double worst = 0;
        for (int i = 0; i < values.length; i++) {
            double[] p = pointAt.apply(i);
            double want = HeatResidual.closedForm(p[0], p[1], points.alpha);
            worst = Math.max(worst, Math.abs(values[i] - want) / Math.max(1, Math.abs(want)));
        }
        out.printf(Locale.ROOT, "check: largest difference from the residual written by hand, at %d point%s: %.3g"
                + " (relative above 1, absolute below)%n", values.length, values.length == 1 ? "" : "s", worst);
        Random random = new Random(1);
        double fdWorst = 0;
        int checked = Math.min(CHECKED_POINTS, values.length);
        for (int c = 0; c < checked; c++) {
            int i = checked == values.length ? c : random.nextInt(values.length);
            double[] p = pointAt.apply(i);
            double x = p[0];
            double t = p[1] == x ? Math.nextUp(p[1]) : p[1]; // the finite differences tell x and t apart by value
            double fd = Derivatives.byFiniteDifferences(a -> HeatResidual.residual(a[0], a[1], points.alpha), x, t);
            double got = p[1] == x ? HeatResidual.closedForm(x, t, points.alpha) : values[i];
            fdWorst = Math.max(fdWorst, Math.abs(got - fd) / Math.max(1, Math.abs(fd)));
        }
        out.printf(Locale.ROOT, "check: largest difference from HeatResidual.residual called with finite differences, at %d"
                + " point%s: %.3g%n", checked, checked == 1 ? "" : "s", fdWorst);
    }

    private static <F extends Field> F track(List<Field> open, F f) {
        open.add(f);
        return f;
    }

    private void checkOptions() {
        points.check(spec);
        if (repeat < 1) {
            throw new ParameterException(spec.commandLine(), "--repeat must be at least 1, got " + repeat);
        }
    }

}
