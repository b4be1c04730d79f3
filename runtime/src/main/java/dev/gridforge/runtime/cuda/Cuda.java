package dev.gridforge.runtime.cuda;

import dev.gridforge.runtime.CudaUnavailableException;
import dev.gridforge.runtime.spi.Accelerator;

/** Placeholder for the CUDA backend, which is developed on its own branch and replaces this file at merge. */
public final class Cuda {

    private Cuda() {
    }

    public static boolean isAvailable() {
        return false;
    }

    public static String unavailableReason() {
        return "stub";
    }

    public static Accelerator accelerator() {
        throw new CudaUnavailableException("CUDA is unavailable: " + unavailableReason());
    }
}
