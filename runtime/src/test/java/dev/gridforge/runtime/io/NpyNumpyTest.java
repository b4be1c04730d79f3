package dev.gridforge.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.FloatField;
import dev.gridforge.runtime.GridforgeException;
import dev.gridforge.runtime.IntField;
import dev.gridforge.runtime.LongField;
import dev.gridforge.runtime.Shape;
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

    @Test
    void numpyArraysBecomeFieldsWithTheirAxesReversed() throws Exception {
        Path bchw = dir.resolve("bchw.npy");
        Path d = dir.resolve("d.npy");
        Path i = dir.resolve("i.npy");
        Path l = dir.resolve("l.npy");
        Path scalar = dir.resolve("scalar.npy");
        Path empty = dir.resolve("empty.npy");
        Result r = python("import numpy as np\n"
                + "np.save(r'" + bchw + "', np.arange(120, dtype=np.float32).reshape(2, 3, 4, 5) / 4)\n"
                + "np.save(r'" + d + "', np.arange(12, dtype=np.float64).reshape(3, 4) / 8)\n"
                + "np.save(r'" + i + "', np.arange(24, dtype=np.int32).reshape(2, 3, 4) - 5)\n"
                + "np.save(r'" + l + "', np.array([-2**62, 7], dtype=np.int64))\n"
                + "np.save(r'" + scalar + "', np.float64(2.5))\n"
                + "np.save(r'" + empty + "', np.zeros((0, 3), dtype=np.float32))\n");
        assertEquals(0, r.exitCode, r.output);

        FloatField x = Npy.readFloatField(bchw);
        assertEquals(Shape.of(5, 4, 3, 2), x.shape());
        assertEquals(2, x.shape().extent(3));
        assertEquals((((1 * 3 + 2) * 4 + 3) * 5 + 4) / 4f, x.get(4, 3, 2, 1)); // a[1, 2, 3, 4]
        DoubleField dd = Npy.readDoubleField(d);
        assertEquals(Shape.of(4, 3), dd.shape());
        assertEquals(6 / 8.0, dd.get(2, 1)); // a[1, 2]
        IntField ii = Npy.readIntField(i);
        assertEquals(Shape.of(4, 3, 2), ii.shape());
        assertEquals(23 - 5, ii.get(3, 2, 1));
        assertArrayEquals(new long[] {-(1L << 62), 7}, Npy.readLongField(l).toArray());
        assertEquals(Shape.of(1), Npy.readField(scalar).shape());
        assertEquals(2.5, Npy.readDoubleField(scalar).get(0));
        assertEquals(Shape.of(3, 0), Npy.readField(empty).shape());
    }

    @Test
    void numpyLoadsAFieldWithItsAxesReversed() throws Exception {
        float[] data = new float[120];
        for (int k = 0; k < data.length; k++) {
            data[k] = k / 4f;
        }
        Path f = dir.resolve("field.npy");
        Path empty = dir.resolve("empty.npy");
        Npy.write(f, FloatField.of(data, 5, 4, 3, 2));
        Npy.write(empty, LongField.of(new long[0], 3, 0));
        Result r = python("import numpy as np\n"
                + "a = np.load(r'" + f + "'); e = np.load(r'" + empty + "')\n"
                + "print(a.dtype.str, a.shape, a[1, 2, 3, 4], bool((a.ravel() == np.arange(120) / 4).all()))\n"
                + "print(e.dtype.str, e.shape)\n");
        assertEquals(0, r.exitCode, r.output);
        assertEquals("<f4 (2, 3, 4, 5) 29.75 True\n<i8 (0, 3)\n", r.output);
    }

    @Test
    void numpyFilesGridforgeCannotTakeAreRefusedClearly() throws Exception {
        String[][] cases = {
            {"fortran", "np.asfortranarray(np.arange(6.0).reshape(2, 3))", "Fortran order"},
            {"big", "np.arange(3, dtype='>f8')", "unsupported dtype '>f8'"},
            {"u1", "np.arange(3, dtype=np.uint8)", "unsupported dtype '|u1'"},
            {"f2", "np.arange(3, dtype=np.float16)", "unsupported dtype '<f2'"},
            {"c16", "np.arange(3, dtype=np.complex128)", "unsupported dtype '<c16'"},
            {"object", "np.array([None, 1], dtype=object)", "unsupported dtype '|O'"},
            {"record", "np.zeros(2, dtype=[('x', '<f8'), ('y', '<i4')])", "unsupported structured dtype"},
            {"five", "np.zeros((2, 3, 4, 5, 6), dtype=np.float32)", "a.reshape(6, 4, 5, 6)"},
        };
        StringBuilder script = new StringBuilder("import numpy as np\n");
        for (String[] c : cases) {
            script.append("np.save(r'").append(dir.resolve(c[0] + ".npy")).append("', ").append(c[1])
                    .append(", allow_pickle=True)\n");
        }
        Result r = python(script.toString());
        assertEquals(0, r.exitCode, r.output);
        for (String[] c : cases) {
            Path f = dir.resolve(c[0] + ".npy");
            GridforgeException e = assertThrows(GridforgeException.class, () -> Npy.readField(f), c[0]);
            assertTrue(e.getMessage().startsWith("[Npy] " + f + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(c[2]), e.getMessage());
        }
    }

    /**
     * Headers spelled by hand, as other writers than np.save may spell them: gridforge takes what
     * np.load takes, with the same dtype, shape and values (a duplicated key holds its last value),
     * and refuses what np.load refuses.
     */
    @Test
    void headersAreReadAsNumpyReadsThem() throws Exception {
        byte[] six = HandMadeNpy.doubles(0, 1, 2, 3, 4, 5);
        Object[][] cases = {
            {1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"},
            {1, "{\"shape\": (2, 3), \"descr\": \"<f8\", \"fortran_order\": False}"},
            {1, "{'descr': '<i4', 'fortran_order': True, 'shape': (3,), 'descr': '<f8', 'fortran_order': False, 'shape': (6,)}"},
            {1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), 'shape': (3, 2), }"},
            {1, "{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 3), }"},
            {1, "{'descr': '<f8', 'fortran_order': False, 'shape': [2, 3], }"},
            {1, "{'descr': '<f8', 'fortran_order': False, 'shape': (6), }"},
            {1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3.0), }"},
            {1, "{'descr': '<f8', 'fortran_order': False, }"},
            {1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), 'order': 'C'}"},
            {2, "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }"},
            {3, "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }"},
        };
        StringBuilder script = new StringBuilder("import numpy as np, warnings\nwarnings.simplefilter('ignore')\n");
        for (int c = 0; c < cases.length; c++) {
            Path f = dir.resolve("h" + c + ".npy");
            java.nio.file.Files.write(f, HandMadeNpy.of((Integer) cases[c][0], (String) cases[c][1], six));
            script.append("try:\n    a = np.load(r'").append(f).append("')\n    print(a.dtype.str, a.shape, a.ravel().tolist())\n")
                    .append("except ValueError:\n    print('refused')\n");
        }
        Result r = python(script.toString());
        assertEquals(0, r.exitCode, r.output);
        java.util.List<String> numpy = r.output.lines().toList();
        assertEquals(cases.length, numpy.size(), r.output);
        for (int c = 0; c < cases.length; c++) {
            Path f = dir.resolve("h" + c + ".npy");
            String ours;
            try {
                Npy.Array a = Npy.read(f);
                ours = Npy.descr(a.type()) + " " + Npy.shapeText(a.shape()) + " " + java.util.Arrays.toString(a.doubles());
            } catch (GridforgeException e) {
                assertTrue(e.getMessage().startsWith("[Npy] " + f + ": "), e.getMessage());
                ours = "refused";
            }
            assertEquals(numpy.get(c), ours, "header " + cases[c][1] + " (format " + cases[c][0] + ".0)");
        }
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
