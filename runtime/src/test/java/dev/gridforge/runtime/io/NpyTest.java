package dev.gridforge.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.GridforgeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir
    Path dir;

    /** The bytes numpy.save writes for np.arange(6.0).reshape(2, 3), spelled out by hand from the format spec. */
    private static byte[] expectedTinyFile() {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
        // 10 bytes of preamble + 69 of dictionary + newline = 80, padded to 128.
        int headerLength = 128 - 10;
        ByteBuffer b = ByteBuffer.allocate(128 + 6 * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.put((byte) headerLength).put((byte) 0);
        b.put(dict.getBytes(StandardCharsets.US_ASCII));
        for (int i = 10 + dict.length(); i < 127; i++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        for (int i = 0; i < 6; i++) {
            b.putDouble(i);
        }
        return b.array();
    }

    @Test
    void writesTheExactBytesOfATinyFile() throws IOException {
        Path f = dir.resolve("tiny.npy");
        Npy.write(f, new double[] {0, 1, 2, 3, 4, 5}, 2, 3);
        assertArrayEquals(expectedTinyFile(), Files.readAllBytes(f));
    }

    @Test
    void readsTheTinyFile() throws IOException {
        Path f = dir.resolve("tiny.npy");
        Files.write(f, expectedTinyFile());
        Npy.Array a = Npy.read(f);
        assertEquals(ElementType.DOUBLE, a.type());
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, a.doubles());
    }

    @Test
    void headersEndOnA64ByteBoundaryWithANewline() {
        for (int[] shape : new int[][] {{}, {7}, {3, 4}, {1000, 1000}, {2, 3, 4}, {123456789, 1, 1}}) {
            byte[] h = Npy.header(ElementType.FLOAT, shape);
            assertEquals(0, h.length % 64, () -> new String(h, StandardCharsets.ISO_8859_1));
            assertEquals('\n', h[h.length - 1]);
            int declared = (h[8] & 0xFF) | (h[9] & 0xFF) << 8;
            assertEquals(h.length - 10, declared);
        }
    }

    @Test
    void shapesAreSpelledAsPythonTuples() {
        assertEquals("()", Npy.shapeText(new int[0]));
        assertEquals("(5,)", Npy.shapeText(new int[] {5}));
        assertEquals("(2, 3, 4)", Npy.shapeText(new int[] {2, 3, 4}));
    }

    @Test
    void roundTripsEveryElementType() throws IOException {
        double[] d = {1.5, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, 1e300};
        float[] f = {1.5f, -0.0f, Float.NaN, Float.MAX_VALUE, 3f, 4f};
        int[] i = {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 42, 7};
        long[] l = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 42, 7};
        Npy.write(dir.resolve("d.npy"), d, 6);
        Npy.write(dir.resolve("f.npy"), f, 2, 3);
        Npy.write(dir.resolve("i.npy"), i, 3, 2);
        Npy.write(dir.resolve("l.npy"), l, 1, 2, 3);
        assertArrayEquals(d, Npy.read(dir.resolve("d.npy")).doubles());
        assertArrayEquals(f, Npy.read(dir.resolve("f.npy")).floats());
        assertArrayEquals(i, Npy.read(dir.resolve("i.npy")).ints());
        assertArrayEquals(l, Npy.read(dir.resolve("l.npy")).longs());
        assertArrayEquals(new int[] {1, 2, 3}, Npy.read(dir.resolve("l.npy")).shape());
    }

    @Test
    void roundTripsAnArrayLargerThanOneChunk() throws IOException {
        double[] d = new double[300_001];
        for (int k = 0; k < d.length; k++) {
            d[k] = Math.sin(k);
        }
        Path f = dir.resolve("big.npy");
        Npy.write(f, d, 300_001);
        assertEquals(128 + 8L * d.length, Files.size(f));
        assertArrayEquals(d, Npy.read(f).doubles());
    }

    @Test
    void roundTripsScalarsAndEmptyArrays() throws IOException {
        Npy.write(dir.resolve("s.npy"), new double[] {2.5});
        Npy.write(dir.resolve("e.npy"), new int[0], 0, 4);
        assertArrayEquals(new int[0], Npy.read(dir.resolve("s.npy")).shape());
        assertArrayEquals(new double[] {2.5}, Npy.read(dir.resolve("s.npy")).doubles());
        assertArrayEquals(new int[] {0, 4}, Npy.read(dir.resolve("e.npy")).shape());
    }

    @Test
    void writesAFieldWithItsAxesReversed() throws IOException {
        double[] data = {0, 1, 2, 3, 4, 5};
        Path f = dir.resolve("field.npy");
        Npy.write(f, DoubleField.of(data, 3, 2));
        Npy.Array a = Npy.read(f);
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(data, a.doubles());
    }

    @Test
    void rejectsAShapeThatDoesNotMatchTheData() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npy.write(new ByteArrayOutputStream(), new double[5], 2, 3));
        assertTrue(e.getMessage().contains("(2, 3)"), e.getMessage());
    }

    /** A write that fails leaves the file it would have replaced as it was, and nothing else beside it. */
    @Test
    void aFailedWriteLeavesTheEarlierFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("good.npy");
        Npy.write(f, new double[] {0, 1, 2, 3, 4, 5}, 2, 3);
        byte[] good = Files.readAllBytes(f);
        assertThrows(IllegalArgumentException.class, () -> Npy.write(f, new double[5], 2, 3));
        assertThrows(NullPointerException.class, () -> Npy.write(f, (double[]) null, 2, 3));
        assertArrayEquals(good, Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void readingReportsEachProblemClearly() throws IOException {
        byte[] good = expectedTinyFile();
        assertReadFails(replace(good, 0, "XNUMPY"), "not a .npy file");
        assertReadFails(withByte(good, 6, 9), "version 9.0");
        assertReadFails(replace(good, 20, "'>f8'"), "unsupported dtype '>f8'");
        assertReadFails(HandMadeNpy.of("{'descr': '<c16', 'fortran_order': False, 'shape': (2, 3), }", new byte[96]),
                "unsupported dtype '<c16'");
        assertReadFails(replace(good, 44, "True, "), "Fortran order");
        assertReadFails(replace(good, 51, "'shape': (2, x)"), "x is a name, not a value");
        assertReadFails(java.util.Arrays.copyOf(good, good.length - 1), "truncated");
        assertReadFails(java.util.Arrays.copyOf(good, 30), "truncated");
        assertReadFails(java.util.Arrays.copyOf(good, good.length + 8), "more data");
        assertReadFails(withByte(good, 127, ' '), "newline");
    }

    /**
     * What np.load would refuse is refused with what the header says and what is accepted, not
     * reported as a missing entry; the header is read as the Python dictionary it is (np.load
     * reads it with ast.literal_eval).
     */
    @Test
    void eachBadHeaderValueIsNamedWithWhatIsAccepted() throws IOException {
        byte[] six = HandMadeNpy.doubles(0, 1, 2, 3, 4, 5);
        assertHeaderFails("{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 3), }", six,
                "'fortran_order' is 0, not True or False");
        assertHeaderFails("{'descr': '<f8', 'fortran_order': 'False', 'shape': (2, 3), }", six,
                "'fortran_order' is 'False', not True or False");
        assertHeaderFails("{'descr': '<f8', 'fortran_order': False, 'shape': [2, 3], }", six,
                "'shape' is [2, 3], not a tuple of extents such as (2, 3) or (6,)");
        assertHeaderFails("{'descr': '<f8', 'fortran_order': False, 'shape': (6), }", six,
                "'shape' is (6), the number 6, not a tuple: a shape of one axis is written (6,)");
        assertHeaderFails("{'descr': '<f8', 'fortran_order': False, 'shape': (2, -3), }", six,
                "'shape' is (2, -3): extent -3 is not a non-negative integer");
        assertHeaderFails("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3.0), }", six,
                "'shape' is (2, 3.0): extent 3.0 is not a non-negative integer");
        assertHeaderFails("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3, }", six,
                "the header is not the Python dictionary np.save writes: ')' expected at character 58");
        assertHeaderFails("{'descr': '<f8', 'fortran_order': False, }", six,
                "the header has no 'shape' entry (it has 'descr', 'fortran_order')");
        assertHeaderFails("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), 'order': 'C', }", six,
                "the header has an entry 'order' besides 'descr', 'fortran_order' and 'shape'");
        assertHeaderFails("{'descr': 8, 'fortran_order': False, 'shape': (2, 3), }", six,
                "'descr' is 8, not a dtype string such as '<f8'");
        assertHeaderFails("('<f8', False, (2, 3))", six, "the header is the tuple ('<f8', False, (2, 3)), not a dictionary");
        // Python 2's long integers are read where np.load reads them, in format 1.0 and 2.0 headers only.
        assertArrayEquals(new int[] {2, 3}, readBytes(HandMadeNpy.of(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }", six)).shape());
        assertHeaderFails(HandMadeNpy.of(3, "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }", six),
                "Python 2's long integer 2L is read in .npy 1.0 and 2.0 headers only");
    }

    /** A key given twice holds its last value, as in the Python dictionary np.load reads the header as. */
    @Test
    void aDuplicatedKeyTakesItsLastValueAsNumpyDoes() throws IOException {
        Npy.Array a = readBytes(HandMadeNpy.of("{'descr': '<i4', 'fortran_order': True, 'shape': (3,), 'descr': \"<f8\","
                + " 'fortran_order': False, 'shape': (2, 3), }", HandMadeNpy.doubles(0, 1, 2, 3, 4, 5)));
        assertEquals(ElementType.DOUBLE, a.type());
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, a.doubles());
    }

    private Npy.Array readBytes(byte[] bytes) throws IOException {
        Path f = dir.resolve("hand.npy");
        Files.write(f, bytes);
        return Npy.read(f);
    }

    private void assertHeaderFails(String dict, byte[] data, String expected) throws IOException {
        assertHeaderFails(HandMadeNpy.of(dict, data), expected);
    }

    private void assertHeaderFails(byte[] bytes, String expected) throws IOException {
        Path f = dir.resolve("hand.npy");
        Files.write(f, bytes);
        GridforgeException e = assertThrows(GridforgeException.class, () -> Npy.read(f), expected);
        assertTrue(e.getMessage().startsWith("[Npy] " + f + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private void assertReadFails(byte[] bytes, String expected) throws IOException {
        Path f = dir.resolve("bad.npy");
        Files.write(f, bytes);
        GridforgeException e = assertThrows(GridforgeException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("bad.npy"), e.getMessage());
    }

    private static byte[] replace(byte[] bytes, int at, String text) {
        byte[] copy = bytes.clone();
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, copy, at, t.length);
        return copy;
    }

    private static byte[] withByte(byte[] bytes, int at, int value) {
        byte[] copy = bytes.clone();
        copy[at] = (byte) value;
        return copy;
    }

    @Test
    void aHeaderDeclaringMoreThanTheFileHoldsIsRefusedBeforeAllocating() throws IOException {
        Path file = dir.resolve("lies.npy");
        Npy.write(file, new double[] {1, 2, 3}, 3);
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                .replace("'shape': (3,)", "'shape': (2000000000,)").replace("         \n", "\n"); // same header length
        Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
        GridforgeException e = assertThrows(GridforgeException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().contains("truncated or damaged"), e.getMessage());
        // From a stream, whose length is unknown, the data is taken as it arrives: no 16 GB array for a short stream.
        long before = usedHeap();
        for (int i = 0; i < 3; i++) {
            GridforgeException s = assertThrows(GridforgeException.class,
                    () -> Npy.read(new java.io.ByteArrayInputStream(Files.readAllBytes(file)), "stream"));
            assertTrue(s.getMessage().contains("[Npy] stream: the file is truncated: it ends inside the data (24 of "
                    + "16000000000 bytes)") || s.getMessage().contains("more elements than a Java array"), s.getMessage());
        }
        assertTrue(usedHeap() - before < 64L << 20, "no large allocation");
        double[] back = Npy.read(new java.io.ByteArrayInputStream(npyBytes(new double[] {4, 5}, 2)), "ok").doubles();
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {4, 5}, back);
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static byte[] npyBytes(double[] data, int... shape) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Npy.write(out, data, shape);
        return out.toByteArray();
    }
}
