package dev.gridforge.samples;

import dev.gridforge.Array2f;
import dev.gridforge.Array4f;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.FloatField;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.Shape;
import dev.gridforge.runtime.io.Npy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Seed 002: y = A(x, mask), each channel of x times the mask, shifted by c * step columns and
 * summed, as one gather kernel; with {@code --pinv}, the pseudo-inverse and the round trip
 * A(A_pinv(y)) against y, as the seed measures it. x is (B, C, H, W) float32, mask (1, 1, H, W)
 * float32, y (B, 1, H, W + (C - 1) * step) float32, in NumPy's axis order; inside gridforge the
 * same arrays are fields of shape (W, H, C, B), axis 0 fastest.
 */
@Command(name = "shift-sum",
        mixinStandardHelpOptions = true,
        versionProvider = GridforgeVersion.class,
        description = {"Shift each channel by c * step columns and sum over channels (seed 002), one gather kernel.",
                "x is a (B, C, H, W) float32 array, mask (1, 1, H, W) float32; y is (B, 1, H, W + (C-1)*step)."
                        + " Without --input, x and mask are random, of the seed's sizes unless given."})
final class ShiftSumCommand implements Callable<Integer> {

    /** How many points of y are compared with calling ShiftSum.shiftSum directly. */
    private static final int CHECKED_POINTS = 2000;
    /** Above this many elements of x the check (which needs x on the host) is skipped. */
    private static final long MAX_CHECKED_ELEMENTS = 1L << 28;

    @Spec
    private CommandSpec spec;

    @Option(names = "--input", paramLabel = "X.npy", description = "x, a (B, C, H, W) float32 array.")
    private Path input;

    @Option(names = "--mask", paramLabel = "MASK.npy", description = "The mask, a (1, 1, H, W) or (H, W) float32 array.")
    private Path maskFile;

    @Option(names = "--step", paramLabel = "S", defaultValue = "2",
            description = "Columns between consecutive channels (default: ${DEFAULT-VALUE}).")
    private int step;

    @Option(names = "--pinv", description = "Also run the pseudo-inverse and report the round trip's error, as the seed does.")
    private boolean pinv;

    @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "auto",
            converter = BackendConverter.class, completionCandidates = BackendConverter.Candidates.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: the GPU when usable, else the JVM).")
    private Backend backend;

    @Option(names = "--save", paramLabel = "Y.npy", description = "Write y as a (B, 1, H, W + (C-1)*step) float32 array.")
    private Path save;

    @Option(names = "--batch", paramLabel = "B", description = "B of the random x (default: 16).")
    private Integer batch;

    @Option(names = "--channels", paramLabel = "C", description = "C of the random x (default: 28).")
    private Integer channels;

    @Option(names = "--height", paramLabel = "H", description = "H of the random x (default: 256).")
    private Integer height;

    @Option(names = "--width", paramLabel = "W", description = "W of the random x (default: 256).")
    private Integer width;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "2023", description = "Seed of the random x and mask.")
    private int seed;

    @Option(names = "--repeat", paramLabel = "K", defaultValue = "20",
            description = "Timed calls after one warm-up; medians are printed (default: ${DEFAULT-VALUE}).")
    private int repeat;

    @Override
    public Integer call() {
        checkOptions();
        try {
            return run();
        } catch (OutOfMemoryError e) {
            throw new SampleFailure("the Java heap is too small for these arrays (" + e.getMessage()
                    + "); give the JVM more with -Xmx, e.g. java -Xmx8g -jar ...", e);
        }
    }

    private int run() {
        PrintWriter out = spec.commandLine().getOut();
        Backend resolved = Gridforge.resolve(backend);
        List<Field> open = new ArrayList<>();
        try {
            FloatField x = track(open, input != null ? Gridforge.upload(readX(), resolved) : randomX(resolved));
            int nw = x.shape().extent(0);
            int nh = x.shape().extent(1);
            int nc = x.shape().extent(2);
            int nb = x.shape().extent(3);
            FloatField mask = track(open, maskFile != null ? Gridforge.upload(readMask(nw, nh), resolved)
                    : ShiftSumKernels.on(resolved).mask(Shape.of(nw, nh), seed + 1));
            int wide = nw + (nc - 1) * step;
            Shape yShape = Shape.of(wide, nh, 1, nb);
            out.printf("shift-sum: B %d, C %d, H %d, W %d, step %d: x (%d, %d, %d, %d) -> y (%d, 1, %d, %d), float32%n",
                    nb, nc, nh, nw, step, nb, nc, nh, nw, nb, nh, wide);
            out.printf("backend: %s on %s%n", resolved, Gridforge.describe(resolved));
            ShiftSumKernels.Launcher k = ShiftSumKernels.on(resolved);
            if (resolved.isDevice()) {
                out.printf("compile:      %s%n", KernelTimings.format(k.prepare()));
            }
            long t0 = System.nanoTime();
            FloatField y = track(open, k.shiftSum(yShape, x, mask, step));
            Gridforge.synchronize();
            out.printf("first call:   %s (%s)%n", KernelTimings.format(System.nanoTime() - t0), resolved.isDevice()
                    ? "y left on the device: compile for this step, launch, compute" : "y in a new float[]");
            out.printf("A:            %s per call (median of %d, %s, x and mask already there, y written in place)%n",
                    KernelTimings.format(medianNanos(resolved, () -> k.shiftSumInto(y, yShape, x, mask, step))), repeat,
                    timer(resolved));
            out.printf("y: sum %.6g, min %.6g, max %.6g, non-finite %d (reduced %s)%n", y.sum(), y.min(), y.max(),
                    y.countNonFinite(), resolved.isDevice() ? "on the device" : "on the host");
            check(out, x, mask, y);
            if (pinv) {
                roundTrip(out, k, resolved, x, mask, y, open);
            }
            if (save != null) {
                write(y);
                out.printf("saved: %s (float32, shape (%d, 1, %d, %d))%n", save, nb, nh, wide);
            }
            out.flush();
            return 0;
        } finally {
            open.forEach(Field::close);
        }
    }

    /** The seed's test: x_init = A_pinv(y), y_init = A(x_init), and the mean of |y_init - y|. */
    private void roundTrip(PrintWriter out, ShiftSumKernels.Launcher k, Backend resolved, FloatField x, FloatField mask,
                           FloatField y, List<Field> open) {
        Shape xShape = x.shape();
        FloatField xInit = track(open, k.shiftPinv(xShape, y, mask, step));
        out.printf("A_pinv:       %s per call (median of %d, %s)%n",
                KernelTimings.format(medianNanos(resolved, () -> k.shiftPinvInto(xInit, xShape, y, mask, step))), repeat,
                timer(resolved));
        FloatField yInit = track(open, k.shiftSum(y.shape(), xInit, mask, step));
        FloatField diff = track(open, k.absDiff(yInit, y));
        double mae = diff.sum() / diff.shape().size();
        out.printf("round trip:   MAE of A(A_pinv(y)) against y: %.3g (mean |y| %.3g; the seed reports its MAE the same way)%n",
                mae, y.sum() / y.shape().size());
    }

    /** Compares CHECKED_POINTS random points of y (and its corners) with calling the method directly. */
    private void check(PrintWriter out, FloatField x, FloatField mask, FloatField y) {
        if ((long) x.shape().size() > MAX_CHECKED_ELEMENTS) {
            out.printf("check: skipped, x has %d elements (the check reads x on the host; at most %d)%n",
                    x.shape().size(), MAX_CHECKED_ELEMENTS);
            return;
        }
        Shape s = x.shape();
        Array4f xa = Array4f.of(x.toArray(), s.extent(0), s.extent(1), s.extent(2), s.extent(3));
        Array2f ma = Array2f.of(mask.toArray(), s.extent(0), s.extent(1));
        float[] got = y.toArray();
        int wide = y.shape().extent(0);
        int nh = y.shape().extent(1);
        Random r = new Random(seed);
        int differ = 0;
        double worst = 0;
        for (int i = 0; i < CHECKED_POINTS; i++) {
            int w = i == 0 ? 0 : i == 1 ? wide - 1 : r.nextInt(wide);
            int h = r.nextInt(nh);
            int b = i == 1 ? s.extent(3) - 1 : r.nextInt(s.extent(3));
            float want = ShiftSum.shiftSum(w, h, b, xa, ma, step);
            float have = got[w + wide * (h + nh * b)];
            if (Float.floatToIntBits(want) != Float.floatToIntBits(have)) {
                differ++;
                worst = Math.max(worst, Math.abs(want - have) / Math.max(Math.abs(want), Float.MIN_NORMAL));
            }
        }
        out.printf("check: %d points of y against ShiftSum.shiftSum called directly: %s%n", CHECKED_POINTS,
                differ == 0 ? "all equal, bit for bit" : differ + " differ, by at most " + String.format("%.3g", worst) + " relative");
    }

    private long medianNanos(Backend resolved, Runnable call) {
        call.run(); // warm-up
        long[] t = new long[repeat];
        for (int i = 0; i < repeat; i++) {
            t[i] = (long) (Gridforge.deviceMillis(resolved, call) * 1e6);
        }
        return KernelTimings.median(t);
    }

    private static String timer(Backend resolved) {
        return resolved == Backend.CUDA ? "CUDA events" : resolved == Backend.CUDA_SIM ? "wall clock on the simulator"
                : "wall clock on every core";
    }

    private static <F extends Field> F track(List<Field> open, F f) {
        open.add(f);
        return f;
    }

    private FloatField randomX(Backend resolved) {
        int nb = batch == null ? 16 : batch;
        int nc = channels == null ? 28 : channels;
        int nh = height == null ? 256 : height;
        int nw = width == null ? 256 : width;
        return ShiftSumKernels.on(resolved).uniform(Shape.of(nw, nh, nc, nb), seed);
    }

    private FloatField readX() {
        FloatField x = read(input, "--input");
        if (x.shape().rank() != 4) {
            throw new ParameterException(spec.commandLine(), "--input " + input + " has NumPy shape "
                    + Npy.numpyShapeText(x.shape()) + "; x must be (B, C, H, W), 4 axes");
        }
        if (x.shape().size() == 0) {
            throw new ParameterException(spec.commandLine(), "--input " + input + " has NumPy shape "
                    + Npy.numpyShapeText(x.shape()) + ", an empty axis; B, C, H and W must be at least 1");
        }
        checkWidth(x.shape().extent(0), x.shape().extent(2));
        return x;
    }

    /** The mask as a field of shape (W, H): a (1, 1, H, W) or (H, W) array of x's H and W. */
    private FloatField readMask(int nw, int nh) {
        FloatField m = read(maskFile, "--mask");
        Shape s = m.shape();
        boolean fits = s.extent(0) == nw && s.extent(1) == nh && s.size() == (long) nw * nh;
        if (!fits) {
            throw new ParameterException(spec.commandLine(), "--mask " + maskFile + " has NumPy shape " + Npy.numpyShapeText(s)
                    + " but x has H " + nh + " and W " + nw + "; the mask must be (1, 1, " + nh + ", " + nw + ") or ("
                    + nh + ", " + nw + ")");
        }
        float[] values = m.hostData();
        long zeros = 0;
        for (float v : values) {
            zeros += v == 0 ? 1 : 0;
        }
        if (zeros > 0) {
            spec.commandLine().getOut().printf("warning: the mask has %d zeros: A_pinv divides by them, so its result and"
                    + " the round trip are not finite there (seed 002 replaces 0 with 1e-12)%n", zeros);
        }
        return FloatField.of(values, nw, nh);
    }

    /** W + (C - 1) * step, the width of y, must be an extent. */
    private void checkWidth(int nw, int nc) {
        long wide = (long) nw + (long) (nc - 1) * step;
        if (wide > Integer.MAX_VALUE) {
            throw new ParameterException(spec.commandLine(), "y would be " + wide + " columns wide (W + (C - 1) * step = "
                    + nw + " + " + (nc - 1) + " * " + step + "); at most " + Integer.MAX_VALUE);
        }
    }

    private FloatField read(Path file, String option) {
        try {
            return Npy.readFloatField(file);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), option + ": cannot read " + file + ": " + e);
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    private void checkOptions() {
        if (step < 0) {
            throw new ParameterException(spec.commandLine(), "--step must be 0 or more, got " + step
                    + " (channel c is shifted right by c * step columns)");
        }
        if (repeat < 1) {
            throw new ParameterException(spec.commandLine(), "--repeat must be at least 1, got " + repeat);
        }
        if (input != null && (batch != null || channels != null || height != null || width != null)) {
            throw new ParameterException(spec.commandLine(), "--batch, --channels, --height and --width size the random x;"
                    + " with --input the sizes come from the file");
        }
        if (input == null && maskFile != null) {
            throw new ParameterException(spec.commandLine(), "--mask needs --input (a random x comes with a random mask)");
        }
        for (Integer[] v : new Integer[][] {{batch}, {channels}, {height}, {width}}) {
            if (v[0] != null && v[0] < 1) {
                throw new ParameterException(spec.commandLine(), "sizes must be at least 1, got " + v[0]);
            }
        }
        if (input == null) {
            checkWidth(width == null ? 256 : width, channels == null ? 28 : channels);
        }
        Outputs.checkFile(spec, "--save", save, "npy", "NumPy's .npy format");
    }

    private void write(FloatField y) {
        try {
            Npy.write(save, y);
        } catch (IOException e) {
            throw new SampleFailure("cannot write " + save + ": " + e, e);
        }
    }
}
