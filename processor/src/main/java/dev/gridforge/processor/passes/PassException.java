package dev.gridforge.processor.passes;

/**
 * A construct a pass cannot lower, found only once the front end's checks have passed: reported
 * as an error at the kernel's method, saying what to write instead.
 */
public final class PassException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String kernel;

    public PassException(String kernel, String message) {
        super(message);
        this.kernel = kernel;
    }

    public String kernel() {
        return kernel;
    }
}
