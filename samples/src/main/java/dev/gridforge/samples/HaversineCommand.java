package dev.gridforge.samples;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.Mesh;
import dev.gridforge.runtime.io.Npy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Seed 003: the haversine-style distance from (30, 101) over an n x n latitude/longitude mesh,
 * with the mesh computed inside the kernel. Prints where it ran, the first call's time, the
 * median compute and copy-to-host times, a summary of Z, and the largest difference from
 * calling {@link Haversine#distance} directly.
 */
@Command(name = "haversine",
        mixinStandardHelpOptions = true,
        versionProvider = GridforgeVersion.class,
        description = {"Distance from (30, 101) over a lat/lon mesh computed in the kernel (seed 003).",
                "Latitude 29..31 runs along x (axis 0, columns), longitude 99..101 along y (axis 1, rows);"
                        + " the result Z[y][x] is a NumPy (n, n) array."})
final class HaversineCommand implements Callable<Integer> {

    static final double LAT_START = 29, LAT_STOP = 31, LON_START = 99, LON_STOP = 101;
    static final double REF_LAT = 30, REF_LON = 101, SCALE = 1.0;
    /** n * n must fit a Java array. */
    private static final int MAX_N = 46_340;

    @Spec
    private CommandSpec spec;

    @Option(names = "--n", paramLabel = "N", defaultValue = "1000",
            description = "Mesh points along each axis (default: ${DEFAULT-VALUE}).")
    private int n;

    @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "auto",
            converter = BackendConverter.class, completionCandidates = BackendConverter.Candidates.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: the GPU when usable, else the JVM).")
    private Backend backend;

    @Option(names = "--save", paramLabel = "FILE.npy", description = "Write Z as a NumPy (n, n) float64 array.")
    private Path save;

    @Option(names = "--repeat", paramLabel = "K", defaultValue = "5",
            description = "Timed runs after one warm-up; medians are printed (default: ${DEFAULT-VALUE}).")
    private int repeat;

    @Override
    public Integer call() {
        checkOptions();
        try {
            return run();
        } catch (OutOfMemoryError e) {
            throw SampleFailure.heapTooSmall(n, "mesh", "the result, a double[] and a host buffer", 3, e);
        }
    }

    private int run() {
        PrintWriter out = spec.commandLine().getOut();
        Mesh mesh = Mesh.linspace(LAT_START, LAT_STOP, n, LON_START, LON_STOP, n);
        Backend resolved = Gridforge.resolve(backend);
        out.printf("haversine: %d x %d mesh, latitude %s..%s along x, longitude %s..%s along y, from (%s, %s)%n",
                n, n, LAT_START, LAT_STOP, LON_START, LON_STOP, REF_LAT, REF_LON);
        out.printf("backend: %s on %s%n", resolved, Gridforge.describe(resolved));

        if (resolved.isDevice()) {
            // Compiling up front (cached by the accelerator, so the first call below reuses it) shows
            // the compile on its own: NVRTC on a cold cache, a disk-cache load on a warm one.
            long compile = HaversineKernels.on(resolved).prepare();
            out.printf("compile:      %s (%s)%n", KernelTimings.format(compile),
                    resolved == Backend.CUDA ? "NVRTC to CUBIN, or the disk cache" : "g++, or the simulator's disk cache");
        }
        KernelTimings t = KernelTimings.measure(() -> HaversineKernels.on(resolved)
                .distance(mesh, REF_LAT, REF_LON, SCALE), resolved, repeat);
        out.printf("first call:   %s (launch, compute and copy to host)%n", KernelTimings.format(t.firstCallNanos()));
        if (resolved.isDevice()) {
            long[] device = new long[repeat];
            for (int i = 0; i < repeat; i++) {
                DoubleField[] z = new DoubleField[1];
                device[i] = (long) (Gridforge.deviceMillis(resolved, () -> z[0] = HaversineKernels.on(resolved)
                        .distance(mesh, REF_LAT, REF_LON, SCALE)) * 1e6);
                z[0].close();
            }
            out.printf("on device:    %s (median of %d, %s: allocate and run the kernel, without the host's part)%n",
                    KernelTimings.format(KernelTimings.median(device)), repeat,
                    resolved == Backend.CUDA ? "CUDA events" : "wall clock on the simulator");
        }
        out.printf("compute:      %s (median of %d)%n", KernelTimings.format(t.medianComputeNanos()), repeat);
        out.printf("to host:      %s (median of %d, into a double[])%n", KernelTimings.format(t.medianCopyNanos()), repeat);
        String hostKind = t.pinned() ? "a pinned buffer" : "a direct buffer";
        out.printf("to host:      %s (median of %d, into %s)%n", KernelTimings.format(t.medianPinnedCopyNanos()), repeat,
                hostKind);
        out.printf("end to end:   %s into a double[], %s into %s (medians of %d: launch, compute, copy)%n",
                KernelTimings.format(t.medianEndToEndArrayNanos()), KernelTimings.format(t.medianEndToEndPinnedNanos()),
                hostKind, repeat);

        double[] z = t.result();
        out.println(ResultSummary.of("Z", z, n, n));
        OracleCheck check = OracleCheck.of(mesh, z);
        out.printf("check: largest relative difference from Haversine.distance at %d points: %s%n",
                check.points(), check.describeDifference());
        if (save != null) {
            write(z);
            out.printf("saved: %s (float64, shape (%d, %d))%n", save, n, n);
        }
        out.flush();
        return 0;
    }

    private void checkOptions() {
        if (n < 1 || n > MAX_N) {
            throw new ParameterException(spec.commandLine(), "--n must be between 1 and " + MAX_N + ", got " + n);
        }
        if (repeat < 1) {
            throw new ParameterException(spec.commandLine(), "--repeat must be at least 1, got " + repeat);
        }
        Outputs.checkFile(spec, "--save", save, "npy", "NumPy's .npy format");
    }

    private void write(double[] z) {
        try {
            Npy.write(save, z, n, n);
        } catch (IOException e) {
            throw new SampleFailure("cannot write " + save + ": " + e, e);
        }
    }
}
