package dev.gridforge.runtime.spi;

import java.lang.ref.Cleaner;

/**
 * The one {@link Cleaner} that every device and pinned buffer registers with, so a
 * buffer that becomes unreachable without {@code close()} is still freed, on one daemon thread
 * rather than one per accelerator.
 *
 * <p>Its thread is the JDK's own kind ({@link Cleaner#create()}, an "innocuous" thread): one made
 * with {@code new Thread} would keep the context of the stack that first touched this class (on
 * JDK 17 to 23, the protection domains of every class on it), so the first application's
 * launcher, and its class loader, could never be unloaded.
 */
public final class SharedCleaner {

    private static final Cleaner CLEANER = Cleaner.create();

    private SharedCleaner() {
    }

    public static Cleaner get() {
        return CLEANER;
    }
}
