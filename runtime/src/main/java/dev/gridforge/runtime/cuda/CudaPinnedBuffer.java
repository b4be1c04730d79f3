package dev.gridforge.runtime.cuda;

import static jcuda.driver.JCudaDriver.cuMemFreeHost;

import dev.gridforge.runtime.spi.HostBuffer;
import dev.gridforge.runtime.spi.SharedCleaner;
import java.lang.System.Logger.Level;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;
import jcuda.Pointer;

/**
 * Page-locked host memory from {@code cuMemAllocHost}: the GPU copies into it at full speed
 * (measured on the H100: 8 MB in 0.17 ms, against 0.59 ms into a Java array). Freed by
 * {@link #close()} or, if dropped, by the shared cleaner. Its ByteBuffer must not be used after
 * close: the memory is gone ({@code PinnedBuffer} checks this for users).
 */
final class CudaPinnedBuffer implements HostBuffer {
    private final ByteBuffer bytes;
    private final Release release;
    private final Cleaner.Cleanable cleanable;

    CudaPinnedBuffer(CudaDevice device, Pointer host, long size) {
        this.bytes = size == 0 ? ByteBuffer.allocateDirect(0) : host.getByteBuffer(0, size);
        this.release = new Release(device, host, size);
        // Registered on the memory's root ByteBuffer, which every view (duplicate, asDoubleBuffer)
        // keeps reachable: a view still in use cannot have its memory freed under it by the GC.
        this.cleanable = SharedCleaner.get().register(bytes, release);
    }

    @Override
    public ByteBuffer bytes() {
        if (release.done.get()) {
            throw new IllegalStateException("this pinned host buffer is closed");
        }
        return bytes.duplicate().order(ByteOrder.nativeOrder());
    }

    @Override
    public boolean isPinned() {
        return true;
    }

    @Override
    public void close() {
        cleanable.clean();
    }

    /** Holds the pointer and the device, never the buffer, so the buffer can become unreachable. */
    private static final class Release implements Runnable {
        private final CudaDevice device;
        private final Pointer host;
        private final long size;
        final AtomicBoolean done = new AtomicBoolean();

        Release(CudaDevice device, Pointer host, long size) {
            this.device = device;
            this.host = host;
            this.size = size;
        }

        @Override
        public void run() {
            if (!done.compareAndSet(false, true) || size == 0) {
                return;
            }
            try {
                device.makeCurrent();
                CudaCalls.check(() -> "freeing " + size + " bytes of pinned host memory", () -> cuMemFreeHost(host));
            } catch (RuntimeException e) {
                System.getLogger(CudaPinnedBuffer.class.getName()).log(Level.WARNING,
                        "gridforge: could not free pinned host memory: {0}", e.getMessage());
            }
        }
    }
}
