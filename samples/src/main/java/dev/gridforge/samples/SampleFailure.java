package dev.gridforge.samples;

/** A failure outside gridforge that a sample reports as one line (an unwritable output file, ...). */
final class SampleFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SampleFailure(String message, Throwable cause) {
        super(message, cause);
    }

    int exitCode() {
        return 1;
    }
}
