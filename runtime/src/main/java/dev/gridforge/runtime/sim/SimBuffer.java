package dev.gridforge.runtime.sim;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.gridforge.runtime.spi.Accelerator;
import dev.gridforge.runtime.spi.BufferUse;
import dev.gridforge.runtime.spi.DeviceBuffer;
import dev.gridforge.runtime.spi.SharedCleaner;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;

/** Simulated device memory: native memory from JNA, freed on close or, if forgotten, by the shared cleaner. */
final class SimBuffer implements DeviceBuffer {

    /** Holds the memory, not the buffer, so the buffer can become unreachable. */
    private static final class Free implements Runnable {
        private final Memory memory;
        private final AtomicLong live;
        private final long bytes;

        Free(Memory memory, AtomicLong live, long bytes) {
            this.memory = memory;
            this.live = live;
            this.bytes = bytes;
            live.addAndGet(bytes);
        }

        @Override
        public void run() {
            memory.close();
            live.addAndGet(-bytes);
        }
    }

    /**
     * Bytes past the end that hold a known pattern. A kernel that writes out of bounds (an index
     * or bounds error in generated CUDA C) changes them, and the next launch or copy reports it
     * instead of corrupting the JVM's memory unnoticed.
     */
    static final int GUARD_BYTES = 256;
    private static final byte GUARD = (byte) 0xA5;

    private final CudaSimulator owner;
    private final long bytes;
    private final Memory memory;
    private final Cleaner.Cleanable cleanable;
    private final BufferUse use;
    private volatile boolean closed;

    SimBuffer(CudaSimulator owner, long bytes) {
        this.owner = owner;
        this.bytes = bytes;
        this.memory = new Memory(bytes + GUARD_BYTES);
        for (int i = 0; i < GUARD_BYTES; i++) {
            memory.setByte(bytes + i, GUARD);
        }
        this.cleanable = SharedCleaner.get().register(this, new Free(memory, owner.live, bytes));
        this.use = new BufferUse(cleanable::clean);
    }

    /** The memory, for copies and launches; fails on a freed buffer. */
    Pointer pointer() {
        if (closed) {
            throw new IllegalStateException("simulated device buffer of " + bytes() + " bytes was used after close()");
        }
        return memory;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    /** Fails if anything wrote into the guard bytes past the end. */
    void checkGuard(String after) {
        for (int i = 0; i < GUARD_BYTES; i++) {
            if (memory.getByte(bytes + i) != GUARD) {
                throw new dev.gridforge.runtime.GridforgeException("[SimBounds] " + after + " wrote past the end of a "
                        + bytes + "-byte buffer (at byte " + (bytes + i) + "): an index or bounds error in the kernel");
            }
        }
    }

    @Override
    public Accelerator owner() {
        return owner;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** Starts a use (a launch or copy); the memory stays until {@link #release}, even if closed meanwhile. */
    void acquire() {
        if (!use.acquire()) {
            throw new IllegalStateException("simulated device buffer of " + bytes + " bytes was used after close()");
        }
    }

    void release() {
        use.release();
    }

    /** Frees the memory now, or when a launch or copy using it on another thread is done. Idempotent. */
    @Override
    public void close() {
        closed = true;
        use.close(); // runs Free at most once, after the last use
    }
}
