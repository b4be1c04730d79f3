package dev.gridforge.runtime.cuda;

import dev.gridforge.runtime.CudaUnavailableException;
import dev.gridforge.runtime.spi.ComputeOnce;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The CUDA devices of this JVM, once the probe found CUDA usable: one shared accelerator per
 * device, set up at the device's first use (its primary context retained then, its stream and
 * memory pool made), all sharing the probe's NVRTC binding and compile cache (whose keys hold the
 * architecture, so devices of one kind share compiled modules). Loaded modules, kernels, staging
 * memory and streams are the accelerator's own, as a CUDA context's resources are.
 */
final class CudaDevices {

    private final int count;
    /** Null when NVRTC is not available: then only kernels compiled at build time load. */
    private final Nvrtc nvrtc;
    private final String noNvrtc;
    private final ModuleCache cache;
    /** The accelerators set up so far, by ordinal: after the first use one array read. */
    private final AtomicReferenceArray<CudaAccelerator> ready;
    /** One setup per device at a time; a failed one is not remembered (the next use tries again). */
    private final ComputeOnce<Integer, CudaAccelerator> setup = new ComputeOnce<>();

    CudaDevices(int count, Nvrtc nvrtc, String noNvrtc, ModuleCache cache) {
        this.count = count;
        this.nvrtc = nvrtc;
        this.noNvrtc = noNvrtc;
        this.cache = cache;
        this.ready = new AtomicReferenceArray<>(count);
    }

    /** How many devices the driver sees. */
    int count() {
        return count;
    }

    /**
     * Device {@code ordinal}'s shared accelerator, set up at the first call.
     *
     * @throws CudaUnavailableException when the driver has no such device (saying how many it
     *                                  has), or the device cannot be set up (saying why)
     */
    CudaAccelerator accelerator(int ordinal) {
        if (ordinal < 0 || ordinal >= count) {
            throw new CudaUnavailableException(CudaDevice.noSuchDevice(ordinal, count));
        }
        CudaAccelerator a = ready.get(ordinal);
        if (a != null) {
            return a;
        }
        return setup.get(ordinal, o -> {
            CudaAccelerator made = ready.get(o);
            if (made == null) {
                made = open(o);
                ready.set(o, made);
            }
            return made;
        });
    }

    private CudaAccelerator open(int ordinal) {
        CudaDevice device;
        try {
            device = CudaDevice.open(ordinal);
        } catch (CudaUnavailableException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new CudaUnavailableException("CUDA device " + ordinal + " could not be opened: " + CudaProbe.message(e), e);
        }
        try {
            return new CudaAccelerator(device, nvrtc, noNvrtc, cache);
        } catch (RuntimeException | LinkageError e) {
            // The device will not be used: do not hold its context (and its memory) for the JVM's life.
            CudaUnavailableException failed = new CudaUnavailableException("setting up the CUDA accelerator on device " + ordinal
                    + " (" + device.name() + ") failed: " + CudaProbe.message(e), e);
            try {
                device.release();
            } catch (RuntimeException r) {
                failed.addSuppressed(r);
            }
            throw failed;
        }
    }
}
