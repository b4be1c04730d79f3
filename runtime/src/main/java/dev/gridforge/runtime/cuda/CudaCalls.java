package dev.gridforge.runtime.cuda;

import dev.gridforge.runtime.DeviceMemoryException;
import dev.gridforge.runtime.GridforgeException;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import jcuda.CudaException;
import jcuda.driver.CUresult;

/**
 * Runs JCuda driver calls and turns their failures into gridforge exceptions that name the
 * CUDA error and what was being done. JCuda reports a failure either by throwing
 * {@link CudaException} (its message is the error name, when exceptions are enabled) or by
 * returning the code (when some other library switched exceptions off again, since the switch
 * is global): both are handled.
 */
final class CudaCalls {

    static final String OUT_OF_MEMORY = "CUDA_ERROR_OUT_OF_MEMORY";

    /** Errors after which the context is corrupted: every later call fails too. */
    private static final Set<String> STICKY = Set.of(
            "CUDA_ERROR_ILLEGAL_ADDRESS", "CUDA_ERROR_LAUNCH_FAILED", "CUDA_ERROR_ILLEGAL_INSTRUCTION",
            "CUDA_ERROR_MISALIGNED_ADDRESS", "CUDA_ERROR_INVALID_ADDRESS_SPACE", "CUDA_ERROR_INVALID_PC",
            "CUDA_ERROR_HARDWARE_STACK_ERROR", "CUDA_ERROR_ASSERT", "CUDA_ERROR_LAUNCH_TIMEOUT");

    private CudaCalls() {
    }

    /** Runs {@code call}; throws a gridforge exception if it failed. */
    static void check(Supplier<String> doing, IntSupplier call) {
        String error = errorOf(call);
        if (error != null) {
            throw translate(error, doing.get());
        }
    }

    static void check(String doing, IntSupplier call) {
        check(() -> doing, call);
    }

    /** Runs {@code call}; the CUDA error name if it failed, else null. Never throws a CudaException. */
    static String errorOf(IntSupplier call) {
        try {
            int result = call.getAsInt();
            return result == CUresult.CUDA_SUCCESS ? null : CUresult.stringFor(result);
        } catch (CudaException e) {
            return e.getMessage() == null ? "CUDA_ERROR_UNKNOWN" : e.getMessage();
        }
    }

    /** The exception for a failed call: memory errors as {@link DeviceMemoryException}. */
    static GridforgeException translate(String errorName, String doing) {
        String message = "[Cuda] " + errorName + " while " + doing;
        if (errorName.startsWith(OUT_OF_MEMORY)) {
            return new DeviceMemoryException(message);
        }
        if (STICKY.contains(errorName)) {
            message += ". After this error the GPU context is unusable (a kernel faulted or timed out); "
                    + "every later CUDA call in this process fails too: restart the JVM";
        }
        return new GridforgeException(message);
    }
}
