package dev.gridforge.samples;

import dev.gridforge.Array1;
import dev.gridforge.Array2;
import dev.gridforge.Derivatives;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.Mesh;
import dev.gridforge.runtime.Shape;
import dev.gridforge.runtime.io.Npy;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Seed 001's PINN residual: u_t - alpha u_xx for u a 2-32-32-1 tanh network whose weights are
 * read from .npy files (a set ships in the jar), at the points of two .npy files or on an n x n
 * mesh over [0, 1]^2. Prints the backend, the time per call with the points on the device, a
 * summary, and the largest difference from the method called with finite differences.
 */
@Command(name = "pinn-residual",
        mixinStandardHelpOptions = true,
        versionProvider = GridforgeVersion.class,
        description = {"The heat residual u_t - alpha u_xx of a 2-32-32-1 tanh network u(x, t) (seed 001's PINN),"
                + " derivatives by d(...) through the network.",
                "Weights w1 (32, 2), b1 (32,), w2 (32, 32), b2 (32,), w3 (1, 32), b3 (1,) float64, PyTorch's layout;"
                        + " points from --x and --t, or an n x n mesh over [0, 1]^2 (R[t][x])."})
final class PinnResidualCommand implements Callable<Integer> {

    private static final int CHECKED_POINTS = 100;
    /**
     * Point evaluations (points times calls) from which a run on the host is launched in chunks
     * and shows a progress bar: a second or more on a few cores (about 6 us of a core per point
     * on the development machine), where the run would otherwise sit silent.
     */
    static final long CHUNKED_EVALUATIONS = 1_000_000;
    /** Chunks per call: fine steps for the bar, each chunk still large enough to keep every core busy. */
    private static final int CHUNKS_PER_CALL = 50;
    private static final String[] FILES = {"w1", "b1", "w2", "b2", "w3", "b3"};

    @Spec
    private CommandSpec spec;

    @Mixin
    private ResidualPoints points;





    @Option(names = "--weights", paramLabel = "DIR",
            description = "A directory with w1.npy, b1.npy, w2.npy, b2.npy, w3.npy, b3.npy (default: the set in the jar).")
    private Path weights;

    @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "auto",
            converter = BackendConverter.class, completionCandidates = BackendConverter.Candidates.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: the GPU when usable, else the JVM).")
    private Backend backend;


    @Option(names = "--repeat", paramLabel = "K", defaultValue = "10",
            description = "Timed calls after one warm-up; the median is printed (default: ${DEFAULT-VALUE}).")
    private int repeat;

    /** The network's weights as fields of gridforge's axis order, and b3. */
    record Network(DoubleField w1, DoubleField b1, DoubleField w2, DoubleField b2, DoubleField w3, double b3) {
    }

    @Override
    public Integer call() {
        checkOptions();
        PrintWriter out = spec.commandLine().getOut();
        Backend resolved = Gridforge.resolve(backend);
        Network net = network();
        DoubleField x;
        DoubleField t;
        if (points.fromFiles()) {
            DoubleField[] xt = points.readPoints(spec);
            x = xt[0];
            t = xt[1];
            out.printf("pinn-residual: %d points from %s and %s, alpha %s%n", x.shape().size(), points.xFile, points.tFile, points.alpha);
        } else {
            int size = points.meshSize();
            Mesh mesh = Mesh.linspace(0, 1, size, 0, 1, size);
            double[] xs = new double[size * size];
            double[] ts = new double[size * size];
            for (int j = 0; j < size; j++) {
                for (int i = 0; i < size; i++) {
                    xs[i + size * j] = mesh.coord(0, i);
                    ts[i + size * j] = mesh.coord(1, j);
                }
            }
            x = DoubleField.of(xs, Shape.of(size, size));
            t = DoubleField.of(ts, Shape.of(size, size));
            out.printf("pinn-residual: %d x %d mesh over [0, 1]^2 (x along axis 0, t along axis 1), alpha %s%n", size, size, points.alpha);
        }
        out.printf("network: 2-%d-%d-1 tanh, weights from %s%n", Pinn.HIDDEN, Pinn.HIDDEN,
                weights == null ? "the jar (dev/gridforge/samples/pinn)" : weights);
        out.printf("backend: %s on %s%n", resolved, Gridforge.describe(resolved));
        PinnKernels.Launcher k = PinnKernels.on(resolved);
        List<Field> open = new ArrayList<>();
        int calls = repeat + 2; // the call that makes the result, a warm-up, the timed ones
        long evaluations = (long) x.shape().size() * calls;
        // Cut only where a call is long (the host; a GPU takes milliseconds, and its time per call
        // would then include the extra launches), and only for runs of some seconds.
        boolean chunked = resolved != Backend.CUDA && evaluations >= CHUNKED_EVALUATIONS;
        try (Progress bar = chunked ? Progress.start("points", evaluations) : Progress.none()) {
            DoubleField w1 = track(open, Gridforge.upload(net.w1(), resolved));
            DoubleField b1 = track(open, Gridforge.upload(net.b1(), resolved));
            DoubleField w2 = track(open, Gridforge.upload(net.w2(), resolved));
            DoubleField b2 = track(open, Gridforge.upload(net.b2(), resolved));
            DoubleField w3 = track(open, Gridforge.upload(net.w3(), resolved));
            if (resolved.isDevice()) {
                out.printf("compile:      %s%n", KernelTimings.format(k.prepare()));
            }
            Runnable call;
            Supplier<DoubleField> result;
            String launches = "";
            if (!chunked) {
                DoubleField xd = track(open, Gridforge.upload(x, resolved));
                DoubleField td = track(open, Gridforge.upload(t, resolved));
                DoubleField r = track(open, k.residual(xd, td, w1, b1, w2, b2, w3, net.b3(), points.alpha));
                call = () -> k.residualInto(r, xd, td, w1, b1, w2, b2, w3, net.b3(), points.alpha);
                result = () -> r;
            } else {
                int chunkPoints = (x.shape().size() + CHUNKS_PER_CALL - 1) / CHUNKS_PER_CALL;
                PointChunks chunks = new PointChunks(resolved, chunkPoints, x, t);
                open.addAll(chunks.fields());
                List<DoubleField> parts = new ArrayList<>();
                for (int c = 0; c < chunks.count(); c++) {
                    parts.add(track(open, k.residual(chunks.input(c, 0), chunks.input(c, 1), w1, b1, w2, b2, w3, net.b3(),
                            points.alpha)));
                    bar.stepBy(chunks.points(c));
                }
                call = () -> {
                    for (int c = 0; c < chunks.count(); c++) {
                        k.residualInto(parts.get(c), chunks.input(c, 0), chunks.input(c, 1), w1, b1, w2, b2, w3, net.b3(),
                                points.alpha);
                        bar.stepBy(chunks.points(c));
                    }
                };
                result = () -> track(open, Gridforge.upload(DoubleField.of(chunks.join(parts), x.shape()), resolved));
                launches = String.format(Locale.ROOT, ", in %d launches of %s%d points, for the progress bar", chunks.count(),
                        x.shape().size() % chunkPoints == 0 ? "" : "at most ", chunkPoints);
            }
            call.run();
            long[] times = new long[repeat];
            for (int i = 0; i < repeat; i++) {
                times[i] = (long) (Gridforge.deviceMillis(resolved, call) * 1e6);
            }
            bar.close();
            out.printf("per call:     %s (median of %d, %s%s, points and weights already there, result written in place)%n",
                    KernelTimings.format(KernelTimings.median(times)), repeat, resolved == Backend.CUDA ? "CUDA events"
                            : resolved == Backend.CUDA_SIM ? "wall clock on the simulator" : "wall clock on every core", launches);
            DoubleField r = result.get();
            double[] values = r.toArray();
            out.printf(Locale.ROOT, "residual: %d values, min %.9g, max %.9g, mean %.9g, non-finite %d%n", values.length,
                    r.min(), r.max(), r.sum() / values.length, r.countNonFinite());
            check(out, x.hostData(), t.hostData(), values, net);
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

    /** Against Pinn.residual called directly, its d(...) by finite differences, at a sample of the points. */
    private void check(PrintWriter out, double[] xs, double[] ts, double[] values, Network net) {
        Array2 w1 = Array2.of(net.w1().hostData(), 2, Pinn.HIDDEN);
        Array1 b1 = Array1.of(net.b1().hostData(), Pinn.HIDDEN);
        Array2 w2 = Array2.of(net.w2().hostData(), Pinn.HIDDEN, Pinn.HIDDEN);
        Array1 b2 = Array1.of(net.b2().hostData(), Pinn.HIDDEN);
        Array1 w3 = Array1.of(net.w3().hostData(), Pinn.HIDDEN);
        Random random = new Random(1);
        int checked = Math.min(CHECKED_POINTS, values.length);
        double worst = 0;
        for (int c = 0; c < checked; c++) {
            int i = checked == values.length ? c : random.nextInt(values.length);
            double x = xs[i];
            double t = ts[i] == x ? Math.nextUp(ts[i]) : ts[i]; // the finite differences tell x and t apart by value
            double fd = Derivatives.byFiniteDifferences(a -> Pinn.residual(a[0], a[1], w1, b1, w2, b2, w3, net.b3(), points.alpha), x, t);
            double got = ts[i] == x ? fd : values[i];
            worst = Math.max(worst, Math.abs(got - fd) / Math.max(1, Math.abs(fd)));
        }
        out.printf(Locale.ROOT, "check: largest difference from Pinn.residual called with finite differences, at %d"
                + " points: %.3g%n", checked, worst);
    }

    /** The six weight files, checked against the 2-32-32-1 shape, as fields in gridforge's axis order. */
    private Network network() {
        DoubleField[] f = new DoubleField[FILES.length];
        for (int i = 0; i < FILES.length; i++) {
            f[i] = readWeight(FILES[i]);
        }
        int h = Pinn.HIDDEN;
        expect(f[0], "w1", h, 2);
        expect(f[1], "b1", h);
        expect(f[2], "w2", h, h);
        expect(f[3], "b2", h);
        expect(f[4], "w3", 1, h);
        expect(f[5], "b3", 1);
        return new Network(f[0], f[1], f[2], f[3], f[4], f[5].hostData()[0]);
    }

    private void expect(DoubleField f, String name, int... numpyShape) {
        int[] s = Npy.numpyShape(f.shape());
        if (!java.util.Arrays.equals(s, numpyShape)) {
            throw new ParameterException(spec.commandLine(), name + ".npy has NumPy shape " + ResidualPoints.numpy(f) + "; the 2-"
                    + Pinn.HIDDEN + "-" + Pinn.HIDDEN + "-1 network needs " + java.util.Arrays.toString(numpyShape)
                    .replace('[', '(').replace(']', ')') + " (PyTorch's nn.Linear layout, weight (out, in))");
        }
    }

    private DoubleField readWeight(String name) {
        String file = name + ".npy";
        try {
            if (weights != null) {
                Path p = weights.resolve(file);
                if (!Files.isRegularFile(p)) {
                    throw new ParameterException(spec.commandLine(), "--weights " + weights + " has no " + file
                            + " (it needs " + String.join(", ", List.of(FILES)) + ", each .npy)");
                }
                return Npy.readDoubleField(p);
            }
            try (InputStream in = PinnResidualCommand.class.getResourceAsStream("pinn/" + file)) {
                if (in == null) {
                    throw new SampleFailure("the jar has no weights (dev/gridforge/samples/pinn/" + file + ")", null);
                }
                Field f = Npy.readField(in, "pinn/" + file);
                if (!(f instanceof DoubleField d)) {
                    throw new SampleFailure("pinn/" + file + " in the jar is not float64", null);
                }
                return d;
            }
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read " + file + ": " + e);
        } catch (dev.gridforge.runtime.GridforgeException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
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
