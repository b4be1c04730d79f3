package dev.gridforge.runtime;

/**
 * Compiling generated CUDA C failed (NVRTC on the GPU, the C++ compiler for the simulator).
 * Carries the compiler's log and the source that failed, and says where that source was saved.
 */
public class KernelCompileException extends GridforgeException {
    private static final long serialVersionUID = 1L;

    private final String log;
    private final String source;

    public KernelCompileException(String message, String log, String source) {
        super(message + (log == null || log.isBlank() ? "" : "\n--- compiler log ---\n" + log.strip()));
        this.log = log == null ? "" : log;
        this.source = source;
    }

    /** The compiler's log, as it printed it. */
    public String log() {
        return log;
    }

    /** The full source that was compiled, defines included. */
    public String source() {
        return source;
    }
}
