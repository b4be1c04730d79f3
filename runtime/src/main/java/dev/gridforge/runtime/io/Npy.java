package dev.gridforge.runtime.io;

import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.FloatField;
import dev.gridforge.runtime.GridforgeException;
import dev.gridforge.runtime.IntField;
import dev.gridforge.runtime.LongField;
import dev.gridforge.runtime.Shape;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * NumPy {@code .npy} files: little-endian {@code <f8}, {@code <f4}, {@code <i4} and {@code <i8}
 * arrays in C order. Writes format version 1.0 with the header padded so the data starts at a
 * multiple of 64 bytes (what {@code numpy.save} does); reads versions 1.0, 2.0 and 3.0.
 *
 * <p>{@link #readField(Path)} and {@link #write(Path, Field)} move fields in and out with the
 * axis order handled: a gridforge {@link Field} of shape {@code (n0, n1, n2, n3)} (axis 0 fastest)
 * is the NumPy array {@code (n3, n2, n1, n0)}, with the same bytes. The array methods
 * ({@link #read(Path)}, {@code write(Path, double[], int...)}) take NumPy shapes as they are,
 * slowest axis first. Files are written whole or not at all ({@link AtomicFile}): a write that
 * fails or is killed leaves the file it was replacing as it was.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;
    private static final int PREAMBLE_V1 = MAGIC.length + 2 + 2;
    private static final int CHUNK_BYTES = 1 << 20;

    private Npy() {
    }

    /** An array read from a {@code .npy} file: its element type, NumPy shape and a primitive array in C order. */
    public record Array(ElementType type, int[] shape, Object data) {

        public Array {
            Objects.requireNonNull(type, "type");
            shape = shape.clone();
            if (ElementType.ofArray(data) != type) {
                throw new IllegalArgumentException("data is not a " + type + " array");
            }
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** The elements, when the file held {@code <f8}. */
        public double[] doubles() {
            return (double[]) as(ElementType.DOUBLE);
        }

        /** The elements, when the file held {@code <f4}. */
        public float[] floats() {
            return (float[]) as(ElementType.FLOAT);
        }

        /** The elements, when the file held {@code <i4}. */
        public int[] ints() {
            return (int[]) as(ElementType.INT);
        }

        /** The elements, when the file held {@code <i8}. */
        public long[] longs() {
            return (long[]) as(ElementType.LONG);
        }

        private Object as(ElementType wanted) {
            if (type != wanted) {
                throw new IllegalStateException("the array holds " + descr(type) + " (" + type + "), not "
                        + descr(wanted) + " (" + wanted + ")");
            }
            return data;
        }

        @Override
        public String toString() {
            return "Npy.Array[" + descr(type) + ", shape " + shapeText(shape) + "]";
        }
    }

    /** Writes {@code data} as an array of NumPy {@code shape} (slowest axis first). */
    public static void write(Path file, double[] data, int... shape) throws IOException {
        writeArray(file, data, shape);
    }

    /** Writes {@code data} as an array of NumPy {@code shape} (slowest axis first). */
    public static void write(Path file, float[] data, int... shape) throws IOException {
        writeArray(file, data, shape);
    }

    /** Writes {@code data} as an array of NumPy {@code shape} (slowest axis first). */
    public static void write(Path file, int[] data, int... shape) throws IOException {
        writeArray(file, data, shape);
    }

    /** Writes {@code data} as an array of NumPy {@code shape} (slowest axis first). */
    public static void write(Path file, long[] data, int... shape) throws IOException {
        writeArray(file, data, shape);
    }

    /**
     * Writes a field (downloading it when it lives on a device) with its axes reversed: a field
     * of shape {@code (n0, n1)} becomes the NumPy array {@code (n1, n0)}, with the same bytes.
     */
    public static void write(Path file, Field field) throws IOException {
        Objects.requireNonNull(field, "field");
        writeArray(file, field.hostData(), numpyShape(field.shape()));
    }

    /** A gridforge shape as its NumPy shape is written in Python: {@code (2, 3)} for the field {@code 3 x 2}. */
    public static String numpyShapeText(Shape shape) {
        return shapeText(numpyShape(shape));
    }

    /** The NumPy shape of a gridforge shape: its extents, slowest axis first. */
    public static int[] numpyShape(Shape shape) {
        int[] s = new int[shape.rank()];
        for (int axis = 0; axis < s.length; axis++) {
            s[s.length - 1 - axis] = shape.extent(axis);
        }
        return s;
    }

    /** Writes an array to a stream: the version 1.0 header, then the little-endian elements. */
    public static void write(OutputStream out, Object javaArray, int... shape) throws IOException {
        ElementType type = ElementType.ofArray(javaArray);
        checkLength(java.lang.reflect.Array.getLength(javaArray), shape);
        out.write(header(type, shape));
        writeElements(out, javaArray, type);
    }

    /** Checked before anything is created; written whole or not at all (see {@link AtomicFile}). */
    private static void writeArray(Path file, Object javaArray, int[] shape) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(javaArray, "data");
        checkLength(java.lang.reflect.Array.getLength(javaArray), shape);
        AtomicFile.write(file, out -> write(out, javaArray, shape));
    }

    private static void checkLength(int length, int[] shape) {
        Objects.requireNonNull(shape, "shape");
        long size = 1;
        for (int n : shape) {
            if (n < 0) {
                throw new IllegalArgumentException("negative extent in shape " + shapeText(shape));
            }
            size *= n;
        }
        if (size != length) {
            throw new IllegalArgumentException("data has " + length + " elements but shape " + shapeText(shape)
                    + " has " + size);
        }
    }

    /**
     * The complete version 1.0 header: magic, version, header length, the dictionary as
     * {@code numpy.save} spells it, padded with spaces and ended by a newline so that its total
     * length is a multiple of 64.
     */
    static byte[] header(ElementType type, int[] shape) {
        String dict = "{'descr': '" + descr(type) + "', 'fortran_order': False, 'shape': " + shapeText(shape) + ", }";
        int unpadded = PREAMBLE_V1 + dict.length() + 1;
        int total = (unpadded + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        int headerLength = total - PREAMBLE_V1;
        if (headerLength > 0xFFFF) {
            throw new IllegalArgumentException("shape " + shapeText(shape) + " makes a header too long for .npy 1.0");
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLength);
        b.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    private static void writeElements(OutputStream out, Object javaArray, ElementType type) throws IOException {
        int length = java.lang.reflect.Array.getLength(javaArray);
        int perChunk = CHUNK_BYTES / type.bytes();
        ByteBuffer chunk = ByteBuffer.allocate(Math.min(length, perChunk) * type.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < length; from += perChunk) {
            int count = Math.min(perChunk, length - from);
            chunk.clear();
            switch (type) {
                case DOUBLE: chunk.asDoubleBuffer().put((double[]) javaArray, from, count); break;
                case FLOAT: chunk.asFloatBuffer().put((float[]) javaArray, from, count); break;
                case INT: chunk.asIntBuffer().put((int[]) javaArray, from, count); break;
                default: chunk.asLongBuffer().put((long[]) javaArray, from, count); break;
            }
            out.write(chunk.array(), 0, count * type.bytes());
        }
    }

    /**
     * Reads a {@code .npy} file.
     *
     * @throws GridforgeException naming the file and the problem when it is not a little-endian,
     *         C-order {@code <f8}/{@code <f4}/{@code <i4}/{@code <i8} array or is truncated
     */
    public static Array read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), Files.size(file));
        }
    }

    /** Reads a {@code .npy} array from a stream; {@code name} appears in error messages. */
    public static Array read(InputStream in, String name) throws IOException {
        return read(in, name, Long.MAX_VALUE);
    }

    /**
     * Reads a {@code .npy} file into a host field of the file's element type, with the NumPy
     * shape reversed: a {@code (B, C, H, W)} array becomes a field of shape {@code (W, H, C, B)},
     * axis 0 fastest, over the same bytes. A 0-d array becomes a field of shape {@code (1)}; an
     * extent may be 0.
     *
     * @throws GridforgeException naming the file and the problem, as {@link #read(Path)} does, and
     *         for an array of more than 4 axes
     */
    public static Field readField(Path file) throws IOException {
        return readField(file, null);
    }

    /** Reads a {@code .npy} array from a stream into a field, as {@link #readField(Path)}; {@code name} appears in error messages. */
    public static Field readField(InputStream in, String name) throws IOException {
        Objects.requireNonNull(in, "in");
        return readField(in, name, Long.MAX_VALUE, null);
    }

    /** {@link #readField(Path)} for a {@code <f8} file; any other dtype is refused with how to convert it. */
    public static DoubleField readDoubleField(Path file) throws IOException {
        return (DoubleField) readField(file, ElementType.DOUBLE);
    }

    /** {@link #readField(Path)} for a {@code <f4} file; any other dtype is refused with how to convert it. */
    public static FloatField readFloatField(Path file) throws IOException {
        return (FloatField) readField(file, ElementType.FLOAT);
    }

    /** {@link #readField(Path)} for a {@code <i4} file; any other dtype is refused with how to convert it. */
    public static IntField readIntField(Path file) throws IOException {
        return (IntField) readField(file, ElementType.INT);
    }

    /** {@link #readField(Path)} for a {@code <i8} file; any other dtype is refused with how to convert it. */
    public static LongField readLongField(Path file) throws IOException {
        return (LongField) readField(file, ElementType.LONG);
    }

    /** {@code wanted}: the element type asked for, or null for whatever the file holds. */
    private static Field readField(Path file, ElementType wanted) throws IOException {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return readField(in, file.toString(), Files.size(file), wanted);
        }
    }

    private static Field readField(InputStream in, String name, long available, ElementType wanted) throws IOException {
        Header h = readHeader(in, name);
        if (wanted != null && h.type() != wanted) {
            // Refused before reading the data, which may be large.
            throw bad(name, "the array holds " + descr(h.type()) + " (" + fieldClass(h.type()) + ") but a "
                    + fieldClass(wanted) + " (" + descr(wanted) + ") was asked for; convert it in NumPy with"
                    + " np.save(path, a.astype('" + descr(wanted) + "')), or read it as it is with Npy.read"
                    + fieldClass(h.type()) + " or Npy.readField");
        }
        Shape shape = fieldShape(h.shape(), name);
        return Field.onHost(h.type(), readData(in, h, name, available), shape);
    }

    /** The gridforge shape of a NumPy shape: its extents reversed, axis 0 fastest; a 0-d array is shape (1). */
    private static Shape fieldShape(int[] numpy, String name) {
        if (numpy.length == 0) {
            return Shape.of(1);
        }
        if (numpy.length > Shape.MAX_RANK) {
            int keep = Shape.MAX_RANK - 1;
            long merged = 1;
            for (int i = 0; i < numpy.length - keep; i++) {
                merged *= numpy[i];
            }
            StringBuilder reshape = new StringBuilder().append(merged);
            for (int i = numpy.length - keep; i < numpy.length; i++) {
                reshape.append(", ").append(numpy[i]);
            }
            throw bad(name, "the array has " + numpy.length + " axes, shape " + shapeText(numpy)
                    + ", but gridforge fields have at most " + Shape.MAX_RANK + "; reshape it in NumPy first,"
                    + " for example a.reshape(" + reshape + ") merges the slowest axes");
        }
        int[] extents = new int[numpy.length];
        for (int axis = 0; axis < extents.length; axis++) {
            extents[axis] = numpy[numpy.length - 1 - axis];
        }
        return Shape.of(extents);
    }

    private static String fieldClass(ElementType type) {
        switch (type) {
            case DOUBLE: return "DoubleField";
            case FLOAT: return "FloatField";
            case INT: return "IntField";
            default: return "LongField";
        }
    }

    /** {@code available}: bytes the source holds at most, so a lying header cannot make us allocate gigabytes. */
    private static Array read(InputStream in, String name, long available) throws IOException {
        Header h = readHeader(in, name);
        return new Array(h.type(), h.shape(), readData(in, h, name, available));
    }

    /** What the header says: the element type and the NumPy shape, slowest axis first. */
    private record Header(ElementType type, int[] shape, int size) {
    }

    private static Header readHeader(InputStream in, String name) throws IOException {
        NpyHeader.Parsed h = readDictionary(in, name);
        return new Header(h.type(), h.shape(), size(h.shape(), name));
    }

    private static Object readData(InputStream in, Header h, String name, long available) throws IOException {
        long bytes = (long) h.size() * h.type().bytes();
        if (bytes > available) {
            throw bad(name, "the header declares " + h.size() + " elements (" + bytes
                    + " bytes) but the file has only " + available + " bytes: it is truncated or damaged");
        }
        if (available == Long.MAX_VALUE) {
            // A stream of unknown length: take the data as it arrives before allocating the array,
            // so a header that declares more than the stream holds cannot make us allocate it.
            in = new java.io.ByteArrayInputStream(readArriving(in, bytes, name));
        }
        Object data = h.type().newArray(h.size());
        readElements(in, data, h.type(), h.size(), name);
        return data;
    }

    private static NpyHeader.Parsed readDictionary(InputStream in, String name) throws IOException {
        byte[] magic = readFully(in, MAGIC.length + 2, name, "the header");
        if (!Arrays.equals(Arrays.copyOf(magic, MAGIC.length), MAGIC)) {
            throw bad(name, "not a .npy file (it does not start with \\x93NUMPY)");
        }
        int major = magic[MAGIC.length] & 0xFF;
        int minor = magic[MAGIC.length + 1] & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw bad(name, "unsupported .npy format version " + major + "." + minor + " (1.0, 2.0 and 3.0 are read)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer len = ByteBuffer.wrap(readFully(in, lengthBytes, name, "the header length")).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? len.getShort() & 0xFFFF : len.getInt() & 0xFFFFFFFFL;
        if (headerLength > 1 << 24) {
            throw bad(name, "implausible header length " + headerLength);
        }
        byte[] header = readFully(in, (int) headerLength, name, "the header");
        String dict = new String(header, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        if (!dict.endsWith("\n")) {
            throw bad(name, "the header does not end with a newline");
        }
        return NpyHeader.parse(dict, major, name);
    }

    private static int size(int[] shape, String name) {
        long size = 1;
        for (int n : shape) {
            size *= n;
            if (size > Shape.MAX_SIZE) {
                throw bad(name, "shape " + shapeText(shape) + " has more elements than a Java array can hold");
            }
        }
        return (int) size;
    }

    private static void readElements(InputStream in, Object data, ElementType type, int size, String name)
            throws IOException {
        int perChunk = CHUNK_BYTES / type.bytes();
        for (int from = 0; from < size; from += perChunk) {
            int count = Math.min(perChunk, size - from);
            ByteBuffer b = ByteBuffer.wrap(readFully(in, count * type.bytes(), name, "the data")).order(ByteOrder.LITTLE_ENDIAN);
            switch (type) {
                case DOUBLE: b.asDoubleBuffer().get((double[]) data, from, count); break;
                case FLOAT: b.asFloatBuffer().get((float[]) data, from, count); break;
                case INT: b.asIntBuffer().get((int[]) data, from, count); break;
                default: b.asLongBuffer().get((long[]) data, from, count); break;
            }
        }
        if (in.read() != -1) {
            throw bad(name, "the file holds more data than its shape needs");
        }
    }

    /** Exactly {@code bytes} bytes and what follows them (at most one byte, to tell the file is longer), read in chunks. */
    private static byte[] readArriving(InputStream in, long bytes, String name) throws IOException {
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream((int) Math.min(bytes + 1, CHUNK_BYTES));
        long left = bytes + 1;
        while (left > 0) {
            byte[] chunk = in.readNBytes((int) Math.min(left, CHUNK_BYTES));
            if (chunk.length == 0) {
                break;
            }
            data.write(chunk);
            left -= chunk.length;
        }
        if (data.size() < bytes) {
            throw bad(name, "the file is truncated: it ends inside the data (" + data.size() + " of " + bytes
                    + " bytes)", new EOFException());
        }
        return data.toByteArray();
    }

    private static byte[] readFully(InputStream in, int n, String name, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw bad(name, "the file is truncated: it ends inside " + what, new EOFException());
        }
        return b;
    }

    /** The NumPy dtype string of an element type: {@code <f8}, {@code <f4}, {@code <i4} or {@code <i8}. */
    public static String descr(ElementType type) {
        switch (type) {
            case DOUBLE: return "<f8";
            case FLOAT: return "<f4";
            case INT: return "<i4";
            default: return "<i8";
        }
    }

    /** A shape as Python writes a tuple: {@code ()}, {@code (5,)}, {@code (2, 3)}. */
    public static String shapeText(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(')').toString();
    }

    private static GridforgeException bad(String name, String problem) {
        return new GridforgeException("[Npy] " + name + ": " + problem);
    }

    private static GridforgeException bad(String name, String problem, Throwable cause) {
        return new GridforgeException("[Npy] " + name + ": " + problem, cause);
    }
}
