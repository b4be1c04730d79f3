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

    /**
     * The heap ran out: say how big one copy of the result is, how many the sample holds, and
     * what -Xmx or --n would do (what a user can change, instead of a stack trace).
     */
    static SampleFailure heapTooSmall(int n, String what, String copies, int count, OutOfMemoryError e) {
        long mb = 8L * n * n >> 20;
        return new SampleFailure("the Java heap is too small for a " + n + " x " + n + " " + what + ": each copy is " + mb
                + " MB and the sample holds about " + count + " (" + copies + "). Run java with a larger -Xmx (more than "
                + (count * mb + 256) + "m), or a smaller --n.", e);
    }
}
