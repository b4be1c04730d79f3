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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code shift-sum} command (seed 002) run in-process: random sizes on the JVM and the CUDA
 * simulator, x and mask given as files against the seed's method 1 written here (and, when python3
 * with numpy is installed, run by NumPy itself), and the inputs it must refuse.
 */
class ShiftSumCommandTest {

    private static final String CHECKED = "check: 2000 points of y against ShiftSum.shiftSum called directly: all equal, bit for bit";

    @TempDir
    Path dir;

    /** B, C, H, W, S: the seed's shape in miniature, one channel, W smaller than S, no shift, many channels. */
    @ParameterizedTest(name = "{0}: B {1}, C {2}, H {3}, W {4}, step {5}")
    @CsvSource({
        "jvm,      2,  5, 7, 9, 2",
        "jvm,      3,  1, 4, 6, 2",
        "jvm,      2,  4, 3, 1, 3",
        "jvm,      2,  6, 5, 4, 0",
        "jvm,      1, 40, 2, 3, 2",
        "cuda-sim, 2,  5, 7, 9, 2",
        "cuda-sim, 3,  1, 4, 6, 2",
        "cuda-sim, 2,  4, 3, 1, 3",
        "cuda-sim, 2,  6, 5, 4, 0",
        "cuda-sim, 1, 40, 2, 3, 2",
    })
    void randomInputsRunChecksAndSaveTheSeedsShape(String backend, int b, int c, int h, int w, int s) throws IOException {
        assumeBackend(backend);
        Path y = dir.resolve("y.npy");
        SampleRun r = SampleRun.of("shift-sum", "--backend", backend, "--batch", "" + b, "--channels", "" + c,
                "--height", "" + h, "--width", "" + w, "--step", "" + s, "--seed", "7", "--repeat", "1", "--pinv",
                "--save", y.toString());
        int wide = w + (c - 1) * s;
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("x (" + b + ", " + c + ", " + h + ", " + w + ") -> y (" + b + ", 1, " + h + ", " + wide + ")"),
                r.out());
        assertTrue(r.out().contains("backend: " + backend + " on "), r.out());
        assertTrue(r.out().contains(CHECKED), r.out());
        assertTrue(r.out().contains("round trip:   MAE of A(A_pinv(y)) against y: "), r.out());
        assertTrue(r.out().contains("saved: " + y), r.out());
        assertSavedAsFloat32(y, b, h, wide);
    }

    /**
     * x and mask from files equal the seed's method 1 computed here, bit for bit. The kernel adds,
     * for each element of y, the channels in increasing c starting from 0; {@link #methodOne} adds
     * them in that order too (its c loop is outside its h and w loops), and float32 addition of the
     * same products in the same order gives the same bits.
     */
    @ParameterizedTest(name = "{0}: B {1}, C {2}, H {3}, W {4}, step {5}")
    @CsvSource({
        "jvm,      2,  5, 7, 9, 2",
        "jvm,      2,  4, 3, 1, 3",
        "jvm,      1, 40, 2, 3, 2",
        "jvm,      2,  3, 4, 5, 0",
        "cuda-sim, 2,  5, 7, 9, 2",
        "cuda-sim, 1, 40, 2, 3, 2",
    })
    void filesGiveTheSeedsMethodOneBitForBit(String backend, int b, int c, int h, int w, int s) throws IOException {
        assumeBackend(backend);
        float[][][][] x = randomX(new Random(b * 1000 + c * 100 + s), b, c, h, w);
        float[][] mask = randomMask(new Random(c), h, w);
        Path xFile = writeX(x);
        Path maskFile = dir.resolve("mask.npy");
        Npy.write(maskFile, flatten(mask), 1, 1, h, w);
        Path y = dir.resolve("y.npy");
        SampleRun r = SampleRun.of("shift-sum", "--backend", backend, "--input", xFile.toString(), "--mask",
                maskFile.toString(), "--step", "" + s, "--repeat", "1", "--pinv", "--save", y.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains(CHECKED), r.out());
        int wide = w + (c - 1) * s;
        float[] got = assertSavedAsFloat32(y, b, h, wide);
        float[][][][] want = methodOne(x, mask, s);
        for (int bi = 0; bi < b; bi++) {
            for (int hi = 0; hi < h; hi++) {
                for (int wi = 0; wi < wide; wi++) {
                    float have = got[(bi * h + hi) * wide + wi];
                    float expected = want[bi][0][hi][wi];
                    String at = "y[" + bi + ", 0, " + hi + ", " + wi + "]";
                    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(have),
                            () -> at + ": method 1 " + expected + ", shift-sum " + have);
                }
            }
        }
    }

    /** A mask of NumPy shape (H, W) is taken as (1, 1, H, W) is. */
    @Test
    void aMaskOfShapeHWIsTheSameAsOneOfShape11HW() throws IOException {
        float[][][][] x = randomX(new Random(5), 2, 3, 4, 5);
        float[][] mask = randomMask(new Random(6), 4, 5);
        Path xFile = writeX(x);
        Path m4 = dir.resolve("m4.npy");
        Path m2 = dir.resolve("m2.npy");
        Npy.write(m4, flatten(mask), 1, 1, 4, 5);
        Npy.write(m2, flatten(mask), 4, 5);
        Path y4 = dir.resolve("y4.npy");
        Path y2 = dir.resolve("y2.npy");
        assertEquals(0, runJvm("--input", xFile.toString(), "--mask", m4.toString(), "--save", y4.toString()).exitCode());
        assertEquals(0, runJvm("--input", xFile.toString(), "--mask", m2.toString(), "--save", y2.toString()).exitCode());
        assertArrayEquals(Npy.read(y4).floats(), Npy.read(y2).floats());
    }

    /**
     * NumPy runs the seed's method 1 (its loop, in float32) on the same files. NumPy adds each
     * element's channels in increasing c from a zero start as the kernel does, so the results are
     * allowed to differ by 1 ulp at most; observed with numpy 2.4.6: none differ, bit for bit.
     */
    @ParameterizedTest(name = "B {0}, C {1}, H {2}, W {3}, step {4}")
    @CsvSource({"2, 5, 7, 9, 2", "2, 4, 3, 1, 3", "1, 40, 2, 3, 2", "2, 3, 4, 5, 0", "4, 28, 16, 16, 2"})
    void numpyRunningTheSeedsLoopAgrees(int b, int c, int h, int w, int s) throws Exception {
        assumeTrue(python("import numpy").exitCode() == 0, "python3 with numpy is not available");
        float[][][][] x = randomX(new Random(11 + c), b, c, h, w);
        float[][] mask = randomMask(new Random(12 + c), h, w);
        Path xFile = writeX(x);
        Path maskFile = dir.resolve("mask.npy");
        Npy.write(maskFile, flatten(mask), 1, 1, h, w);
        Path y = dir.resolve("y.npy");
        Path yNumpy = dir.resolve("y_numpy.npy");
        assertEquals(0, runJvm("--input", xFile.toString(), "--mask", maskFile.toString(), "--step", "" + s,
                "--save", y.toString()).exitCode());
        PythonRun p = python("import numpy as np\n"
                + "x = np.load(r'" + xFile + "'); mask = np.load(r'" + maskFile + "')\n"
                + "assert x.dtype == np.float32 and mask.dtype == np.float32\n"
                + "B, C, H, W = x.shape; S = " + s + "\n"
                + "z = x * mask\n"
                + "y = np.zeros((B, 1, H, W + (C - 1) * S), dtype=np.float32)\n"
                + "for i in range(C):\n"
                + "    y[..., i*S:i*S+W] += z[:, i:i+1]\n"
                + "assert y.dtype == np.float32\n"
                + "np.save(r'" + yNumpy + "', y)\n");
        assertEquals(0, p.exitCode(), p.output());
        Npy.Array ours = Npy.read(y);
        Npy.Array theirs = Npy.read(yNumpy);
        assertArrayEquals(theirs.shape(), ours.shape());
        float[] a = ours.floats();
        float[] n = theirs.floats();
        for (int k = 0; k < a.length; k++) {
            int ulps = Math.abs(Float.floatToIntBits(a[k]) - Float.floatToIntBits(n[k]));
            int at = k;
            assertTrue(ulps <= 1, () -> "element " + at + ": shift-sum " + a[at] + ", numpy " + n[at]);
        }
    }

    // ---- inputs it refuses ----

    @Test
    void aNegativeStepIsAUsageError() {
        assertRefused(runJvm("--step", "-1", "--channels", "2", "--height", "2", "--width", "2", "--batch", "1"),
                "--step must be 0 or more, got -1");
    }

    @Test
    void anInputOfRankThreeIsRefused() throws IOException {
        Path x = dir.resolve("x3.npy");
        Npy.write(x, new float[24], 2, 3, 4);
        assertRefused(runJvm("--input", x.toString()), "--input " + x + " has NumPy shape (2, 3, 4); x must be (B, C, H, W), 4 axes");
    }

    @Test
    void aMaskWhoseHeightOrWidthDiffersFromXIsRefused() throws IOException {
        Path x = writeX(randomX(new Random(1), 1, 2, 3, 4));
        Path wrongW = dir.resolve("wrong_w.npy");
        Path wrongH = dir.resolve("wrong_h.npy");
        Npy.write(wrongW, new float[15], 1, 1, 3, 5);
        Npy.write(wrongH, new float[8], 2, 4);
        assertRefused(runJvm("--input", x.toString(), "--mask", wrongW.toString()),
                "--mask " + wrongW + " has NumPy shape (1, 1, 3, 5) but x has H 3 and W 4; the mask must be (1, 1, 3, 4) or (3, 4)");
        assertRefused(runJvm("--input", x.toString(), "--mask", wrongH.toString()),
                "--mask " + wrongH + " has NumPy shape (2, 4) but x has H 3 and W 4");
    }

    @Test
    void aFloat64InputIsRefusedWithTheConversion() throws IOException {
        Path x = dir.resolve("x64.npy");
        Npy.write(x, new double[24], 1, 2, 3, 4);
        assertRefused(runJvm("--input", x.toString()), "--input: [Npy] " + x + ": the array holds <f8");
        assertTrue(runJvm("--input", x.toString()).err().contains("a.astype('<f4')"));
    }

    @Test
    void aFortranOrderInputIsRefused() throws IOException {
        Path x = dir.resolve("fortran.npy");
        Npy.write(x, new float[24], 1, 2, 3, 4);
        byte[] bytes = Files.readAllBytes(x);
        String header = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = header.indexOf("'fortran_order': False");
        assertTrue(at > 0, header);
        // "True " is as long as "False", so the header keeps its length and alignment
        byte[] patched = header.replace("'fortran_order': False", "'fortran_order': True ").getBytes(StandardCharsets.ISO_8859_1);
        Files.write(x, patched);
        assertRefused(runJvm("--input", x.toString()), "the array is in Fortran order");
    }

    @Test
    void aTruncatedInputIsRefused() throws IOException {
        Path x = dir.resolve("truncated.npy");
        Npy.write(x, new float[24], 1, 2, 3, 4);
        byte[] bytes = Files.readAllBytes(x);
        Files.write(x, Arrays.copyOf(bytes, bytes.length - 5));
        assertRefused(runJvm("--input", x.toString()), "truncated");
    }

    @Test
    void anEmptyInputAndAStepTooWideAreRefused() throws IOException {
        for (int[] shape : new int[][] {{0, 2, 3, 4}, {1, 0, 3, 4}, {1, 2, 0, 4}, {1, 2, 3, 0}}) {
            Path x = dir.resolve("empty.npy");
            Npy.write(x, new float[0], shape);
            assertRefused(runJvm("--input", x.toString()), "an empty axis; B, C, H and W must be at least 1");
        }
        Path x = writeX(randomX(new Random(1), 1, 3, 2, 4));
        assertRefused(runJvm("--input", x.toString(), "--step", "1500000000"), "y would be 3000000004 columns wide");
        assertRefused(runJvm("--channels", "3", "--step", "1500000000"), "y would be 3000000256 columns wide");
    }

    @Test
    void aMaskWithZerosIsUsedWithAWarning() throws IOException {
        Path x = writeX(randomX(new Random(1), 1, 2, 2, 3));
        Path m = dir.resolve("zeros.npy");
        Npy.write(m, new float[] {0, 1, 1, 1, 0, 1}, 2, 3);
        SampleRun r = runJvm("--input", x.toString(), "--mask", m.toString(), "--pinv");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("warning: the mask has 2 zeros: A_pinv divides by them"), r.out());
    }

    @Test
    void aMaskWithoutAnInputIsAUsageError() throws IOException {
        Path m = dir.resolve("mask.npy");
        Npy.write(m, new float[4], 2, 2);
        assertRefused(runJvm("--mask", m.toString()), "--mask needs --input");
    }

    @Test
    void sizesWithAnInputAreAUsageError() throws IOException {
        Path x = writeX(randomX(new Random(1), 1, 2, 3, 4));
        assertRefused(runJvm("--input", x.toString(), "--channels", "3"),
                "--batch, --channels, --height and --width size the random x; with --input the sizes come from the file");
    }

    // ---- the seed's method 1, over NumPy-order arrays ----

    /** torch: {@code z = x * mask; for i in range(C): y[..., i*S:i*S+W] += z[:, i:i+1]}. */
    private static float[][][][] methodOne(float[][][][] x, float[][] mask, int s) {
        int nb = x.length;
        int nc = x[0].length;
        int nh = x[0][0].length;
        int nw = x[0][0][0].length;
        float[][][][] y = new float[nb][1][nh][nw + (nc - 1) * s];
        for (int b = 0; b < nb; b++) {
            for (int c = 0; c < nc; c++) {
                for (int h = 0; h < nh; h++) {
                    for (int w = 0; w < nw; w++) {
                        y[b][0][h][w + c * s] += x[b][c][h][w] * mask[h][w];
                    }
                }
            }
        }
        return y;
    }

    private static float[][][][] randomX(Random r, int b, int c, int h, int w) {
        float[][][][] x = new float[b][c][h][w];
        for (float[][][] xb : x) {
            for (float[][] xc : xb) {
                for (float[] xh : xc) {
                    for (int i = 0; i < w; i++) {
                        xh[i] = r.nextFloat() * 2 - 1;
                    }
                }
            }
        }
        return x;
    }

    /** In [0.25, 1.25): away from 0, so the pseudo-inverse's division by the mask stays tame. */
    private static float[][] randomMask(Random r, int h, int w) {
        float[][] m = new float[h][w];
        for (float[] row : m) {
            for (int i = 0; i < w; i++) {
                row[i] = 0.25f + r.nextFloat();
            }
        }
        return m;
    }

    private Path writeX(float[][][][] x) throws IOException {
        Path f = dir.resolve("x.npy");
        List<Float> flat = new ArrayList<>();
        for (float[][][] xb : x) {
            for (float[][] xc : xb) {
                for (float[] xh : xc) {
                    for (float v : xh) {
                        flat.add(v);
                    }
                }
            }
        }
        float[] data = new float[flat.size()];
        for (int k = 0; k < data.length; k++) {
            data[k] = flat.get(k);
        }
        Npy.write(f, data, x.length, x[0].length, x[0][0].length, x[0][0][0].length);
        return f;
    }

    private static float[] flatten(float[][] m) {
        float[] data = new float[m.length * m[0].length];
        for (int h = 0; h < m.length; h++) {
            System.arraycopy(m[h], 0, data, h * m[0].length, m[0].length);
        }
        return data;
    }

    /** The saved y: NumPy shape (B, 1, H, W'), dtype {@code <f4}; its elements in C order. */
    private static float[] assertSavedAsFloat32(Path y, int b, int h, int wide) throws IOException {
        byte[] bytes = Files.readAllBytes(y);
        String header = new String(bytes, 0, Math.min(bytes.length, 128), StandardCharsets.ISO_8859_1);
        assertTrue(header.contains("'descr': '<f4'"), header);
        Npy.Array saved = Npy.read(y);
        assertArrayEquals(new int[] {b, 1, h, wide}, saved.shape(), saved.toString());
        return saved.floats();
    }

    private static void assumeBackend(String backend) {
        if (backend.equals("cuda-sim")) {
            assumeTrue(CudaSimulator.isAvailable(), "no C++ compiler for the CUDA simulator");
        }
    }

    private static SampleRun runJvm(String... options) {
        List<String> args = new ArrayList<>(List.of("shift-sum", "--backend", "jvm", "--repeat", "1"));
        args.addAll(List.of(options));
        return SampleRun.of(args.toArray(String[]::new));
    }

    /** A usage error: exit code 2, one line naming the problem, no stack trace, nothing run. */
    private static void assertRefused(SampleRun r, String message) {
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertTrue(r.err().contains("Run 'gridforge-samples shift-sum --help' for the options."), r.err());
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
