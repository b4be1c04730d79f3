package dev.gridforge.runtime.spi;

/**
 * Memory owned on an {@link Accelerator}. Closing frees it; closing twice is harmless. A buffer
 * that becomes unreachable without being closed is freed by a cleaner, so forgotten buffers
 * cannot pile up without bound.
 */
public interface DeviceBuffer extends AutoCloseable {

    /** Size in bytes. */
    long bytes();

    /** The accelerator that owns this memory. */
    Accelerator owner();

    /** True once freed. */
    boolean isClosed();

    @Override
    void close();
}
