package dev.gridforge.benchmarks;

import dev.gridforge.runtime.GridforgeException;

/** A benchmark that cannot run as asked: a size too large for the memory, a backend that is not there, a bad option. */
public class BenchmarkException extends GridforgeException {
    private static final long serialVersionUID = 1L;

    public BenchmarkException(String message) {
        super(message);
    }
}
