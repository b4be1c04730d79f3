package dev.gridforge.runtime.spi;

import java.lang.ref.Cleaner;

/**
 * The one {@link Cleaner} that every device and pinned buffer registers with, so a
 * buffer that becomes unreachable without {@code close()} is still freed, on one daemon thread
 * rather than one per accelerator.
 */
public final class SharedCleaner {

    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "gridforge-cleaner");
        t.setDaemon(true);
        return t;
    });

    private SharedCleaner() {
    }

    public static Cleaner get() {
        return CLEANER;
    }
}
