package dev.gridforge.runtime.spi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A {@link HostBuffer} of ordinary direct memory, for backends without pinned memory. */
public final class DirectHostBuffer implements HostBuffer {
    private final ByteBuffer bytes;

    private DirectHostBuffer(ByteBuffer bytes) {
        this.bytes = bytes;
    }

    public static DirectHostBuffer allocate(long bytes) {
        if (bytes < 0 || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a host buffer holds 0 to " + Integer.MAX_VALUE + " bytes, not " + bytes);
        }
        return new DirectHostBuffer(ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder()));
    }

    @Override
    public ByteBuffer bytes() {
        return bytes.duplicate().order(ByteOrder.nativeOrder());
    }

    @Override
    public boolean isPinned() {
        return false;
    }

    /**
     * The garbage collector frees direct memory once this buffer and every view of it are
     * unreachable; the JDK has no public way to free it sooner that is safe while a view exists.
     */
    @Override
    public void close() {
    }
}
