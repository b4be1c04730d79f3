package dev.gridforge.runtime.spi;

import java.nio.ByteBuffer;

/**
 * Host memory that device results are copied into: page-locked ("pinned") where the accelerator
 * has it, which the GPU copies into several times faster than into a Java array. Closing frees
 * it at once; a buffer dropped without closing is freed by a cleaner.
 */
public interface HostBuffer extends AutoCloseable {

    /** The memory as a direct buffer in native byte order, position 0, capacity the size. */
    ByteBuffer bytes();

    /** Whether the memory is page-locked (false for plain direct memory). */
    boolean isPinned();

    @Override
    void close();
}
