package dev.gridforge.spark;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.io.Npy;
import java.io.IOException;
import java.nio.file.Path;

/** What a {@link SweepTask} knows of the task it runs in. */
public final class SweepContext {
    private final int index;
    private final int attempt;
    private final TaskDevice device;

    SweepContext(int index, int attempt, TaskDevice device) {
        this.index = index;
        this.attempt = attempt;
        this.device = device;
    }

    /** The parameter set's position in the sweep's list, from 0. */
    public int index() {
        return index;
    }

    /** Spark's attempt number of this task: 0 the first time, 1 on the first retry, ... */
    public int attempt() {
        return attempt;
    }

    /** Where to launch: {@code XKernels.on(context.backend())}, {@code TimeLoop.on(context.backend())}. */
    public Backend backend() {
        return device.backend();
    }

    /** The device Spark assigned this task (or the fallback backend). */
    public TaskDevice device() {
        return device;
    }

    /**
     * Writes {@code field} as a NumPy {@code .npy} file, whole or not at all: the bytes go to a
     * temporary file beside {@code file} and are moved into place once complete, so a task that
     * fails, or is killed, and is retried never leaves a torn file; the retry writes it again.
     * Use a path every executor can reach (a shared file system) and a name of this parameter
     * set's own.
     */
    public void writeNpy(Path file, Field field) throws IOException {
        Npy.write(file, field);
    }
}
