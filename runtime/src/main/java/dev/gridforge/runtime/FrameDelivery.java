package dev.gridforge.runtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a time loop's frame work (downloading the copies, the user's callback) on a thread of
 * its own, in order, so the loop steps on meanwhile. At most {@link #PENDING} frames are in
 * flight: a loop that makes frames faster than the callback takes them waits, instead of
 * piling up copies. A callback's failure is thrown in the loop's thread at its next frame or
 * at the end of the run.
 */
final class FrameDelivery implements AutoCloseable {
    /** Frames copied and not yet handed over, at most. */
    static final int PENDING = 2;

    private final Semaphore slots = new Semaphore(PENDING);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private ExecutorService thread;

    /** Waits for a free slot (rethrowing an earlier callback's failure); then a frame may be copied and submitted. */
    void reserve() {
        rethrow();
        slots.acquireUninterruptibly();
    }

    /** Gives back a slot {@link #reserve} took when the frame could not be copied. */
    void unreserve() {
        slots.release();
    }

    /** Runs {@code work} on the frame thread after the frames before it; frees the slot {@link #reserve} took. */
    void submit(Runnable work) {
        if (thread == null) {
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "gridforge-frames");
                t.setDaemon(true);
                return t;
            });
        }
        thread.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            } finally {
                slots.release();
            }
        });
    }

    /** Waits until every submitted frame has been handed over; rethrows a callback's failure. */
    void drain() {
        drainQuietly();
        rethrow();
    }

    /** Waits until every submitted frame has been handed over; a callback's failure stays for {@link #drain}. */
    void drainQuietly() {
        slots.acquireUninterruptibly(PENDING);
        slots.release(PENDING);
    }

    private void rethrow() {
        Throwable t = failure.getAndSet(null);
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    /** Waits for the frames in flight, then stops the thread. */
    @Override
    public void close() {
        try {
            drain();
        } finally {
            if (thread != null) {
                thread.shutdown();
            }
        }
    }
}
