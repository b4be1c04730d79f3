package dev.gridforge.spark;

import dev.gridforge.runtime.GridforgeException;

/** The work of a task failed (a sweep's parameter set, a tile): the message names which, and on what device. */
public final class TaskFailedException extends GridforgeException {
    private static final long serialVersionUID = 1L;

    TaskFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
