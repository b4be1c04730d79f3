package dev.gridforge.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Ring;
import dev.gridforge.runtime.TimeLoop;
import dev.gridforge.runtime.io.Npy;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gray-scott-map on local[2]: a small map, every simulation a Spark task, checked against the same loop in one process. */
class GrayScottMapCommandTest {

    @Test
    void aSmallMapOnLocalSpark(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("map.png");
        Path fields = Files.createDirectory(dir.resolve("v"));
        SampleRun run = SampleRun.of("gray-scott-map", "--grid", "3x2", "--n", "24", "--steps", "40", "--pixels", "8",
                "--master", "local[2]", "--backend", "jvm", "--compare", "--out", png.toString(), "--fields", fields.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("tasks: 6 simulations in"), run.out());
        assertTrue(run.out().contains("on jvm (no GPU assigned)"), run.out());
        assertTrue(run.out().contains("tiles identical"), run.out());
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 3 * 8 && image.getHeight() > 2 * 8, image.getWidth() + " x " + image.getHeight());
        try (var files = Files.list(fields)) {
            assertEquals(6, files.count());
        }
        // cell (row 1, column 2): F and k at the middle of their parts of the default ranges
        double f = PearsonMap.centre(0.0, 0.08, 1, 2);
        double k = PearsonMap.centre(0.03, 0.07, 2, 3);
        PearsonMap map = new PearsonMap(24, 40, 0.2, 0.1, 1.0, 8, 1, null);
        double[][] start = map.start();
        try (TimeLoop loop = TimeLoop.on(Backend.JVM)) {
            Ring<DoubleField> u = loop.ring("u", DoubleField.of(start[0], 24, 24), 0);
            Ring<DoubleField> v = loop.ring("v", DoubleField.of(start[1], 24, 24), 0);
            GrayScottKernels.Launcher gs = GrayScottKernels.on(Backend.JVM);
            loop.run(40, () -> gs.stepInto(u.next(), v.next(), u.now(), v.now(), 0.2, 0.1, f, k, 1.0));
            assertArrayEquals(v.now().toArray(), Npy.readDoubleField(fields.resolve("v-001-002.npy")).toArray());
        }
    }

    @Test
    void simulationsThatFailAreOneLineNotAStackTrace() {
        org.junit.jupiter.api.Assumptions.assumeFalse(dev.gridforge.runtime.Gridforge.isAvailable(Backend.CUDA), "needs a machine without CUDA");
        SampleRun run = SampleRun.of("gray-scott-map", "--grid", "1x1", "--n", "8", "--steps", "1", "--pixels", "1",
                "--master", "local[1]", "--backend", "cuda", "--out", System.getProperty("java.io.tmpdir") + "/gsm-fail.png");
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("error: the map's simulations failed on Spark:"), run.err());
        assertTrue(run.err().contains("The CUDA backend was requested but cannot run here"), run.err());
        assertTrue(!run.err().contains("\tat "), run.err());
    }

    @Test
    void badOptionsSayWhatIsWrong() {
        SampleRun run = SampleRun.of("gray-scott-map", "--grid", "0x3");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--grid is COLUMNSxROWS"), run.err());
        run = SampleRun.of("gray-scott-map", "--k", "0.07..0.03");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--k is LOW..HIGH"), run.err());
    }
}
