package dev.gridforge.runtime.cuda;

import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemFreeAsync;

import dev.gridforge.runtime.spi.Accelerator;
import dev.gridforge.runtime.spi.BandMarks;
import dev.gridforge.runtime.spi.DeviceBuffer;
import java.lang.System.Logger.Level;
import java.lang.ref.Cleaner;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUstream;

/**
 * Device memory from {@code cuMemAlloc}. {@link #close()} frees it at once; a buffer dropped
 * without closing is freed by a shared {@link Cleaner} after the garbage collector finds it
 * unreachable. The Java heap does not feel device memory, so the collector may not run soon:
 * {@link CudaAccelerator#allocate} therefore forces a collection when the device is full.
 */
final class CudaDeviceBuffer implements DeviceBuffer {

    private final CudaAccelerator owner;
    private final long bytes;
    private final CUdeviceptr pointer;
    private final Release release;
    private final Cleaner.Cleanable cleanable;
    private final dev.gridforge.runtime.spi.BufferUse use;
    /** Set by a launch cut into bands (see {@link CudaAccelerator#bandLaunched}); its events are destroyed with the buffer. */
    private final BandMarks<CUevent> marks = new BandMarks<>();

    /** {@code freeOn}: the stream to free it on, in order after the work queued there (pooled memory); null: cuMemFree. */
    CudaDeviceBuffer(CudaAccelerator owner, CudaDevice device, CUdeviceptr pointer, long bytes, CUstream freeOn,
                     Release.Counters counters) {
        this.owner = owner;
        this.bytes = bytes;
        this.pointer = pointer;
        this.release = new Release(device, pointer, bytes, freeOn, counters, marks);
        this.cleanable = dev.gridforge.runtime.spi.SharedCleaner.get().register(this, release);
        this.use = new dev.gridforge.runtime.spi.BufferUse(cleanable::clean);
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public Accelerator owner() {
        return owner;
    }

    @Override
    public boolean isClosed() {
        return use.isClosing() || release.done.get();
    }

    /**
     * Frees the memory, or, if a launch or copy on another thread is using it, as soon as that
     * is done; a second call does nothing (Cleanable.clean runs its action at most once).
     */
    @Override
    public void close() {
        use.close();
    }

    /** Starts a use (a launch or copy); the memory stays until {@link #release}, even if closed meanwhile. */
    void acquire() {
        if (!use.acquire()) {
            throw new IllegalStateException("this device buffer (" + bytes + " bytes) is closed");
        }
    }

    void release() {
        use.release();
    }

    BandMarks<CUevent> marks() {
        return marks;
    }

    /** The device address; IllegalStateException once closed. */
    CUdeviceptr pointer() {
        if (isClosed()) {
            throw new IllegalStateException("this device buffer (" + bytes + " bytes) is closed");
        }
        return pointer;
    }

    @Override
    public String toString() {
        return "CudaDeviceBuffer[" + bytes + " bytes" + (isClosed() ? ", closed]" : "]");
    }

    /**
     * The freeing action. It holds the device pointer and the device, never the buffer: an
     * action that reached the buffer would keep it reachable forever and it would never be
     * cleaned.
     */
    static final class Release implements Runnable {

        private static final System.Logger LOG = System.getLogger(CudaDeviceBuffer.class.getName());

        /** Shared by an accelerator's buffers: what is live, and how many were freed (for waiting on cleaners). */
        static final class Counters {
            final AtomicLong liveBytes = new AtomicLong();
            final AtomicLong releases = new AtomicLong();
        }

        private final CudaDevice device;
        private final CUdeviceptr pointer;
        private final long bytes;
        private final Counters counters;
        final AtomicBoolean done = new AtomicBoolean();

        private final CUstream freeOn;
        private final BandMarks<CUevent> marks;

        Release(CudaDevice device, CUdeviceptr pointer, long bytes, CUstream freeOn, Counters counters, BandMarks<CUevent> marks) {
            this.marks = marks;
            this.device = device;
            this.pointer = pointer;
            this.bytes = bytes;
            this.freeOn = freeOn;
            this.counters = counters;
            counters.liveBytes.addAndGet(bytes);
        }

        @Override
        public void run() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            try {
                if (bytes > 0) { // a zero-byte buffer never called cuMemAlloc
                    // On the cleaner thread no context is current yet: set it before freeing.
                    device.makeCurrent();
                    // Pooled memory goes back to the pool in stream order: after the work queued before,
                    // without waiting for the device. Otherwise cuMemFree, which waits for it.
                    CudaCalls.check(() -> "freeing " + bytes + " bytes of device memory",
                            () -> freeOn != null ? cuMemFreeAsync(pointer, freeOn) : cuMemFree(pointer));
                }

            } catch (RuntimeException e) {
                // Nobody can catch this on the cleaner thread; a context killed by a faulting
                // kernel is the usual cause, and that was reported where it happened.
                LOG.log(Level.WARNING, "gridforge: could not free a device buffer: {0}", e.getMessage());
            } finally {
                List<CUevent> events = marks.clear();
                if (!events.isEmpty()) {
                    try {
                        device.makeCurrent();
                        CudaAccelerator.destroyEvents(events);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "gridforge: could not release a buffer's band events: {0}", e.getMessage());
                    }
                }
                counters.liveBytes.addAndGet(-bytes);
                counters.releases.incrementAndGet();
            }
        }
    }
}
