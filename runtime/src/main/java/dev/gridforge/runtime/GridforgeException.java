package dev.gridforge.runtime;

/** Base of every failure gridforge reports at run time; the message names the problem and the fix. */
public class GridforgeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GridforgeException(String message) {
        super(message);
    }

    public GridforgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
