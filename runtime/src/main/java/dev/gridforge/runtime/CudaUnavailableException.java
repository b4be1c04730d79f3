package dev.gridforge.runtime;

/**
 * The CUDA backend was asked for but cannot run here: no driver, no GPU, or no NVRTC library.
 * The message says what is missing and where gridforge looked.
 */
public class CudaUnavailableException extends GridforgeException {
    private static final long serialVersionUID = 1L;

    public CudaUnavailableException(String message) {
        super(message);
    }

    public CudaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
