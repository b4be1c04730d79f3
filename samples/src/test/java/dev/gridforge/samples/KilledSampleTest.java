package dev.gridforge.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gridforge.runtime.io.Npy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sample killed with SIGKILL ({@link Process#destroyForcibly()}) while it writes pictures leaves
 * the outputs of an earlier run whole (the GIF, the .npy) and no partial PNG under a frame's name.
 * Run as {@code java -jar gridforge-samples.jar} runs, in a JVM of its own.
 */
class KilledSampleTest {

    @TempDir
    Path dir;

    @Test
    void aWaveKilledWhileWritingPicturesLeavesTheEarlierOutputsWhole() throws Exception {
        Path gif = dir.resolve("wave.gif");
        Path npy = dir.resolve("wave.npy");
        Path frames = dir.resolve("frames");
        SampleRun earlier = SampleRun.of("wave", "--n", "16", "--steps", "4", "--courant", "0.5", "--backend", "jvm",
                "--gif", gif.toString(), "--save", npy.toString());
        assertEquals(0, earlier.exitCode(), earlier.out() + earlier.err());
        byte[] goodGif = Files.readAllBytes(gif);
        byte[] goodNpy = Files.readAllBytes(npy);
        Path log = dir.resolve("child.txt");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Samples.class.getName(),
                "wave", "--n", "300", "--steps", "1000000", "--courant", "0.5", "--backend", "jvm", "--every", "2",
                "--gif", gif.toString(), "--frames", frames.toString(), "--save", npy.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (pngs(frames).size() < 5) {
                if (!child.isAlive() || System.nanoTime() > deadline) {
                    fail("the child wrote no pictures: " + Files.readString(log, StandardCharsets.UTF_8));
                }
                Thread.sleep(2);
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child JVM did not die");
        } finally {
            child.destroyForcibly();
        }
        assertArrayEquals(goodGif, Files.readAllBytes(gif), "the earlier run's GIF, as it was");
        assertArrayEquals(goodNpy, Files.readAllBytes(npy), "the earlier run's .npy, as it was");
        assertArrayEquals(new int[] {16, 16}, Npy.read(npy).shape());
        for (Path png : pngs(frames)) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertNotNull(image, png + " is a whole PNG");
            assertEquals(image.getWidth(), ImageIO.read(pngs(frames).get(0).toFile()).getWidth(), png.toString());
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.stream().allMatch(s -> List.of("child.txt", "frames", "wave.gif", "wave.npy").contains(s)
                    || s.startsWith(".wave.gif.") && s.endsWith(".tmp")), "only the animation being written: " + names);
        }
    }

    /** The frames under their final names ({@code frame-*.png}; a frame being written is a hidden temporary file). */
    private static List<Path> pngs(Path frames) throws IOException {
        if (!Files.isDirectory(frames)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(frames)) {
            return files.filter(p -> p.getFileName().toString().matches("frame-\\d+\\.png")).sorted().toList();
        }
    }
}
