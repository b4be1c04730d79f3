package dev.gridforge.runtime.launch;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.Window;
import dev.gridforge.runtime.spi.Accelerator;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;

/**
 * The time loop whose step the calling thread is running: a launch inside a step must run on
 * the loop's backend and use only the loop's fields (its rings, and the fields given to it once),
 * on every backend alike, so that a step that runs on the JVM also runs on a GPU, where anything
 * else would mean a copy per step. For {@code TimeLoop}; generated code does not call it.
 */
public final class LoopContext {
    private static final ThreadLocal<LoopContext> CURRENT = new ThreadLocal<>();

    private final Backend backend;
    /** The loop's accelerator, or null on the JVM. */
    private final Accelerator accelerator;
    private final Writes writes;
    private final Set<Field> fields = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The window every launch of the loop's steps runs with, or null (each launch's own). */
    private Window window;

    /** What the loop is told of each field a launch in its step is given to write. */
    @FunctionalInterface
    public interface Writes {
        /** {@code kernel}'s output {@code output} is written into {@code field}, one of the loop's; throws to refuse it. */
        void wrote(KernelInfo kernel, String output, Field field);
    }

    public LoopContext(Backend backend, Writes writes) {
        this(backend, null, writes);
    }

    /** {@code accelerator}: the loop's (its device's), which every device launch of its steps must use; null on the JVM. */
    public LoopContext(Backend backend, Accelerator accelerator, Writes writes) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.accelerator = accelerator;
        this.writes = Objects.requireNonNull(writes, "writes");
    }

    /** A field the loop's steps may read or write. */
    public void allow(Field f) {
        fields.add(f);
    }

    /** The window every launch inside the loop's steps runs with ({@code TimeLoop.window}); null for none. */
    public void window(Window w) {
        this.window = w;
    }

    /** The loop's window, or null. */
    Window window() {
        return window;
    }

    /** Runs {@code step} as this loop's step on the calling thread. */
    public void run(Runnable step) {
        LoopContext outer = CURRENT.get();
        CURRENT.set(this);
        try {
            step.run();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** The loop whose step this thread is running, or null. */
    static LoopContext current() {
        return CURRENT.get();
    }

    void checkBackend(KernelInfo k, Backend launchBackend) {
        if (launchBackend != backend) {
            throw new IllegalStateException("[TimeLoop] kernel '" + k.name() + "' was launched on " + launchBackend.id()
                    + " inside a step of a time loop on " + backend.id() + ": launch the step's kernels with "
                    + k.launcher().getSimpleName() + ".on(loop.backend())");
        }
    }

    /** A device launch inside a step runs on the loop's accelerator: a step that changes the CUDA device is refused. */
    void checkAccelerator(KernelInfo k, Accelerator launchAccelerator) {
        if (accelerator != null && launchAccelerator != accelerator) {
            throw new IllegalStateException("[TimeLoop] kernel '" + k.name() + "' was launched on " + launchAccelerator.describe()
                    + " inside a step of a time loop on " + accelerator.describe() + ": a step launches on the loop's device"
                    + " (do not open a Gridforge.onCudaDevice scope for another device inside a step)");
        }
    }

    /** An output given to a launch ({@code ...Into}): a field of this loop, which the loop is told of. */
    void checkOutput(KernelInfo k, String name, Field f) {
        checkField(k, "output", name, f);
        writes.wrote(k, name, f);
    }

    void checkField(KernelInfo k, String role, String name, Field f) {
        if (!fields.contains(f)) {
            throw new IllegalStateException("[TimeLoop] kernel '" + k.name() + "': " + role + " '" + name + "' (" + f
                    + ") is not a field of this time loop. A step reads the loop's rings (now(), past(k)), writes their"
                    + " next(), and reads fields given to the loop once with loop.resident(field): on a GPU anything else"
                    + " would be copied every step");
        }
    }
}
