package dev.gridforge.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gridforge.runtime.io.Npy;
import dev.gridforge.runtime.sim.CudaSimulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code heat-residual} command (seed 001) run in-process: on the mesh and at random points
 * from files, on the JVM and the CUDA simulator, every saved value against the residual written by
 * hand here (and, when python3 with numpy is installed, computed by NumPy itself), and the inputs
 * it must refuse.
 */
class HeatResidualCommandTest {

    private static final double TOLERANCE = 1e-12;
    private static final double DEFAULT_ALPHA = 0.05;
    private static final Pattern HAND_CHECK = Pattern.compile(
            "check: largest difference from the residual written by hand, at (\\d+) points?: (\\S+) \\(relative above 1, absolute below\\)");
    private static final Pattern FD_CHECK = Pattern.compile(
            "check: largest difference from HeatResidual\\.residual called with finite differences, at (\\d+) points?: (\\S+)");

    @TempDir
    Path dir;

    /** The mesh: x = i/(n-1) along axis 0, t = j/(n-1) along axis 1, saved as the NumPy (n, n) array R[t][x]. */
    @ParameterizedTest(name = "{0}: n {1}, alpha {2}")
    @CsvSource({
        "jvm,      7, ",
        "jvm,      1, ",
        "jvm,      7, 0.7",
        "jvm,      2, 0.7",
        "cuda-sim, 7, ",
        "cuda-sim, 1, ",
        "cuda-sim, 7, 0.7",
    })
    void theMeshSavesRTXInClosedForm(String backend, int n, Double alphaOption) throws IOException {
        assumeBackend(backend);
        double alpha = alphaOption == null ? DEFAULT_ALPHA : alphaOption;
        Path r = dir.resolve("r.npy");
        List<String> args = new ArrayList<>(List.of("heat-residual", "--backend", backend, "--n", "" + n,
                "--repeat", "1", "--save", r.toString()));
        if (alphaOption != null) {
            args.addAll(List.of("--alpha", "" + alphaOption));
        }
        SampleRun run = SampleRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("heat-residual: " + n + " x " + n + " mesh over [0, 1]^2 (x along axis 0, t along axis 1),"
                + " alpha " + alpha), run.out());
        assertTrue(run.out().contains("backend: " + backend + " on "), run.out());
        assertChecksPrinted(run, n * n);
        assertTrue(run.out().contains("saved: " + r + " (float64, NumPy shape (" + n + ", " + n + "))"), run.out());
        double[] got = assertSavedAsFloat64(r, n, n);
        double[] lin = linspace(n);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                assertClose(closedForm(lin[i], lin[j], alpha), got[j * n + i], "R[" + j + "][" + i + "] (x " + lin[i] + ", t " + lin[j] + ")");
            }
        }
    }

    /** Random points of several NumPy shapes: the residual comes back in the shape of x, each value in closed form. */
    @ParameterizedTest(name = "{0}: shape ({1}), alpha {2}")
    @CsvSource({
        "jvm,      13,      ",
        "jvm,      3 5,     ",
        "jvm,      2 2 3,   ",
        "jvm,      2 1 2 3, ",
        "jvm,      3 5,     0.7",
        "cuda-sim, 13,      ",
        "cuda-sim, 3 5,     ",
        "cuda-sim, 2 2 3,   ",
        "cuda-sim, 2 2 3,   0.7",
    })
    void filesOfAnyShapeSaveTheShapeOfXInClosedForm(String backend, String shapeText, Double alphaOption) throws IOException {
        assumeBackend(backend);
        double alpha = alphaOption == null ? DEFAULT_ALPHA : alphaOption;
        int[] shape = Arrays.stream(shapeText.trim().split(" +")).mapToInt(Integer::parseInt).toArray();
        int size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        Random random = new Random(size * 31L + shape.length);
        double[] x = randomPoints(random, size);
        double[] t = randomPoints(random, size);
        Path xFile = dir.resolve("x.npy");
        Path tFile = dir.resolve("t.npy");
        Npy.write(xFile, x, shape);
        Npy.write(tFile, t, shape);
        Path r = dir.resolve("r.npy");
        List<String> args = new ArrayList<>(List.of("heat-residual", "--backend", backend, "--x", xFile.toString(),
                "--t", tFile.toString(), "--repeat", "1", "--save", r.toString()));
        if (alphaOption != null) {
            args.addAll(List.of("--alpha", "" + alphaOption));
        }
        SampleRun run = SampleRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("heat-residual: " + size + " points from " + xFile + " and " + tFile + ", alpha " + alpha),
                run.out());
        assertTrue(run.out().contains("backend: " + backend + " on "), run.out());
        assertChecksPrinted(run, size);
        assertTrue(run.out().contains("saved: " + r + " (float64, NumPy shape " + numpyText(shape) + ")"), run.out());
        double[] got = assertSavedAsFloat64(r, shape);
        for (int k = 0; k < size; k++) {
            assertClose(closedForm(x[k], t[k], alpha), got[k], "element " + k + " (x " + x[k] + ", t " + t[k] + ")");
        }
    }

    /** NumPy computes the residual in closed form from the same files; the saved residual agrees within 1e-12. */
    @ParameterizedTest(name = "shape ({0}), alpha {1}")
    @CsvSource({"13, 0.05", "3 5, 0.05", "2 2 3, 0.05", "2 2 3, 0.7"})
    void numpyInClosedFormAgreesOnFiles(String shapeText, double alpha) throws Exception {
        assumeTrue(python("import numpy").exitCode() == 0, "python3 with numpy is not available");
        int[] shape = Arrays.stream(shapeText.trim().split(" +")).mapToInt(Integer::parseInt).toArray();
        int size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        Random random = new Random(size * 17L + shape.length);
        Path xFile = dir.resolve("x.npy");
        Path tFile = dir.resolve("t.npy");
        Npy.write(xFile, randomPoints(random, size), shape);
        Npy.write(tFile, randomPoints(random, size), shape);
        Path r = dir.resolve("r.npy");
        SampleRun run = SampleRun.of("heat-residual", "--backend", "jvm", "--x", xFile.toString(), "--t", tFile.toString(),
                "--alpha", "" + alpha, "--repeat", "1", "--save", r.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        Path want = dir.resolve("r_numpy.npy");
        PythonRun p = python("import numpy as np\n"
                + "x = np.load(r'" + xFile + "'); t = np.load(r'" + tFile + "')\n"
                + "assert x.dtype == np.float64 and t.dtype == np.float64 and x.shape == t.shape\n"
                + "u = np.sin(np.pi * x) * np.exp(-t**2)\n"
                + "np.save(r'" + want + "', -2 * t * u + " + alpha + " * np.pi**2 * u)\n");
        assertEquals(0, p.exitCode(), p.output());
        assertSameAsNumpy(r, want);
    }

    /** NumPy builds the mesh with linspace and meshgrid (R[t][x]); the saved residual agrees within 1e-12. */
    @ParameterizedTest(name = "n {0}, alpha {1}")
    @CsvSource({"7, 0.05", "1, 0.05", "33, 0.7"})
    void numpyInClosedFormAgreesOnTheMesh(int n, double alpha) throws Exception {
        assumeTrue(python("import numpy").exitCode() == 0, "python3 with numpy is not available");
        Path r = dir.resolve("r.npy");
        SampleRun run = SampleRun.of("heat-residual", "--backend", "jvm", "--n", "" + n, "--alpha", "" + alpha,
                "--repeat", "1", "--save", r.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        Path want = dir.resolve("r_numpy.npy");
        PythonRun p = python("import numpy as np\n"
                + "s = np.linspace(0, 1, " + n + ")\n"
                + "t, x = np.meshgrid(s, s, indexing='ij')\n"
                + "u = np.sin(np.pi * x) * np.exp(-t**2)\n"
                + "np.save(r'" + want + "', -2 * t * u + " + alpha + " * np.pi**2 * u)\n");
        assertEquals(0, p.exitCode(), p.output());
        assertSameAsNumpy(r, want);
    }

    // ---- inputs it refuses ----

    @Test
    void xWithoutTIsAUsageError() throws IOException {
        Path x = writePoints("x.npy", 3);
        assertRefused(runJvm("--x", x.toString()), "--x and --t come together: the points' x and t");
        assertRefused(runJvm("--t", x.toString()), "--x and --t come together: the points' x and t");
    }

    @Test
    void nWithFilesIsAUsageError() throws IOException {
        Path x = writePoints("x.npy", 3);
        Path t = writePoints("t.npy", 3);
        assertRefused(runJvm("--n", "7", "--x", x.toString(), "--t", t.toString()),
                "--n makes a mesh; with --x and --t the points come from the files");
    }

    @Test
    void nOfZeroIsAUsageError() {
        assertRefused(runJvm("--n", "0"), "--n must be between 1 and 46340, got 0");
    }

    @Test
    void xAndTOfDifferentShapesAreRefused() throws IOException {
        Path x = dir.resolve("x.npy");
        Path t = dir.resolve("t.npy");
        Npy.write(x, new double[12], 2, 2, 3);
        Npy.write(t, new double[12], 3, 2, 2);
        assertRefused(runJvm("--x", x.toString(), "--t", t.toString()),
                "--x has NumPy shape (2, 2, 3) but --t has (3, 2, 2); give t for every point of x");
        Path t1 = dir.resolve("t1.npy");
        Npy.write(t1, new double[12], 12);
        assertRefused(runJvm("--x", x.toString(), "--t", t1.toString()), "--x has NumPy shape (2, 2, 3) but --t has (12,)");
    }

    @Test
    void aFloat32XIsRefusedWithTheConversion() throws IOException {
        Path x = dir.resolve("x32.npy");
        Npy.write(x, new float[6], 2, 3);
        Path t = dir.resolve("t.npy");
        Npy.write(t, new double[6], 2, 3);
        SampleRun r = runJvm("--x", x.toString(), "--t", t.toString());
        assertRefused(r, "--x: [Npy] " + x + ": the array holds <f4");
        assertTrue(r.err().contains("a.astype('<f8')"), r.err());
    }

    @Test
    void anAlphaOfNaNIsAUsageError() {
        assertRefused(runJvm("--n", "3", "--alpha", "NaN"), "--alpha must be a finite number, got NaN");
    }

    @Test
    void aTruncatedXIsRefused() throws IOException {
        Path x = writePoints("x.npy", 6);
        Path t = writePoints("t.npy", 6);
        byte[] bytes = Files.readAllBytes(x);
        Files.write(x, Arrays.copyOf(bytes, bytes.length - 5));
        assertRefused(runJvm("--x", x.toString(), "--t", t.toString()), "--x: [Npy] " + x + ": the file is truncated");
    }

    // ---- the residual by hand, and the mesh as NumPy makes it ----

    /** u = sin(pi x) exp(-t^2): u_t = -2 t u and u_xx = -pi^2 u, so u_t - alpha u_xx = -2 t u + alpha pi^2 u. */
    private static double closedForm(double x, double t, double alpha) {
        double u = Math.sin(Math.PI * x) * Math.exp(-t * t);
        return -2 * t * u + alpha * Math.PI * Math.PI * u;
    }

    /** {@code numpy.linspace(0, 1, n)}: i * (1 / (n - 1)), the last point exactly 1, a single point 0. */
    private static double[] linspace(int n) {
        double[] s = new double[n];
        double step = n > 1 ? 1.0 / (n - 1) : 0;
        for (int i = 0; i < n; i++) {
            s[i] = i * step;
        }
        if (n > 1) {
            s[n - 1] = 1.0;
        }
        return s;
    }

    /** In [-1, 2): past both ends of [0, 1], where sin(pi x) changes sign and t is negative. */
    private static double[] randomPoints(Random random, int size) {
        double[] p = new double[size];
        for (int k = 0; k < size; k++) {
            p[k] = random.nextDouble() * 3 - 1;
        }
        return p;
    }

    private Path writePoints(String name, int size) throws IOException {
        Path f = dir.resolve(name);
        Npy.write(f, randomPoints(new Random(size), size), size);
        return f;
    }

    private static void assertClose(double want, double got, String where) {
        double difference = Math.abs(got - want) / Math.max(1, Math.abs(want));
        assertTrue(difference <= TOLERANCE, () -> where + ": closed form " + want + ", heat-residual " + got
                + ", difference " + difference + " (relative above 1, absolute below)");
    }

    private static void assertSameAsNumpy(Path ours, Path numpy) throws IOException {
        Npy.Array a = Npy.read(ours);
        Npy.Array b = Npy.read(numpy);
        assertArrayEquals(b.shape(), a.shape(), a + " vs numpy " + b);
        double[] got = a.doubles();
        double[] want = b.doubles();
        for (int k = 0; k < got.length; k++) {
            assertClose(want[k], got[k], "element " + k + " against numpy");
        }
    }

    /** Both "check:" lines, the one by hand over every point and at most 1e-12. */
    private static void assertChecksPrinted(SampleRun run, int points) {
        Matcher hand = HAND_CHECK.matcher(run.out());
        assertTrue(hand.find(), run.out());
        assertEquals(points, Integer.parseInt(hand.group(1)), run.out());
        assertTrue(Double.parseDouble(hand.group(2)) <= TOLERANCE, run.out());
        Matcher fd = FD_CHECK.matcher(run.out());
        assertTrue(fd.find(), run.out());
        assertEquals(Math.min(1000, points), Integer.parseInt(fd.group(1)), run.out());
        assertTrue(Double.parseDouble(fd.group(2)) <= 1e-6, run.out());
    }

    /** The saved residual: dtype {@code <f8}, the given NumPy shape; its elements in C order. */
    private static double[] assertSavedAsFloat64(Path r, int... numpyShape) throws IOException {
        byte[] bytes = Files.readAllBytes(r);
        String header = new String(bytes, 0, Math.min(bytes.length, 128), StandardCharsets.ISO_8859_1);
        assertTrue(header.contains("'descr': '<f8'"), header);
        Npy.Array saved = Npy.read(r);
        assertArrayEquals(numpyShape, saved.shape(), saved.toString());
        return saved.doubles();
    }

    private static String numpyText(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    private static void assumeBackend(String backend) {
        if (backend.equals("cuda-sim")) {
            assumeTrue(CudaSimulator.isAvailable(), "no C++ compiler for the CUDA simulator");
        }
    }

    private static SampleRun runJvm(String... options) {
        List<String> args = new ArrayList<>(List.of("heat-residual", "--backend", "jvm", "--repeat", "1"));
        args.addAll(List.of(options));
        return SampleRun.of(args.toArray(String[]::new));
    }

    /** A usage error: exit code 2, one line naming the problem, no stack trace, nothing run. */
    private static void assertRefused(SampleRun r, String message) {
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertTrue(r.err().contains("Run 'gridforge-samples heat-residual --help' for the options."), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(r.out().contains("backend:"), "nothing ran: " + r.out());
    }

    private record PythonRun(int exitCode, String output) {
    }

    private static PythonRun python(String script) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new PythonRun(-1, "python3 timed out");
            }
            return new PythonRun(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new PythonRun(-1, "python3 could not start: " + e.getMessage());
        }
    }
}
