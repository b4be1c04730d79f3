package dev.gridforge.runtime.spi;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who is using a buffer right now, so that closing it on one thread while a launch or copy on
 * another uses it frees the memory only when that use ends, instead of under its feet. Uses
 * {@link #acquire} and {@link #release} around every access; {@link #close} frees at once if
 * nobody uses the buffer, else the last {@code release} does. The freeing action runs once.
 */
public final class BufferUse {
    private final AtomicInteger users = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean freed = new AtomicBoolean();
    private final Runnable free;

    public BufferUse(Runnable free) {
        this.free = free;
    }

    /** Starts a use; false (and no use started) once the buffer is closing. */
    public boolean acquire() {
        users.incrementAndGet();
        if (closing.get()) {
            release();
            return false;
        }
        return true;
    }

    /** Ends a use; frees the buffer if it was closed meanwhile and this was the last use. */
    public void release() {
        if (users.decrementAndGet() == 0 && closing.get()) {
            freeOnce();
        }
    }

    /** Closes: frees now if unused, else when the last use ends. */
    public void close() {
        closing.set(true);
        if (users.get() == 0) {
            freeOnce();
        }
    }

    public boolean isClosing() {
        return closing.get();
    }

    private void freeOnce() {
        if (freed.compareAndSet(false, true)) {
            free.run();
        }
    }
}
