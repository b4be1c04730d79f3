package dev.gridforge.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.FloatField;
import dev.gridforge.runtime.GridforgeException;
import dev.gridforge.runtime.IntField;
import dev.gridforge.runtime.LongField;
import dev.gridforge.runtime.Shape;
import dev.gridforge.runtime.spi.DeviceBuffer;
import dev.gridforge.runtime.testing.HeapAccelerator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fields in and out of {@code .npy} files: the axes reversed, every dtype, the errors. */
class NpyFieldTest {

    private static final List<Shape> SHAPES = List.of(Shape.of(7), Shape.of(3, 2), Shape.of(4, 3, 2),
            Shape.of(5, 4, 3, 2), Shape.of(0), Shape.of(3, 0), Shape.of(2, 0, 4), Shape.of(1, 1, 1, 1), Shape.of(2, 3, 0, 5));

    @TempDir
    Path dir;

    private final Random random = new Random(9);

    @Test
    void everyRankAndTypeRoundTripsBitForBit() throws IOException {
        for (ElementType type : ElementType.values()) {
            for (Shape shape : SHAPES) {
                Field written = field(type, shape);
                Path f = dir.resolve(type + "-" + shape.toString().replace(" ", "") + ".npy");
                Npy.write(f, written);
                assertArrayEquals(Npy.numpyShape(shape), Npy.read(f).shape(), f.toString());
                Field back = Npy.readField(f);
                assertEquals(type, back.elementType(), f.toString());
                assertEquals(shape, back.shape(), f.toString());
                assertFalse(back.isOnDevice());
                assertArrayEquals(rawBits(written.hostData()), rawBits(back.hostData()), f.toString());
            }
        }
    }

    @Test
    void theTypedReadersReturnTheirFieldClass() throws IOException {
        Shape shape = Shape.of(4, 3, 2);
        DoubleField d = DoubleField.of((double[]) values(ElementType.DOUBLE, 24), shape);
        FloatField f = FloatField.of((float[]) values(ElementType.FLOAT, 24), shape);
        IntField i = IntField.of((int[]) values(ElementType.INT, 24), shape);
        LongField l = LongField.of((long[]) values(ElementType.LONG, 24), shape);
        Npy.write(dir.resolve("d.npy"), d);
        Npy.write(dir.resolve("f.npy"), f);
        Npy.write(dir.resolve("i.npy"), i);
        Npy.write(dir.resolve("l.npy"), l);
        assertArrayEquals(rawBits(d.toArray()), rawBits(Npy.readDoubleField(dir.resolve("d.npy")).toArray()));
        assertArrayEquals(rawBits(f.toArray()), rawBits(Npy.readFloatField(dir.resolve("f.npy")).toArray()));
        assertArrayEquals(i.toArray(), Npy.readIntField(dir.resolve("i.npy")).toArray());
        assertArrayEquals(l.toArray(), Npy.readLongField(dir.resolve("l.npy")).toArray());
        assertEquals(shape, Npy.readLongField(dir.resolve("l.npy")).shape());
    }

    @Test
    void theNumpyShapeIsReversedAxisZeroFastest() throws IOException {
        // NumPy (B, C, H, W) = (2, 3, 4, 5): element [b, c, h, w] sits at ((b*3 + c)*4 + h)*5 + w.
        float[] data = new float[120];
        for (int k = 0; k < data.length; k++) {
            data[k] = k;
        }
        Path f = dir.resolve("bchw.npy");
        Npy.write(f, data, 2, 3, 4, 5);
        FloatField x = Npy.readFloatField(f);
        assertEquals(Shape.of(5, 4, 3, 2), x.shape());
        assertEquals(2, x.shape().extent(3));
        assertEquals(((1 * 3 + 2) * 4 + 3) * 5 + 4, x.get(4, 3, 2, 1)); // x[w=4, h=3, c=2, b=1] = a[1, 2, 3, 4]
        assertEquals(7, x.get(2, 1, 0, 0));
    }

    @Test
    void aZeroDimensionalArrayBecomesShapeOne() throws IOException {
        Path f = dir.resolve("scalar.npy");
        Npy.write(f, new long[] {-42});
        LongField s = Npy.readLongField(f);
        assertEquals(Shape.of(1), s.shape());
        assertEquals(-42, s.get(0));
    }

    @Test
    void emptyArraysBecomeEmptyFields() throws IOException {
        Path f = dir.resolve("empty.npy");
        Npy.write(f, new double[0], 0, 3);
        DoubleField e = Npy.readDoubleField(f);
        assertEquals(Shape.of(3, 0), e.shape());
        assertEquals(0, e.toArray().length);
    }

    @Test
    void aStreamReadsIntoAFieldAndIsNamedInErrors() throws IOException {
        Path f = dir.resolve("s.npy");
        Npy.write(f, IntField.of(new int[] {1, 2, 3, 4, 5, 6}, 3, 2));
        Field back = Npy.readField(new ByteArrayInputStream(Files.readAllBytes(f)), "upload.npy");
        assertEquals(Shape.of(3, 2), back.shape());
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, (int[]) back.hostData());
        byte[] cut = Arrays.copyOf(Files.readAllBytes(f), (int) Files.size(f) - 1);
        GridforgeException e = assertThrows(GridforgeException.class,
                () -> Npy.readField(new ByteArrayInputStream(cut), "upload.npy"));
        assertTrue(e.getMessage().startsWith("[Npy] upload.npy: the file is truncated"), e.getMessage());
    }

    @Test
    void aWrongDtypeIsRefusedWithTheConversion() throws IOException {
        Path f = dir.resolve("d.npy");
        Npy.write(f, new double[] {1, 2}, 2);
        GridforgeException e = assertThrows(GridforgeException.class, () -> Npy.readFloatField(f));
        assertEquals("[Npy] " + f + ": the array holds <f8 (DoubleField) but a FloatField (<f4) was asked for;"
                + " convert it in NumPy with np.save(path, a.astype('<f4')), or read it as it is with"
                + " Npy.readDoubleField or Npy.readField", e.getMessage());
        Path i = dir.resolve("i.npy");
        Npy.write(i, new int[] {1, 2}, 2);
        assertRefused(i, Npy::readLongField, "holds <i4 (IntField) but a LongField (<i8)");
        assertRefused(i, Npy::readDoubleField, "a.astype('<f8')");
        assertInstanceOf(IntField.class, Npy.readIntField(i));
    }

    @Test
    void moreThanFourAxesIsRefusedWithAReshape() throws IOException {
        Path f = dir.resolve("5d.npy");
        Npy.write(f, new float[360], 2, 3, 4, 5, 3);
        assertRefused(f, Npy::readField, "the array has 5 axes, shape (2, 3, 4, 5, 3), but gridforge fields have at"
                + " most 4; reshape it in NumPy first, for example a.reshape(6, 4, 5, 3) merges the slowest axes");
        assertArrayEquals(new int[] {2, 3, 4, 5, 3}, Npy.read(f).shape()); // the array reader still takes it
    }

    @Test
    void everyUnreadableFileIsRefusedNamingIt() throws IOException {
        byte[] eight = new byte[8];
        assertRefusedBytes(npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", new byte[48]),
                "the array is in Fortran order; save it with numpy.ascontiguousarray(a) first");
        assertRefusedBytes(npy("{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", eight),
                "unsupported dtype '>f8'; gridforge reads <f8, <f4, <i4 and <i8: convert it in NumPy with"
                        + " np.save(path, a.astype('<f8'))");
        assertRefusedBytes(npy("{'descr': '>i4', 'fortran_order': False, 'shape': (2,), }", eight), "a.astype('<i4')");
        assertRefusedBytes(npy("{'descr': '|u1', 'fortran_order': False, 'shape': (8,), }", eight),
                "unsupported dtype '|u1'; gridforge reads <f8, <f4, <i4 and <i8: convert it in NumPy with"
                        + " np.save(path, a.astype('<i4'))");
        assertRefusedBytes(npy("{'descr': '<u4', 'fortran_order': False, 'shape': (2,), }", eight), "a.astype('<i8')");
        assertRefusedBytes(npy("{'descr': '|b1', 'fortran_order': False, 'shape': (8,), }", eight), "a.astype('<i4')");
        assertRefusedBytes(npy("{'descr': '<f2', 'fortran_order': False, 'shape': (4,), }", eight),
                "unsupported dtype '<f2'; gridforge reads <f8, <f4, <i4 and <i8: convert it in NumPy with"
                        + " np.save(path, a.astype('<f4'))");
        assertRefusedBytes(npy("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", new byte[16]),
                "unsupported dtype '<c16'; gridforge reads <f8, <f4, <i4 and <i8: complex numbers are not supported;"
                        + " save a.real and a.imag as two arrays");
        assertRefusedBytes(npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", eight),
                "unsupported dtype '|O'; gridforge reads <f8, <f4, <i4 and <i8: object, string, byte and date arrays"
                        + " have no numeric equivalent");
        assertRefusedBytes(npy("{'descr': '<U3', 'fortran_order': False, 'shape': (1,), }", new byte[12]),
                "no numeric equivalent");
        assertRefusedBytes(npy("{'descr': [('x', '<f8'), ('y', '<i4')], 'fortran_order': False, 'shape': (1,), }",
                new byte[12]), "unsupported structured dtype");
        byte[] good = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", new byte[48]);
        assertRefusedBytes(Arrays.copyOf(good, good.length - 1), "the file is truncated");
        assertRefusedBytes(Arrays.copyOf(good, good.length + 8), "the file holds more data than its shape needs");
        byte[] magic = good.clone();
        magic[1] = 'X';
        assertRefusedBytes(magic, "not a .npy file");
        assertRefusedBytes(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1, 1, 1), }", eight),
                "at most 4");
    }

    @Test
    void aRankFourFieldIsWrittenWithItsNumpyShape() throws IOException {
        float[] data = (float[]) values(ElementType.FLOAT, 120);
        Path field = dir.resolve("field.npy");
        Path array = dir.resolve("array.npy");
        Npy.write(field, FloatField.of(data, 5, 4, 3, 2));
        Npy.write(array, data, 2, 3, 4, 5);
        assertArrayEquals(Files.readAllBytes(array), Files.readAllBytes(field));
    }

    @Test
    void anEmptyFieldIsWrittenAsAnEmptyArray() throws IOException {
        Path f = dir.resolve("empty.npy");
        Npy.write(f, LongField.of(new long[0], 4, 0));
        Npy.Array a = Npy.read(f);
        assertArrayEquals(new int[] {0, 4}, a.shape());
        assertEquals(0, a.longs().length);
        assertEquals(128, Files.size(f)); // the header alone
    }

    @Test
    void aDeviceFieldIsDownloadedAndWrittenLikeItsHostCopy() throws IOException {
        HeapAccelerator acc = new HeapAccelerator();
        for (Shape shape : List.of(Shape.of(5, 4, 3, 2), Shape.of(3, 0))) {
            double[] data = (double[]) values(ElementType.DOUBLE, shape.size());
            DeviceBuffer buffer = acc.allocate(8L * data.length);
            acc.upload(data, buffer);
            Path device = dir.resolve("device.npy");
            Path host = dir.resolve("host.npy");
            try (DoubleField onDevice = DoubleField.onDevice(buffer, shape, Backend.CUDA_SIM)) {
                Npy.write(device, onDevice);
            }
            Npy.write(host, DoubleField.of(data, shape));
            assertArrayEquals(Files.readAllBytes(host), Files.readAllBytes(device), shape.toString());
            assertTrue(buffer.isClosed());
        }
        DoubleField closed = DoubleField.onDevice(acc.allocate(8), Shape.of(1), Backend.CUDA_SIM);
        closed.close();
        assertThrows(IllegalStateException.class, () -> Npy.write(dir.resolve("closed.npy"), closed));
    }

    private interface Reader {
        Object read(Path file) throws IOException;
    }

    private void assertRefused(Path file, Reader reader, String expected) {
        GridforgeException e = assertThrows(GridforgeException.class, () -> reader.read(file));
        assertTrue(e.getMessage().startsWith("[Npy] " + file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** Refused by every reader that takes a file: the array reader, the field reader and a typed one. */
    private void assertRefusedBytes(byte[] bytes, String expected) throws IOException {
        Path f = dir.resolve("bad.npy");
        Files.write(f, bytes);
        assertRefused(f, Npy::readField, expected);
        assertRefused(f, Npy::readDoubleField, expected);
        if (!expected.contains("at most 4")) {
            assertRefused(f, Npy::read, expected);
        }
    }

    /** A version 1.0 file with this header dictionary (padded as numpy pads it) and these data bytes. */
    private static byte[] npy(String dict, byte[] data) {
        int total = (10 + dict.length() + 1 + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) (total - 10));
        b.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        return b.put((byte) '\n').put(data).array();
    }

    private Field field(ElementType type, Shape shape) {
        return Field.onHost(type, values(type, shape.size()), shape);
    }

    /** Random elements, led by the awkward ones: NaN with a payload, -0, infinities, extremes. */
    private Object values(ElementType type, int n) {
        Object a = type.newArray(n);
        for (int k = 0; k < n; k++) {
            switch (type) {
                case DOUBLE -> ((double[]) a)[k] = k < SPECIAL_DOUBLES.length ? SPECIAL_DOUBLES[k] : random.nextGaussian();
                case FLOAT -> ((float[]) a)[k] = k < SPECIAL_FLOATS.length ? SPECIAL_FLOATS[k] : (float) random.nextGaussian();
                case INT -> ((int[]) a)[k] = k < 2 ? (k == 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE) : random.nextInt();
                case LONG -> ((long[]) a)[k] = k < 2 ? (k == 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : random.nextLong();
            }
        }
        return a;
    }

    // Quiet NaNs with payloads: the bytes are copied, never computed on, so the payload must survive.
    private static final double[] SPECIAL_DOUBLES = {Double.longBitsToDouble(0x7ff8_0000_dead_beefL), -0.0,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN};
    private static final float[] SPECIAL_FLOATS = {Float.intBitsToFloat(0xffc0_1234), -0.0f, Float.POSITIVE_INFINITY,
        Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN};

    /** The elements as raw bits, so NaN payloads and -0 are compared exactly. */
    private static long[] rawBits(Object array) {
        if (array instanceof double[] d) {
            return Arrays.stream(d).mapToLong(Double::doubleToRawLongBits).toArray();
        }
        if (array instanceof float[] f) {
            long[] bits = new long[f.length];
            for (int k = 0; k < f.length; k++) {
                bits[k] = Float.floatToRawIntBits(f[k]);
            }
            return bits;
        }
        if (array instanceof int[] i) {
            return Arrays.stream(i).asLongStream().toArray();
        }
        return ((long[]) array).clone();
    }
}
