package dev.gridforge.runtime.cuda;

import dev.gridforge.runtime.CudaUnavailableException;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.spi.Accelerator;

/**
 * Whether CUDA can run in this JVM, how many devices it has, and the shared accelerator of each.
 *
 * <p>The first call probes (loads the driver through JCuda, initialises it, counts the devices,
 * finds NVRTC or kernels compiled at build time); the outcome is kept for the life of the JVM,
 * so every later call is a field read. Probing never crashes the JVM on a machine without CUDA:
 * a missing driver or NVRTC becomes {@link #unavailableReason()}. A device's accelerator (its
 * primary context, stream and memory pool) is set up at that device's first use.
 */
public final class Cuda {

    private Cuda() {
    }

    /** Runs the probe on first use; class initialisation makes that happen once, thread-safely. */
    private static final class Holder {
        static final CudaProbe.Result RESULT = CudaProbe.run();
    }

    /**
     * True when the CUDA driver is usable and sees a device, and so is NVRTC or the class path
     * holds kernels compiled at build time for a device here (then only those can run).
     */
    public static boolean isAvailable() {
        return Holder.RESULT.available();
    }

    /**
     * What is missing and where gridforge looked (the driver's error, the device count, every
     * NVRTC location tried); the empty string when CUDA is available.
     */
    public static String unavailableReason() {
        return Holder.RESULT.reason();
    }

    /** How many devices the driver sees ({@code CUDA_VISIBLE_DEVICES} applied); 0 when CUDA is not available. */
    public static int deviceCount() {
        CudaProbe.Result result = Holder.RESULT;
        return result.available() ? result.devices().count() : 0;
    }

    /**
     * The shared accelerator of the calling thread's device, {@link Gridforge#cudaDevice()}
     * (device 0 unless a {@link Gridforge#onCudaDevice} scope or {@code -Dgridforge.cuda.device}
     * says otherwise).
     *
     * @throws CudaUnavailableException with {@link #unavailableReason()} when CUDA cannot run here,
     *                                  or saying how many devices there are when there is no such device
     */
    public static Accelerator accelerator() {
        return accelerator(Gridforge.cudaDevice());
    }

    /**
     * The shared accelerator of device {@code ordinal}, set up at its first use; the same object
     * for the life of the JVM.
     *
     * @throws IllegalArgumentException when {@code ordinal} is negative
     * @throws CudaUnavailableException when CUDA cannot run here ({@link #unavailableReason()}), when
     *                                  the driver has no device {@code ordinal} (saying how many it has, and
     *                                  {@code CUDA_VISIBLE_DEVICES}), or when the device cannot be set up
     */
    public static Accelerator accelerator(int ordinal) {
        if (ordinal < 0) {
            throw new IllegalArgumentException("a CUDA device ordinal is 0 or more, got " + ordinal);
        }
        CudaProbe.Result result = Holder.RESULT;
        if (!result.available()) {
            throw new CudaUnavailableException(ordinal == 0 ? result.reason()
                    : "CUDA device " + ordinal + " was asked for, but " + result.reason());
        }
        return result.devices().accelerator(ordinal);
    }
}
