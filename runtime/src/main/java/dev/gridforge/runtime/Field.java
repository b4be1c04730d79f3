package dev.gridforge.runtime;

import dev.gridforge.runtime.spi.DeviceFaults;
import dev.gridforge.runtime.spi.DeviceBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An array of values over a {@link Shape}: a kernel input or result. It lives either in a Java
 * array on the host or in a {@link DeviceBuffer} (a result left on the device by a CUDA launch,
 * downloaded only when read). Close a device field to free its memory at once; a forgotten one is
 * freed when it becomes unreachable. Closing twice is harmless; using a closed field throws
 * {@link IllegalStateException}.
 */
public abstract sealed class Field implements AutoCloseable permits DoubleField, FloatField, IntField, LongField {

    private static final String HOST = "host";

    private final Shape shape;
    private final Object host;          // the elements, or null when on the device
    private final DeviceBuffer buffer;  // the elements, or null when on the host
    private final String location;      // for toString: "host" or the backend's id
    private final AtomicBoolean closed = new AtomicBoolean();

    Field(Shape shape, Object host, DeviceBuffer buffer, String location) {
        this.shape = shape;
        this.host = host;
        this.buffer = buffer;
        this.location = location;
    }

    /** A host field's validated constructor arguments: data and shape non-null, lengths equal. */
    static Shape checkHost(Object data, int length, Shape shape) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(shape, "shape");
        if (length != shape.size()) {
            throw new IllegalArgumentException("data has " + length + " elements but shape " + shape + " has "
                    + shape.size() + " points");
        }
        return shape;
    }

    /** A device field's validated arguments: the buffer holds the whole shape, the backend is a device backend. */
    static void checkDevice(DeviceBuffer buffer, Shape shape, Backend backend, ElementType type) {
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(backend, "backend");
        if (!backend.isDevice()) {
            throw new IllegalArgumentException("a device field needs a device backend (cuda or cuda-sim), got " + backend);
        }
        long needed = (long) shape.size() * type.bytes();
        if (buffer.bytes() < needed) {
            throw new IllegalArgumentException("device buffer of " + buffer.bytes() + " bytes is too small for "
                    + shape + " " + type + " (" + needed + " bytes)");
        }
    }

    static String hostLocation() {
        return HOST;
    }

    /**
     * A field over {@code buffer}, which holds {@code shape.size()} elements of {@code type}; it
     * takes ownership of the buffer (closing the field frees it). For the launch path.
     */
    public static Field onDevice(ElementType type, DeviceBuffer buffer, Shape shape, Backend backend) {
        switch (Objects.requireNonNull(type, "type")) {
            case DOUBLE: return DoubleField.onDevice(buffer, shape, backend);
            case FLOAT: return FloatField.onDevice(buffer, shape, backend);
            case INT: return IntField.onDevice(buffer, shape, backend);
            default: return LongField.onDevice(buffer, shape, backend);
        }
    }

    /**
     * A host field over {@code data}, a {@code double[]}, {@code float[]}, {@code int[]} or
     * {@code long[]} of {@code type} (not copied). For the launch path.
     */
    public static Field onHost(ElementType type, Object data, Shape shape) {
        switch (Objects.requireNonNull(type, "type")) {
            case DOUBLE: return DoubleField.of((double[]) data, shape);
            case FLOAT: return FloatField.of((float[]) data, shape);
            case INT: return IntField.of((int[]) data, shape);
            default: return LongField.of((long[]) data, shape);
        }
    }

    /** Whether the two fields are views of the same memory (the same array, or the same device buffer). */
    public final boolean sharesStorageWith(Field other) {
        Objects.requireNonNull(other, "other");
        return this == other || (host != null && host == other.host) || (buffer != null && buffer == other.buffer);
    }

    public final Shape shape() {
        return shape;
    }

    public abstract ElementType elementType();

    /** True when the elements live in device memory (a CUDA or simulator result). */
    public final boolean isOnDevice() {
        return buffer != null;
    }

    /** True once {@link #close()} has run. */
    public final boolean isClosed() {
        return closed.get();
    }

    /** The device memory holding this field, if it lives on a device. For the launch path. */
    public final Optional<DeviceBuffer> deviceBuffer() {
        ensureOpen();
        return Optional.ofNullable(buffer);
    }

    /**
     * The elements as a primitive array: a host field's own array (not a copy, so do not modify
     * it), or a fresh download of a device field. For generated JVM code and the launch path,
     * which read inputs without copying them.
     */
    public Object hostData() {
        ensureOpen();
        if (host != null) {
            return host;
        }
        Object a = elementType().newArray(shape.size());
        buffer.owner().download(buffer, a);
        DeviceFaults.check(buffer.owner());
        return a;
    }

    /**
     * Copies every element into the start of {@code dst} (element i at byte i times the element
     * size, native order), downloading straight from the device when the field lives there: the
     * fastest way to read a GPU result on the host.
     */
    public final void copyTo(PinnedBuffer dst) {
        ensureOpen();
        Objects.requireNonNull(dst, "dst");
        long bytes = (long) shape.size() * elementType().bytes();
        if (dst.size() < bytes) {
            throw new IllegalArgumentException(dst + " is too small for " + this + " (" + bytes + " bytes)");
        }
        java.nio.ByteBuffer to = dst.bytes();
        if (buffer != null) {
            buffer.owner().download(buffer, to, bytes);
            DeviceFaults.check(buffer.owner());
            return;
        }
        switch (elementType()) {
            case DOUBLE -> to.asDoubleBuffer().put((double[]) host);
            case FLOAT -> to.asFloatBuffer().put((float[]) host);
            case INT -> to.asIntBuffer().put((int[]) host);
            case LONG -> to.asLongBuffer().put((long[]) host);
        }
    }

    /** Copies the first {@code length(dst)} elements into {@code dst}, downloading when on the device. */
    final void readPrefix(Object dst, int length) {
        ensureOpen();
        if (host != null) {
            System.arraycopy(host, 0, dst, 0, length);
        } else {
            buffer.owner().download(buffer, dst);
            DeviceFaults.check(buffer.owner());
        }
    }

    final Object hostArrayOrNull() {
        ensureOpen();
        return host;
    }

    /** Checks a destination array's length against the size. */
    final void checkDestination(Object dst, int length) {
        Objects.requireNonNull(dst, "dst");
        if (length != shape.size()) {
            throw new IllegalArgumentException("destination has " + length + " elements but " + this + " has "
                    + shape.size());
        }
    }

    final void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException(this + " was used after close()");
        }
    }

    /**
     * How many elements are NaN or infinite (0 for int and long fields, and for an empty one): the
     * stencil watchdog's question, answered with one number. Computed where the field lives: on every core for a host field,
     * on its device for a device field (nothing is downloaded but the result). Deterministic for a
     * given backend and size; see docs/reductions.md.
     *
     * @throws IllegalStateException when the field is closed
     */
    public final long countNonFinite() {
        return dev.gridforge.runtime.reduce.FieldReductions.countNonFinite(this);
    }

    /** Frees the device memory of a device field; marks any field closed. Idempotent. */
    @Override
    public final void close() {
        if (closed.compareAndSet(false, true) && buffer != null) {
            buffer.close();
        }
    }

    /** For example {@code DoubleField[1000 x 1000, cuda]}. */
    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[" + shape + ", " + (closed.get() ? "closed" : location) + "]";
    }
}
