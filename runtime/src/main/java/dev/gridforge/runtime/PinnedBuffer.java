package dev.gridforge.runtime;

import dev.gridforge.runtime.spi.DirectHostBuffer;
import dev.gridforge.runtime.spi.HostBuffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Objects;

/**
 * Host memory that a result can be read into without a Java array: page-locked on CUDA, where
 * the GPU copies into it several times faster than into a {@code double[]}, and plain direct
 * memory on the other backends. Allocate it once and reuse it across launches:
 *
 * <pre>{@code
 * try (PinnedBuffer host = PinnedBuffer.allocate(Backend.AUTO, n * 8L)) {
 *     for (...) {
 *         try (DoubleField z = MyKernels.f(mesh, c)) {
 *             z.copyTo(host);
 *             DoubleBuffer values = host.doubles();  // element i at index i
 *         }
 *     }
 * }
 * }</pre>
 *
 * Views returned by {@link #bytes()} and friends must not be used after {@link #close()}.
 */
public final class PinnedBuffer implements AutoCloseable {
    private final HostBuffer memory;
    private final long size;
    private volatile boolean closed;

    private PinnedBuffer(HostBuffer memory, long size) {
        this.memory = memory;
        this.size = size;
    }

    /** {@code bytes} of host memory for results of {@code backend} ({@code AUTO} is resolved first). */
    public static PinnedBuffer allocate(Backend backend, long bytes) {
        checkSize(bytes);
        Backend b = Gridforge.resolve(Objects.requireNonNull(backend, "backend"));
        HostBuffer memory = b.isDevice() ? Gridforge.accelerator(b).allocateHost(bytes) : DirectHostBuffer.allocate(bytes);
        return new PinnedBuffer(memory, bytes);
    }

    /** A buffer just large enough for {@code field}: pinned by the field's own device, when it has one. */
    public static PinnedBuffer allocateFor(Field field) {
        Objects.requireNonNull(field, "field");
        long bytes = checkSize((long) field.shape().size() * field.elementType().bytes());
        HostBuffer memory = field.deviceBuffer().map(b -> b.owner().allocateHost(bytes))
                .orElseGet(() -> DirectHostBuffer.allocate(bytes));
        return new PinnedBuffer(memory, bytes);
    }

    private static long checkSize(long bytes) {
        if (bytes < 0 || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a pinned buffer holds 0 to " + Integer.MAX_VALUE + " bytes, not " + bytes);
        }
        return bytes;
    }

    /** Size in bytes. */
    public long size() {
        return size;
    }

    /** Whether the memory is page-locked (only on CUDA). */
    public boolean isPinned() {
        return memory.isPinned();
    }

    /** The memory as bytes in native order; a new view each call. */
    public ByteBuffer bytes() {
        if (closed) {
            throw new IllegalStateException("this PinnedBuffer (" + size + " bytes) was used after close()");
        }
        return memory.bytes();
    }

    public DoubleBuffer doubles() {
        return bytes().asDoubleBuffer();
    }

    public FloatBuffer floats() {
        return bytes().asFloatBuffer();
    }

    public IntBuffer ints() {
        return bytes().asIntBuffer();
    }

    public LongBuffer longs() {
        return bytes().asLongBuffer();
    }

    /**
     * Frees the memory: pinned memory at once (cuMemFreeHost). Plain direct memory (the JVM and
     * simulator backends) is freed by the garbage collector once the buffer and its views are
     * unreachable: the JDK has no public way to free it sooner, and freeing it under a view a
     * caller still holds would crash the JVM. The buffer refuses use after close either way.
     */
    @Override
    public void close() {
        closed = true;
        memory.close();
    }

    @Override
    public String toString() {
        return "PinnedBuffer[" + size + " bytes, " + (closed ? "closed" : isPinned() ? "pinned" : "direct") + "]";
    }
}
