package dev.gridforge.runtime;

/**
 * The CUDA device the calling thread uses until this scope is closed, made by
 * {@link Gridforge#onCudaDevice(int)} (as CuPy's {@code with cupy.cuda.Device(1):}):
 *
 * <pre>{@code
 * try (CudaDeviceScope gpu = Gridforge.onCudaDevice(1)) {
 *     DoubleField z = HaversineKernels.on(Backend.CUDA).distance(mesh, 30.0, 101.0, 1.0); // on device 1
 * }
 * }</pre>
 *
 * <p>Scopes nest, per thread: closing one restores the device that was current when it was made.
 * A scope is closed by the thread that made it, innermost first; anything else is an
 * {@link IllegalStateException} that leaves the thread's scopes as they were. A second
 * {@link #close()} does nothing. Making a scope only records the choice: it touches no driver, so
 * it works where CUDA does not (the first CUDA use then says why CUDA cannot run).
 */
public final class CudaDeviceScope implements AutoCloseable {

    /** The calling thread's innermost open scope, or null. */
    private static final ThreadLocal<CudaDeviceScope> CURRENT = new ThreadLocal<>();

    private final int ordinal;
    private final CudaDeviceScope outer;
    private final Thread thread;
    private boolean closed;

    private CudaDeviceScope(int ordinal, CudaDeviceScope outer, Thread thread) {
        this.ordinal = ordinal;
        this.outer = outer;
        this.thread = thread;
    }

    /** Opens a scope for {@code ordinal} on the calling thread; see {@link Gridforge#onCudaDevice(int)}. */
    static CudaDeviceScope open(int ordinal) {
        if (ordinal < 0) {
            throw new IllegalArgumentException("a CUDA device ordinal is 0 or more (0 is the first device the driver"
                    + " lists, after CUDA_VISIBLE_DEVICES), got " + ordinal);
        }
        CudaDeviceScope scope = new CudaDeviceScope(ordinal, CURRENT.get(), Thread.currentThread());
        CURRENT.set(scope);
        return scope;
    }

    /** The ordinal of the calling thread's innermost open scope, or -1 when it has none. */
    static int currentOrdinal() {
        CudaDeviceScope s = CURRENT.get();
        return s == null ? -1 : s.ordinal;
    }

    /** The device this scope selects: an ordinal as the CUDA driver counts them (after {@code CUDA_VISIBLE_DEVICES}). */
    public int ordinal() {
        return ordinal;
    }

    /**
     * Restores the device that was current on this thread when the scope was made.
     *
     * @throws IllegalStateException when called from another thread, or while a scope opened
     *                               inside this one is still open
     */
    @Override
    public void close() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("[CudaDevice] the scope for CUDA device " + ordinal + " was closed on thread '"
                    + Thread.currentThread().getName() + "', but it belongs to thread '" + thread.getName()
                    + "', which opened it: a device scope selects the device of one thread, and only that thread closes it");
        }
        if (closed) {
            return;
        }
        CudaDeviceScope current = CURRENT.get();
        if (current != this) {
            throw new IllegalStateException("[CudaDevice] the scope for CUDA device " + ordinal + " was closed while a scope"
                    + " opened inside it (for device " + current.ordinal + ") is still open: close device scopes innermost"
                    + " first (try-with-resources does)");
        }
        closed = true;
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }

    @Override
    public String toString() {
        return "CudaDeviceScope[device " + ordinal + (closed ? ", closed" : "") + ", thread '" + thread.getName() + "']";
    }
}
