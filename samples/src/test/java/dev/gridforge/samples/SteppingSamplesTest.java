package dev.gridforge.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gridforge.runtime.io.Npy;
import dev.gridforge.runtime.sim.CudaSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The wave and gray-scott samples on the command line. The wave is checked against seed 000's
 * own NumPy code (run with python3 where numpy is installed): the same numbers bit for bit, and
 * on unstable parameters the same step and cell where the field first stops being finite.
 */
class SteppingSamplesTest {

    @TempDir
    Path dir;


    private static void needs(String backend) {
        assumeTrue(!backend.equals("cuda-sim") || CudaSimulator.isAvailable(), "no C++ compiler for the CUDA simulator");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jvm", "cuda-sim"})
    void waveEqualsTheSeedsNumpyCodeBitForBit(String backend) throws Exception {
        needs(backend);
        Path ours = dir.resolve("ours.npy");
        SampleRun r = SampleRun.of("wave", "--n", "48", "--steps", "25", "--courant", "0.37", "--backend", backend, "--save", ours.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("time/step:") && r.out().contains("u: shape (48, 48) float64"), r.out());
        Path theirs = dir.resolve("theirs.npy");
        String seed = seed("48", "25", "0.37", theirs);
        assertEquals("finite", seed.strip());
        double[] a = Npy.read(ours).doubles();
        double[] b = Npy.read(theirs).doubles();
        assertArrayEquals(new int[] {48, 48}, Npy.read(ours).shape());
        for (int i = 0; i < a.length; i++) {
            assertEquals(Double.doubleToRawLongBits(b[i]), Double.doubleToRawLongBits(a[i]), "element " + i + ": numpy "
                    + b[i] + ", gridforge " + a[i]);
        }
    }

    /** Past the stability limit the run stops, exit code 4, at the step and cell where NumPy's run first holds inf or NaN. */
    @ParameterizedTest
    @ValueSource(strings = {"jvm", "cuda-sim"})
    void anUnstableWaveIsDiagnosedAtTheStepAndCellNumpyGives(String backend) throws Exception {
        needs(backend);
        SampleRun r = SampleRun.of("wave", "--n", "40", "--steps", "300", "--courant", "2.4975", "--backend", backend, "--watch", "40");
        assertEquals(SteppedRun.EXIT_DIVERGED, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("warning: C = 2.49750 is above this scheme's stability limit"), r.out());
        Matcher m = Pattern.compile("stopped being finite in step (\\d+): u\\((\\d+), (\\d+)\\) = ").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(r.out().contains("Run with --courant 0.5"), r.out());
        String seed = seed("40", "300", "2.4975", dir.resolve("unused.npy"));
        assertEquals("diverged " + m.group(1) + " " + m.group(2) + " " + m.group(3), seed.strip(),
                "numpy's first non-finite step and cell (x, y)");
    }

    @Test
    void grayScottOnTheSimulatorEqualsTheJvmAndWritesPictures() throws Exception {
        needs("cuda-sim");
        Path jvm = dir.resolve("jvm.npy");
        Path sim = dir.resolve("sim.npy");
        Path gif = dir.resolve("gs.gif");
        SampleRun a = SampleRun.of("gray-scott", "--n", "24", "--steps", "60", "--backend", "jvm", "--save", jvm.toString(),
                "--frames", dir.resolve("frames").toString(), "--every", "20", "--gif", gif.toString());
        assertEquals(0, a.exitCode(), a.out() + a.err());
        assertTrue(a.out().contains("pictures:     4 PNG"), a.out());
        SampleRun b = SampleRun.of("gray-scott", "--n", "24", "--steps", "60", "--backend", "cuda-sim", "--save", sim.toString());
        assertEquals(0, b.exitCode(), b.out() + b.err());
        Npy.Array saved = Npy.read(jvm);
        assertArrayEquals(new int[] {2, 24, 24}, saved.shape());
        assertArrayEquals(saved.doubles(), Npy.read(sim).doubles());
        try (var frames = Files.list(dir.resolve("frames"))) {
            assertEquals(4, frames.filter(p -> p.toString().endsWith(".png")).count(), "steps 0, 20, 40 and 60");
        }
        assertEquals(4, gifFrames(gif));
        java.awt.image.BufferedImage first = ImageIO.read(dir.resolve("frames/frame-000000.png").toFile());
        java.awt.image.BufferedImage last = ImageIO.read(dir.resolve("frames/frame-000060.png").toFile());
        assertEquals(first.getWidth(), last.getWidth(), "every frame of a run has one size (an animation needs it)");
        assertEquals(first.getHeight(), last.getHeight());
        assertTrue(first.getWidth() > 24 * 8, "the 24 x 24 field magnified, with its axes: " + first.getWidth());
    }

    /**
     * On the GPU (run with -Dgridforge.gpuTests=true): the wave uses only +, - and * (no fused
     * multiply-add: NVRTC runs with --fmad=false), so CUDA's field equals the JVM's bit for bit,
     * in a loop replayed as CUDA graphs; and the divergence is found at the same step and cell.
     */
    @Test
    @Tag("gpu")
    void waveOnTheGpuEqualsTheJvmAndDivergesAtTheSameStep() throws Exception {
        Path jvm = dir.resolve("jvm.npy");
        Path gpu = dir.resolve("gpu.npy");
        SampleRun a = SampleRun.of("wave", "--n", "300", "--steps", "400", "--courant", "0.5", "--backend", "jvm", "--save", jvm.toString());
        SampleRun b = SampleRun.of("wave", "--n", "300", "--steps", "400", "--courant", "0.5", "--backend", "cuda", "--save", gpu.toString());
        assertEquals(0, a.exitCode(), a.out() + a.err());
        assertEquals(0, b.exitCode(), b.out() + b.err());
        assertTrue(b.out().contains("recorded runs of steps replayed"), b.out());
        double[] x = Npy.read(jvm).doubles();
        double[] y = Npy.read(gpu).doubles();
        for (int i = 0; i < x.length; i++) {
            assertEquals(Double.doubleToRawLongBits(x[i]), Double.doubleToRawLongBits(y[i]), "element " + i);
        }
        SampleRun c = SampleRun.of("wave", "--n", "40", "--steps", "300", "--courant", "2.4975", "--backend", "jvm");
        SampleRun d = SampleRun.of("wave", "--n", "40", "--steps", "300", "--courant", "2.4975", "--backend", "cuda");
        Matcher m = Pattern.compile("stopped being finite in step \\d+: u\\(\\d+, \\d+\\)").matcher(c.out());
        assertTrue(m.find(), c.out());
        assertTrue(d.out().contains(m.group()), "the GPU diverges where the JVM does (" + m.group() + "): " + d.out());
    }

    /**
     * Pictures carry a colour bar (unless --no-colour-bar), and the run says how many had values
     * outside the colour range and how far out: the seed's wave at C = 0.5 dips to -1.488 at
     * step 11 on a 40 x 40 grid and peaks at 1.25 after its first step, against colours over
     * [-1.1, 1.1]; 5 of its first 61 fields go outside (NumPy's numbers, which the JVM's equal bit
     * for bit).
     */
    @Test
    void wavePicturesHaveAColourBarAndTheRunSaysWhatWasClipped() throws IOException {
        Path frames = dir.resolve("wf");
        SampleRun r = SampleRun.of("wave", "--n", "40", "--steps", "60", "--courant", "0.5", "--backend", "jvm",
                "--frames", frames.toString(), "--every", "1");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("clipped:      5 of 61 pictures have values outside the colour range [-1.1, 1.1]"), r.out());
        assertTrue(r.out().contains("as low as -1.48834 at step 11, as high as 1.25 at step 1"), r.out());
        java.awt.image.BufferedImage withBar = ImageIO.read(frames.resolve("frame-000011.png").toFile());
        assertTrue(hasColourBar(withBar, ColourMap.DIVERGING, 29), "a column of the 29 colour levels, highest at the top");
        assertTrue(withBar.getWidth() > 40 && withBar.getHeight() > 40, "room for the label and the axes");

        Path bare = dir.resolve("bare");
        SampleRun b = SampleRun.of("wave", "--n", "40", "--steps", "2", "--courant", "0.5", "--backend", "jvm",
                "--frames", bare.toString(), "--no-colour-bar");
        assertEquals(0, b.exitCode(), b.out() + b.err());
        java.awt.image.BufferedImage noBar = ImageIO.read(bare.resolve("frame-000001.png").toFile());
        assertFalse(hasColourBar(noBar, ColourMap.DIVERGING, 29));
        assertTrue(noBar.getWidth() < withBar.getWidth(), noBar.getWidth() + " < " + withBar.getWidth());
        assertTrue(b.out().contains("clipped:      2 of 3 pictures have values outside the colour range [-1.1, 1.1]"), b.out());
    }

    /** Whether some column of the picture holds exactly the map's levels, top to bottom from the highest. */
    private static boolean hasColourBar(java.awt.image.BufferedImage image, ColourMap colours, int levels) {
        java.util.List<Integer> expected = new java.util.ArrayList<>();
        for (int band = levels - 1; band >= 0; band--) {
            expected.add(colours.rgb((band + 0.5) / levels));
        }
        for (int x = 0; x < image.getWidth(); x++) {
            java.util.List<Integer> seen = new java.util.ArrayList<>();
            for (int y = 0; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                if (expected.contains(rgb) && (seen.isEmpty() || seen.get(seen.size() - 1) != rgb)) {
                    seen.add(rgb);
                }
            }
            if (seen.equals(expected)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingRuns() throws IOException {
        Files.createDirectories(dir.resolve("taken.npy"));
        String[][] cases = {
            {"wave", "--steps", "0"}, {"wave", "--n", "1"}, {"wave", "--courant", "-1"}, {"wave", "--every", "0"},
            {"wave", "--gif", dir.resolve("w.png").toString()}, {"wave", "--save", dir.resolve("taken.npy").toString()},
            {"gray-scott", "--steps", "-3"}, {"gray-scott", "--dt", "-1"}, {"gray-scott", "--watch", "0"},
            {"gray-scott", "--frames", dir.resolve("taken.npy/x").toString() + "\u0000"},
        };
        for (String[] c : cases) {
            SampleRun r = SampleRun.of(c);
            assertEquals(2, r.exitCode(), String.join(" ", c) + ": " + r.err());
            assertFalse(r.out().contains("backend:"), "nothing ran for " + String.join(" ", c) + ": " + r.out());
        }
        assertTrue(SampleRun.of("wave", "--save", dir.resolve("taken.npy").toString()).err().contains("is a directory"));
    }

    private static int gifFrames(Path gif) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            return reader.getNumImages(true);
        }
    }

    /** Runs the seed's NumPy code (a test resource); skips the test where python3 with numpy is missing. */
    private String seed(String n, String steps, String courant, Path out) throws Exception {
        Path script = dir.resolve("seed000_wave.py");
        try (InputStream in = SteppingSamplesTest.class.getResourceAsStream("seed000_wave.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process p;
        try {
            p = new ProcessBuilder("python3", script.toString(), n, steps, courant, out.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 could not start: " + e.getMessage());
            return "";
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python3 finished");
        assumeTrue(!output.contains("No module named 'numpy'"), "numpy is not installed");
        assertEquals(0, p.exitValue(), output);
        return output;
    }
}
