package dev.gridforge.runtime;

import dev.gridforge.runtime.cuda.Cuda;
import dev.gridforge.runtime.sim.CudaSimulator;
import dev.gridforge.runtime.spi.Accelerator;
import dev.gridforge.runtime.spi.DeviceBuffer;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Process-wide settings: which backend {@link Backend#AUTO} means, and the accelerators in use. */
public final class Gridforge {

    /** System property naming the default backend ({@code auto}, {@code cuda}, {@code jvm}, {@code cuda-sim}). */
    public static final String BACKEND_PROPERTY = "gridforge.backend";
    /** Environment variable read when the system property is not set. */
    public static final String BACKEND_ENV = "GRIDFORGE_BACKEND";

    private static volatile Backend override;
    private static final Set<Accelerator> USED = ConcurrentHashMap.newKeySet();

    private Gridforge() {
    }

    /**
     * The backend that {@link Backend#AUTO} stands for: the one set by {@link #setDefaultBackend},
     * else the system property {@value #BACKEND_PROPERTY}, else the environment variable
     * {@value #BACKEND_ENV}, else {@code AUTO} (CUDA when usable, else JVM).
     *
     * @throws IllegalArgumentException when the property or variable holds an unknown name
     */
    public static Backend defaultBackend() {
        Backend set = override;
        if (set != null) {
            return set;
        }
        String property = System.getProperty(BACKEND_PROPERTY);
        if (property != null && !property.isBlank()) {
            return parseSetting(property, "system property " + BACKEND_PROPERTY);
        }
        String env = System.getenv(BACKEND_ENV);
        if (env != null && !env.isBlank()) {
            return parseSetting(env, "environment variable " + BACKEND_ENV);
        }
        return Backend.AUTO;
    }

    private static Backend parseSetting(String value, String source) {
        try {
            return Backend.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (from " + source + ")", e);
        }
    }

    /** Sets the default backend for this process; {@code null} goes back to the property and environment. */
    public static void setDefaultBackend(Backend backend) {
        override = backend;
    }

    /**
     * The concrete backend for a request: {@code CUDA}, {@code JVM} or {@code CUDA_SIM}.
     *
     * @throws CudaUnavailableException when CUDA is requested (directly or as the default) but cannot run here
     */
    public static Backend resolve(Backend requested) {
        Objects.requireNonNull(requested, "backend");
        Backend b = requested == Backend.AUTO ? defaultBackend() : requested;
        if (b == Backend.AUTO) {
            return Cuda.isAvailable() ? Backend.CUDA : Backend.JVM;
        }
        if (b == Backend.CUDA && !Cuda.isAvailable()) {
            throw new CudaUnavailableException("The CUDA backend was requested"
                    + (requested == Backend.AUTO ? " (as the default backend)" : "")
                    + " but cannot run here: " + Cuda.unavailableReason()
                    + ". Use Backend.JVM, or set -D" + BACKEND_PROPERTY + "=jvm.");
        }
        return b;
    }

    /** Whether {@code backend} can run here ({@code AUTO} and {@code JVM} always can). Never throws. */
    public static boolean isAvailable(Backend backend) {
        Objects.requireNonNull(backend, "backend");
        return switch (backend) {
            case AUTO, JVM -> true;
            case CUDA -> Cuda.isAvailable();
            case CUDA_SIM -> CudaSimulator.isAvailable();
        };
    }

    /**
     * Where launches on {@code backend} run, for logs: the device and compiler for CUDA and the
     * simulator, the threads and cores for the JVM ({@code AUTO} is resolved first).
     *
     * @throws CudaUnavailableException when CUDA is requested but cannot run here
     */
    public static String describe(Backend backend) {
        Backend b = resolve(backend);
        if (b == Backend.JVM) {
            return "the JVM, " + dev.gridforge.runtime.launch.JvmLoops.threads() + " threads on "
                    + Runtime.getRuntime().availableProcessors() + " cores";
        }
        return accelerator(b).describe();
    }

    /**
     * The accelerator that runs device launches for a backend ({@code AUTO} is resolved first).
     *
     * @throws IllegalArgumentException for the JVM backend, which has none
     */
    public static Accelerator accelerator(Backend backend) {
        Backend b = resolve(backend);
        Accelerator a;
        switch (b) {
            case CUDA: a = Cuda.accelerator(); break;
            case CUDA_SIM: a = CudaSimulator.shared(); break;
            default: throw new IllegalArgumentException("The " + b + " backend runs no device code and has no accelerator");
        }
        USED.add(a);
        return a;
    }

    /**
     * Runs {@code launches} (launches on {@code backend}, from this thread) and returns how long
     * the device spent on them, in milliseconds: measured by CUDA events on the GPU, so without
     * the host's launch overhead; the wall-clock time on the simulator and the JVM.
     */
    public static double deviceMillis(Backend backend, Runnable launches) {
        Objects.requireNonNull(launches, "launches");
        Backend resolved = resolve(backend);
        if (!resolved.isDevice()) {
            long t = System.nanoTime();
            launches.run();
            return (System.nanoTime() - t) / 1e6;
        }
        return accelerator(resolved).deviceMillis(launches);
    }

    /**
     * {@code field} where {@code backend} computes: a copy in its device's memory for CUDA and the
     * simulator (the field itself when it already lives there), the field itself on the JVM. Upload
     * an input once this way when many launches read it; close the copy to free its memory.
     */
    public static <F extends Field> F upload(F field, Backend backend) {
        Objects.requireNonNull(field, "field");
        Backend b = resolve(backend);
        if (!b.isDevice()) {
            return field;
        }
        Accelerator a = accelerator(b);
        if (field.deviceBuffer().map(buffer -> buffer.owner() == a).orElse(false)) {
            return field;
        }
        Object host = field.hostData(); // downloads a field that lives on another device
        DeviceBuffer buffer = a.allocate((long) field.shape().size() * field.elementType().bytes());
        try {
            a.upload(host, buffer);
        } catch (RuntimeException | Error e) {
            buffer.close();
            throw e;
        }
        @SuppressWarnings("unchecked") // a field of the same element type is of the same class
        F copy = (F) Field.onDevice(field.elementType(), buffer, field.shape(), b);
        return copy;
    }

    /** Waits for every launch and copy issued so far on every accelerator in use. */
    public static void synchronize() {
        for (Accelerator a : USED) {
            a.synchronize();
        }
    }
}
