package dev.gridforge.runtime;

import dev.gridforge.runtime.cuda.Cuda;
import dev.gridforge.runtime.sim.CudaSimulator;
import dev.gridforge.runtime.spi.Accelerator;
import dev.gridforge.runtime.spi.DeviceBuffer;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Process-wide settings: which backend {@link Backend#AUTO} means, the accelerators in use, and
 * which CUDA device each thread uses ({@link #onCudaDevice(int)}).
 */
public final class Gridforge {

    /** System property naming the default backend ({@code auto}, {@code cuda}, {@code jvm}, {@code cuda-sim}). */
    public static final String BACKEND_PROPERTY = "gridforge.backend";
    /** Environment variable read when the system property is not set. */
    public static final String BACKEND_ENV = "GRIDFORGE_BACKEND";

    /** System property naming the CUDA device a thread uses outside any {@link #onCudaDevice} scope (an ordinal, default 0). */
    public static final String CUDA_DEVICE_PROPERTY = "gridforge.cuda.device";
    /** Environment variable read when {@value #CUDA_DEVICE_PROPERTY} is not set. */
    public static final String CUDA_DEVICE_ENV = "GRIDFORGE_CUDA_DEVICE";

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
            int scoped = CudaDeviceScope.currentOrdinal();
            throw new CudaUnavailableException("The CUDA backend was requested"
                    + (requested == Backend.AUTO ? " (as the default backend)" : "")
                    + (scoped >= 0 ? " on CUDA device " + scoped + " (Gridforge.onCudaDevice)" : "")
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
     * The accelerator that runs device launches for a backend ({@code AUTO} is resolved first): for
     * CUDA, the one of the calling thread's device ({@link #cudaDevice()}).
     *
     * @throws IllegalArgumentException for the JVM backend, which has none
     * @throws CudaUnavailableException when CUDA cannot run here, or the driver has no such device
     */
    public static Accelerator accelerator(Backend backend) {
        Backend b = resolve(backend);
        Accelerator a;
        switch (b) {
            case CUDA: a = Cuda.accelerator(cudaDevice()); break;
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

    /**
     * Makes the calling thread use CUDA device {@code ordinal} until the returned scope is closed:
     * launches, {@link #upload}, {@link PinnedBuffer#allocate}, {@link TimeLoop#on}, a launcher's
     * {@code prepare()}, {@link #deviceMillis}, {@link #accelerator} and every other CUDA work this
     * thread starts. Other threads are not affected. Scopes nest (closing one restores the device
     * before it); close them on the thread that opened them, innermost first (try-with-resources).
     * What is made on a device stays there: a field's memory, a time loop and its steps keep their
     * device after the scope is closed.
     *
     * <p>Only records the choice, so it works where CUDA cannot run; the first CUDA use then throws
     * {@link CudaUnavailableException}, as it does for an ordinal the driver does not have.
     *
     * @param ordinal a device as the CUDA driver numbers them, from 0 (after {@code CUDA_VISIBLE_DEVICES})
     * @throws IllegalArgumentException when {@code ordinal} is negative
     */
    public static CudaDeviceScope onCudaDevice(int ordinal) {
        return CudaDeviceScope.open(ordinal);
    }

    /**
     * The CUDA device the calling thread uses: that of its innermost open
     * {@link #onCudaDevice} scope, else the process default: the system property
     * {@value #CUDA_DEVICE_PROPERTY}, else the environment variable {@value #CUDA_DEVICE_ENV},
     * else 0. Never touches the driver.
     *
     * @throws IllegalArgumentException when the property or variable is not an ordinal (0, 1, ...), naming it and its value
     */
    public static int cudaDevice() {
        int scoped = CudaDeviceScope.currentOrdinal();
        return scoped >= 0 ? scoped : defaultCudaDevice(System.getProperty(CUDA_DEVICE_PROPERTY), Environment.CUDA_DEVICE);
    }

    /** The environment, read once: it does not change while the JVM runs, and a launch asks for the device. */
    private static final class Environment {
        static final String CUDA_DEVICE = System.getenv(CUDA_DEVICE_ENV);
    }

    /** The default device from the property's and the environment variable's values (either may be null). */
    static int defaultCudaDevice(String property, String env) {
        if (property != null && !property.isBlank()) {
            return parseOrdinal(property, "system property " + CUDA_DEVICE_PROPERTY);
        }
        if (env != null && !env.isBlank()) {
            return parseOrdinal(env, "environment variable " + CUDA_DEVICE_ENV);
        }
        return 0;
    }

    private static int parseOrdinal(String value, String source) {
        // Read at every CUDA launch outside a scope: digits only, no exception or stream on the way.
        String text = value.strip();
        int ordinal = text.isEmpty() || text.length() > 9 ? -1 : 0;
        for (int i = 0; i < text.length() && ordinal >= 0; i++) {
            char c = text.charAt(i);
            ordinal = c >= '0' && c <= '9' ? ordinal * 10 + (c - '0') : -1;
        }
        if (ordinal < 0) {
            throw new IllegalArgumentException("The " + source + " is '" + value + "', which is not a CUDA device ordinal:"
                    + " it names the device threads use outside Gridforge.onCudaDevice scopes, as the driver numbers them"
                    + " (0, 1, ...; after CUDA_VISIBLE_DEVICES)");
        }
        return ordinal;
    }

    /**
     * How many CUDA devices the driver sees ({@code CUDA_VISIBLE_DEVICES} applied); 0 when CUDA
     * cannot run here ({@link #isAvailable isAvailable(Backend.CUDA)} is false). Never throws.
     */
    public static int cudaDeviceCount() {
        try {
            return Cuda.deviceCount();
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }

    /** Waits for every launch and copy issued so far on every accelerator in use. */
    public static void synchronize() {
        for (Accelerator a : USED) {
            a.synchronize();
        }
    }
}
