package dev.gridforge.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.Array1;
import dev.gridforge.Array2;
import dev.gridforge.Derivatives;
import dev.gridforge.runtime.io.Npy;
import dev.gridforge.runtime.sim.CudaSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * pinn-residual: the residual of the shipped network at random points on the JVM and the
 * simulator, saved in the shape of x, each value against the method called with finite differences
 * (1e-7, relative above 1); the weights of another directory; and what it refuses.
 */
class PinnResidualCommandTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"jvm", "cuda-sim"})
    void theResidualAtGivenPointsEqualsTheMethodWithFiniteDifferences(String backend) throws IOException {
        Assumptions.assumeTrue(!backend.equals("cuda-sim") || CudaSimulator.isAvailable(), "no g++ for the simulator");
        Random random = new Random(3);
        double[] x = new double[12];
        double[] t = new double[12];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble();
            t[i] = random.nextDouble();
        }
        Path xf = dir.resolve("x.npy");
        Path tf = dir.resolve("t.npy");
        Path rf = dir.resolve("r.npy");
        Npy.write(xf, x, 3, 4);
        Npy.write(tf, t, 3, 4);
        SampleRun run = SampleRun.of("pinn-residual", "--x", xf.toString(), "--t", tf.toString(), "--alpha", "0.3",
                "--backend", backend, "--repeat", "1", "--save", rf.toString());
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertTrue(run.out().contains("check: largest difference from Pinn.residual called with finite differences"), run.out());
        Npy.Array r = Npy.read(rf);
        assertArrayEquals(new int[] {3, 4}, r.shape());
        double[] w1 = shipped("w1");
        double[] b1 = shipped("b1");
        double[] w2 = shipped("w2");
        double[] b2 = shipped("b2");
        double[] w3 = shipped("w3");
        double b3 = shipped("b3")[0];
        int h = Pinn.HIDDEN;
        for (int i = 0; i < x.length; i++) {
            int p = i;
            double fd = Derivatives.byFiniteDifferences(a -> Pinn.residual(a[0], a[1], Array2.of(w1, 2, h), Array1.of(b1, h),
                    Array2.of(w2, h, h), Array1.of(b2, h), Array1.of(w3, h), b3, 0.3), x[p], t[p]);
            assertEquals(fd, r.doubles()[i], 1e-7 * Math.max(1, Math.abs(fd)), "point " + i + " on " + backend);
        }
    }

    /**
     * A long run on the host (90 000 points, 12 calls: about a million evaluations) is cut into
     * launches of a fiftieth of the points each, so that it can show its progress; every value is
     * the one a single launch gives, bit for bit (a short run, launched whole, is the reference).
     */
    @Test
    void aLongRunOnTheJvmIsLaunchedInChunksWithTheSameValuesBitForBit() throws IOException {
        Path chunked = dir.resolve("chunked.npy");
        Path whole = dir.resolve("whole.npy");
        SampleRun longRun = SampleRun.of("pinn-residual", "--n", "300", "--backend", "jvm", "--repeat", "10", "--save", chunked.toString());
        assertEquals(0, longRun.exitCode(), longRun.err() + longRun.out());
        assertTrue(longRun.out().contains("in 50 launches of 1800 points, for the progress bar"), longRun.out());
        SampleRun shortRun = SampleRun.of("pinn-residual", "--n", "300", "--backend", "jvm", "--repeat", "1", "--save", whole.toString());
        assertEquals(0, shortRun.exitCode(), shortRun.err() + shortRun.out());
        assertTrue(!shortRun.out().contains("launches of"), shortRun.out());
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(chunked));
        String summary = "residual: 90000 values";
        assertEquals(line(shortRun.out(), summary), line(longRun.out(), summary), "the same min, max, mean");
    }

    /** At a terminal (script(1) gives the run one), a long run on the JVM shows a progress bar over its points. */
    @Test
    void aLongRunShowsAProgressBarAtATerminal() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "no script(1) here to give the run a terminal");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "'" + javaBin + "' --enable-native-access=ALL-UNNAMED -cp '" + System.getProperty("java.class.path") + "' " + Samples.class.getName()
                + " pinn-residual --n 300 --backend jvm --repeat 10";
        Process p = new ProcessBuilder("/usr/bin/script", "-qec", command, "/dev/null").redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        Assumptions.assumeFalse(out.contains("pseudo-terminal"), "script(1) could not make a terminal here: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("points 100%") && out.contains("1080000/1080000"), out);
    }

    private static String line(String out, String start) {
        return out.lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow(() -> new AssertionError(out));
    }

    @Test
    void weightsFromADirectoryAreUsedAndCheckedForShape() throws IOException {
        for (String name : new String[] {"w1", "b1", "w2", "b2", "w3", "b3"}) {
            try (InputStream in = PinnResidualCommand.class.getResourceAsStream("pinn/" + name + ".npy")) {
                Files.write(dir.resolve(name + ".npy"), in.readAllBytes());
            }
        }
        double[] zero = new double[Pinn.HIDDEN];
        Npy.write(dir.resolve("w3.npy"), zero, 1, Pinn.HIDDEN); // u = b3: a constant, residual 0 everywhere
        SampleRun flat = SampleRun.of("pinn-residual", "--n", "4", "--weights", dir.toString(), "--backend", "jvm", "--repeat", "1");
        assertEquals(0, flat.exitCode(), flat.err());
        assertTrue(flat.out().contains("min 0.00000000, max 0.00000000"), flat.out());
        Npy.write(dir.resolve("w2.npy"), new double[Pinn.HIDDEN * 3], Pinn.HIDDEN, 3);
        SampleRun wrong = SampleRun.of("pinn-residual", "--n", "4", "--weights", dir.toString(), "--backend", "jvm");
        assertEquals(2, wrong.exitCode());
        assertTrue(wrong.err().contains("w2.npy has NumPy shape (32, 3); the 2-32-32-1 network needs (32, 32)"), wrong.err());
        Files.delete(dir.resolve("b2.npy"));
        SampleRun missing = SampleRun.of("pinn-residual", "--n", "4", "--weights", dir.toString(), "--backend", "jvm");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("has no b2.npy"), missing.err());
    }

    @Test
    void badOptionsAreRefused() throws IOException {
        Path xf = dir.resolve("x.npy");
        Npy.write(xf, new double[] {0.1, 0.2}, 2);
        assertRefused(SampleRun.of("pinn-residual", "--x", xf.toString()), "--x and --t come together");
        assertRefused(SampleRun.of("pinn-residual", "--n", "0"), "--n must be between 1 and");
        assertRefused(SampleRun.of("pinn-residual", "--alpha", "NaN"), "--alpha must be a finite number");
        Path tf = dir.resolve("t.npy");
        Npy.write(tf, new double[] {0.1, 0.2, 0.3}, 3);
        assertRefused(SampleRun.of("pinn-residual", "--x", xf.toString(), "--t", tf.toString()), "--x has NumPy shape (2,) but --t has (3,)");
    }

    private static void assertRefused(SampleRun run, String message) {
        assertEquals(2, run.exitCode(), run.out());
        assertTrue(run.err().contains(message), run.err());
        assertTrue(!run.err().contains("\tat "), run.err());
    }

    private static double[] shipped(String name) throws IOException {
        try (InputStream in = PinnResidualCommand.class.getResourceAsStream("pinn/" + name + ".npy")) {
            return Npy.read(in, name).doubles();
        }
    }
}
