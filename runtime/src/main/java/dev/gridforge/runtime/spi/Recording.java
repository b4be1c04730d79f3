package dev.gridforge.runtime.spi;

/**
 * Launches recorded once and replayed as a whole: a CUDA graph on the GPU (one call launches
 * every kernel in it, without the host's per-launch cost), the list of launches in the
 * simulator. The launches read and write the buffers they were recorded with.
 */
public interface Recording extends AutoCloseable {

    /** Runs every recorded launch, in order, and waits until they have finished. */
    void replay();

    /** How many launches were recorded. */
    int launches();

    /** Frees the recording; idempotent. */
    @Override
    void close();
}
