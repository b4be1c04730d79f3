package dev.gridforge.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed with SIGKILL ({@link Process#destroyForcibly()}) while {@link Npy#write} is writing
 * leaves the file it was replacing whole under the final name: the earlier good file, or the new
 * one complete, never a part of one. Run in a child JVM so that a regression fails this test.
 */
class KilledWriteTest {

    /** 32 MB: a write takes long enough to be caught in the middle. */
    private static final int N = 4 << 20;
    private static final long BYTES = 128 + 8L * N;

    @TempDir
    Path dir;

    @Test
    void aWriterKilledMidWriteLeavesAWholeFileUnderTheFinalName() throws Exception {
        for (int round = 0; round < 3; round++) {
            Path sub = Files.createDirectory(dir.resolve("round" + round));
            Path target = sub.resolve("z.npy");
            Path log = dir.resolve("child" + round + ".txt");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), NpyWriteLoop.class.getName(), target.toString(),
                    Integer.toString(N)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                awaitReady(child, log);
                awaitWriteInProgress(child, target, log);
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child JVM did not die");
            } finally {
                child.destroyForcibly();
            }
            assertEquals(BYTES, Files.size(target), "a file of the full size under the final name");
            double[] d = Npy.read(target).doubles();
            double first = d[0];
            assertTrue(first == 1 || first == 2, "the first write's ones or a later write's twos: " + first);
            double[] expected = new double[N];
            java.util.Arrays.fill(expected, first);
            assertArrayEquals(expected, d, "one whole write, not parts of two");
            try (Stream<Path> files = Files.list(sub)) {
                List<String> others = files.map(p -> p.getFileName().toString()).filter(s -> !s.equals("z.npy")).toList();
                assertTrue(others.stream().allMatch(s -> s.startsWith(".z.npy.") && s.endsWith(".tmp")),
                        "only a hidden temporary file may be left by a kill: " + others);
            }
        }
    }

    private static void awaitReady(Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains("ready")) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                fail("the child JVM did not write its first file: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(5);
        }
    }

    /** Until the final file is shorter than a whole one (written in place) or a temporary file sits beside it. */
    private static void awaitWriteInProgress(Process child, Path target, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (sizeOrZero(target) < BYTES || temporaryBeside(target)) {
                return;
            }
            if (!child.isAlive() || System.nanoTime() > deadline) {
                fail("never saw a write in progress: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.onSpinWait();
        }
    }

    private static long sizeOrZero(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean temporaryBeside(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target.getParent())) {
            return files.anyMatch(p -> !p.equals(target));
        }
    }
}
