package dev.gridforge.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files exchanged with NumPy itself; skipped when python3 with numpy is not installed. */
class NpyNumpyTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void needsNumpy() throws InterruptedException {
        assumeTrue(python("import numpy").exitCode == 0, "python3 with numpy is not available");
    }

    @Test
    void numpyLoadsWhatWeWrite() throws Exception {
        Path d = dir.resolve("d.npy");
        Path i = dir.resolve("i.npy");
        Npy.write(d, new double[] {0.1, -2.5, 1e-300, 6, 7, 8}, 2, 3);
        Npy.write(i, new int[] {1, -2, 3}, 3);
        Result r = python("import numpy as np\n"
                + "d = np.load(r'" + d + "'); i = np.load(r'" + i + "')\n"
                + "print(d.dtype.str, d.shape, d.flags['C_CONTIGUOUS'], d.tolist())\n"
                + "print(i.dtype.str, i.shape, i.tolist())\n");
        assertEquals(0, r.exitCode, r.output);
        assertEquals("<f8 (2, 3) True [[0.1, -2.5, 1e-300], [6.0, 7.0, 8.0]]\n"
                + "<i4 (3,) [1, -2, 3]\n", r.output);
    }

    @Test
    void weReadWhatNumpyWrites() throws Exception {
        Path f = dir.resolve("np.npy");
        Path g = dir.resolve("np32.npy");
        Result r = python("import numpy as np\n"
                + "np.save(r'" + f + "', np.arange(12, dtype='<f8').reshape(3, 4) / 8)\n"
                + "np.save(r'" + g + "', np.arange(5, dtype='<i8') - 2)\n");
        assertEquals(0, r.exitCode, r.output);
        Npy.Array a = Npy.read(f);
        assertArrayEquals(new int[] {3, 4}, a.shape());
        assertEquals(11 / 8.0, a.doubles()[11]);
        assertArrayEquals(new long[] {-2, -1, 0, 1, 2}, Npy.read(g).longs());
    }

    private record Result(int exitCode, String output) {
    }

    private static Result python(String script) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "python3 timed out");
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, "python3 could not start: " + e.getMessage());
        }
    }
}
