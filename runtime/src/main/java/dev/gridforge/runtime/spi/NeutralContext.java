package dev.gridforge.runtime.spi;

import com.sun.jna.Memory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.PrivilegedAction;

/**
 * Runs what may start a long-lived thread (JNA's cleaner thread, the JDK's process reaper) so
 * that the thread keeps nothing of the application that happened to be calling: a new thread
 * inherits the caller's context class loader and, on JDK 17 to 23, the protection domains of every
 * class on the caller's stack. Kept by a thread that outlives it, either would keep the calling
 * application's class loader (an application server's redeployed web application) for ever.
 */
public final class NeutralContext {

    /** Something to run that may throw a checked exception. */
    @FunctionalInterface
    public interface Action<T, E extends Exception> {
        T run() throws E;
    }

    /** AccessController.doPrivileged, where the JDK still has it (it is deprecated for removal). */
    private static final Method DO_PRIVILEGED = findDoPrivileged();

    private NeutralContext() {
    }

    /**
     * Runs {@code action} with no context class loader and, where the JDK has the notion, with
     * only the protection domains from here up on the stack.
     */
    public static <T, E extends Exception> T run(Action<T, E> action) throws E {
        Thread current = Thread.currentThread();
        ClassLoader saved = current.getContextClassLoader();
        current.setContextClassLoader(null);
        try {
            return privileged(action);
        } finally {
            current.setContextClassLoader(saved);
        }
    }

    /**
     * Starts JNA's cleaner thread, if nobody has, from a neutral context, and keeps it running:
     * JNA stops the thread after 30 idle seconds and starts it again at its next allocation, from
     * whatever stack that is. One small block stays registered with it, so it never idles out.
     * Call before the first JNA allocation (NVRTC, the simulator).
     */
    public static void startJnaCleaner() {
        JnaCleaner.KEEP_ALIVE.size(); // class initialisation does the work, once
    }

    private static final class JnaCleaner {
        static final Memory KEEP_ALIVE = run(() -> new Memory(8));
    }

    @SuppressWarnings("unchecked")
    private static <T, E extends Exception> T privileged(Action<T, E> action) throws E {
        if (DO_PRIVILEGED == null) {
            return action.run();
        }
        Object[] result = new Object[1];
        Exception[] thrown = new Exception[1];
        try {
            DO_PRIVILEGED.invoke(null, (PrivilegedAction<Void>) () -> {
                try {
                    result[0] = action.run();
                } catch (Exception e) {
                    thrown[0] = e;
                }
                return null;
            });
        } catch (IllegalAccessException e) {
            return action.run();
        } catch (InvocationTargetException e) {
            throw (Error) e.getCause(); // the action's exceptions are caught inside: only an Error gets here
        }
        if (thrown[0] instanceof RuntimeException r) {
            throw r;
        }
        if (thrown[0] != null) {
            throw (E) thrown[0];
        }
        return (T) result[0];
    }

    private static Method findDoPrivileged() {
        try {
            return Class.forName("java.security.AccessController").getMethod("doPrivileged", PrivilegedAction.class);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
