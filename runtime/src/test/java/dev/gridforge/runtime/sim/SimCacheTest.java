package dev.gridforge.runtime.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.spi.DeviceBuffer;
import dev.gridforge.runtime.spi.DeviceKernel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's disk cache cannot be turned against the JVM: a library that is truncated,
 * damaged or edited is compiled again (a bad shared library would crash the process when
 * loaded or run), a source edited in the cache is not what gets compiled, and an unwritable
 * cache directory degrades to a temporary one. Each case runs the kernel in a new simulator,
 * as the next program would, and checks its result.
 */
class SimCacheTest {

    private static final String KERNEL = String.join("\n",
            "extern \"C\" __global__ void triple(GF_OUT(double) out, GF_IN(double) in, int n) {",
            "    int i = blockIdx.x * blockDim.x + threadIdx.x;",
            "    if (i < n) out[i] = 3.0 * in[i];",
            "}");

    @TempDir
    Path dir;

    @BeforeEach
    void needsACompiler() {
        Assumptions.assumeTrue(CudaSimulator.isAvailable(), "no C++ compiler (g++ or c++) on PATH: simulator tests skipped");
    }

    /** Loads and runs the kernel in a new simulator over {@code cache}: 3 x [1, 2, 3, 4]. */
    private static double[] run(Path cache) {
        CudaSimulator sim = new CudaSimulator(cache);
        DeviceKernel k = sim.load(KERNEL, "triple", List.of());
        DeviceBuffer in = sim.allocate(32);
        DeviceBuffer out = sim.allocate(32);
        sim.upload(new double[] {1, 2, 3, 4}, in);
        sim.launch(k, new int[] {1, 1, 1}, new int[] {8, 1, 1}, List.of(out, in, 4));
        double[] back = new double[4];
        sim.download(out, back);
        return back;
    }

    private Path only(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(p -> p.toString().endsWith(suffix)).toList();
            assertEquals(1, found.size(), "one " + suffix + " in " + dir + ": " + found);
            return found.get(0);
        }
    }

    @Test
    void aDamagedOrTruncatedLibraryIsCompiledAgainNotLoaded() throws IOException {
        assertArrayEquals(new double[] {3, 6, 9, 12}, run(dir));
        Path library = only(".so");
        assertTrue(Files.isRegularFile(library.resolveSibling(library.getFileName() + ".sha256")));
        byte[] good = Files.readAllBytes(library);

        replace(library, java.util.Arrays.copyOf(good, good.length / 3)); // truncated: SIGBUS in ld.so if loaded
        assertArrayEquals(new double[] {3, 6, 9, 12}, run(dir));
        assertArrayEquals(good, Files.readAllBytes(library), "compiled again, not used as it was");

        byte[] flipped = Files.readAllBytes(library);
        for (int i = flipped.length / 4; i < flipped.length / 2; i++) {
            flipped[i] ^= 0x5A; // damaged: a crash inside the kernel if run
        }
        replace(library, flipped);
        assertArrayEquals(new double[] {3, 6, 9, 12}, run(dir));
        assertArrayEquals(good, Files.readAllBytes(library), "compiled again, not used as it was");
    }

    /**
     * As another process damages an entry: a new file moved over the old name. (Writing into the
     * file this JVM has mapped would crash it whatever the cache did: that is what the cache keeps
     * from ever being loaded.)
     */
    private static void replace(Path file, byte[] bytes) throws IOException {
        Path tmp = Files.write(file.resolveSibling(file.getFileName() + ".damaged"), bytes);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aSourceEditedInTheCacheIsNotWhatGetsCompiled() throws IOException {
        run(dir);
        byte[] good = Files.readAllBytes(only(".so"));
        Path source = only(".cu");
        Files.writeString(source, Files.readString(source, StandardCharsets.UTF_8).replace("3.0 * in[i]", "7.0 * in[i]"));
        Files.delete(only(".so"));
        assertArrayEquals(new double[] {3, 6, 9, 12}, run(dir), "our source, not the edited copy");
        assertArrayEquals(good, Files.readAllBytes(only(".so")), "the library compiled from our source");
        assertTrue(Files.readString(source, StandardCharsets.UTF_8).contains("3.0 * in[i]"), "the saved source is ours again");
    }

    @Test
    void anUnwritableCacheDirectoryFallsBackToATemporaryOne() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("cache"), "a file where the cache directory should be");
        assertArrayEquals(new double[] {3, 6, 9, 12}, run(notADirectory.resolve("sim")));
    }
}
