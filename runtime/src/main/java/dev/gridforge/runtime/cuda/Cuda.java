package dev.gridforge.runtime.cuda;

import dev.gridforge.runtime.CudaUnavailableException;
import dev.gridforge.runtime.spi.Accelerator;

/**
 * Whether CUDA can run in this JVM, and the shared accelerator for device 0.
 *
 * <p>The first call probes (loads the driver through JCuda, initialises it, finds a device,
 * finds NVRTC or kernels compiled at build time, retains the primary context); the outcome is kept for the life of the JVM, so
 * every later call is a field read. Probing never crashes the JVM on a machine without CUDA:
 * a missing driver or NVRTC becomes {@link #unavailableReason()}.
 */
public final class Cuda {

    private Cuda() {
    }

    /** Runs the probe on first use; class initialisation makes that happen once, thread-safely. */
    private static final class Holder {
        static final CudaProbe.Result RESULT = CudaProbe.run();
    }

    /**
     * True when a CUDA device and its driver are usable, and so is NVRTC or the class path holds
     * kernels compiled at build time for this device (then only those can run).
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

    /**
     * The shared accelerator for device 0.
     *
     * @throws CudaUnavailableException with {@link #unavailableReason()} when CUDA cannot run here
     */
    public static Accelerator accelerator() {
        CudaProbe.Result result = Holder.RESULT;
        if (!result.available()) {
            throw new CudaUnavailableException(result.reason());
        }
        return result.accelerator();
    }
}
