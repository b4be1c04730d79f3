package dev.gridforge.runtime.sim;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.gridforge.runtime.spi.Accelerator;
import dev.gridforge.runtime.spi.DeviceBuffer;
import dev.gridforge.runtime.spi.SharedCleaner;
import java.lang.ref.Cleaner;

/** Simulated device memory: native memory from JNA, freed on close or, if forgotten, by the shared cleaner. */
final class SimBuffer implements DeviceBuffer {

    /** Holds the memory, not the buffer, so the buffer can become unreachable. */
    private static final class Free implements Runnable {
        private final Memory memory;

        Free(Memory memory) {
            this.memory = memory;
        }

        @Override
        public void run() {
            memory.close();
        }
    }

    private final CudaSimulator owner;
    private final Memory memory;
    private final Cleaner.Cleanable cleanable;
    private volatile boolean closed;

    SimBuffer(CudaSimulator owner, long bytes) {
        this.owner = owner;
        this.memory = new Memory(bytes);
        this.cleanable = SharedCleaner.get().register(this, new Free(memory));
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
        return memory.size();
    }

    @Override
    public Accelerator owner() {
        return owner;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        cleanable.clean(); // runs Free at most once
    }
}
