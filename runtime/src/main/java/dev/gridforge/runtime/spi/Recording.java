package dev.gridforge.runtime.spi;

/**
 * Launches recorded once and replayed as a whole: a CUDA graph on the GPU (one call launches
 * every kernel in it, without the host's per-launch cost), the list of launches in the
 * simulator. The launches read and write the buffers they were recorded with.
 */
public interface Recording extends AutoCloseable {

    /**
     * Runs every recorded launch, in order. On the GPU it is queued on the recording's own stream
     * and this returns at once; {@link Accelerator#synchronize()} waits for it.
     */
    void replay();

    /**
     * Runs {@code body}, which launches kernels on this accelerator from the calling thread,
     * without running its launches; if they are exactly the recorded ones (the same kernels,
     * grids and blocks, the same argument values and buffers), replays the recording and returns
     * true; otherwise runs the launches {@code body} made, one by one, and returns false. So a
     * step that changed (a constant that depends on the time) never replays stale launches.
     */
    boolean replayIfSame(Runnable body);

    /** How many launches were recorded. */
    int launches();

    /** What differed the last time {@link #replayIfSame} returned false, for messages; null before. */
    String difference();

    /** Frees the recording; idempotent. */
    @Override
    void close();
}
