package dev.gridforge.runtime.spi;

import java.util.List;

/**
 * A device that runs generated CUDA C: the real GPU (through NVRTC and the CUDA driver) or the
 * CPU simulator (the same source compiled as C++). Device launches go through this interface
 * only, so the launch path above it (argument order, grid choice, uploads, result fields) is the
 * same code for both and is tested without a GPU.
 *
 * <p>Implementations are thread-safe. Every method reports failure with a
 * {@code GridforgeException} subclass that names the problem.
 */
public interface Accelerator {

    /** A short description for logs and samples: device name, architecture, compiler version. */
    String describe();

    /** Allocates {@code bytes} of device memory (not initialised). */
    DeviceBuffer allocate(long bytes);

    /** Copies a whole primitive array ({@code double[]}, {@code float[]}, {@code int[]}, {@code long[]}) to the start of {@code dst}. */
    void upload(Object javaArray, DeviceBuffer dst);

    /** Copies the start of {@code src} into a whole primitive array; waits for earlier launches first. */
    void download(DeviceBuffer src, Object javaArray);

    /**
     * Copies the first {@code bytes} bytes of {@code src} into the start of {@code dst} (a direct
     * buffer, normally one from {@link #allocateHost}); waits for earlier launches first.
     */
    void download(DeviceBuffer src, java.nio.ByteBuffer dst, long bytes);

    /**
     * The bytes the device could allocate now, as far as it knows (what a benchmark checks a size
     * against before allocating); {@code Long.MAX_VALUE} when it cannot say.
     */
    default long freeBytes() {
        return Long.MAX_VALUE;
    }

    /** Host memory for fast downloads: pinned where this accelerator can pin; plain direct memory otherwise. */
    default HostBuffer allocateHost(long bytes) {
        return DirectHostBuffer.allocate(bytes);
    }

    /**
     * Compiles (or finds in the cache) {@code source} with the given {@code #define} lines
     * prepended, and returns its entry point {@code entry}.
     *
     * @param defines lines such as {@code "#define GF_CONST_step 3"}, in order
     */
    DeviceKernel load(String source, String entry, List<String> defines);

    /**
     * The architectures of kernels compiled at build time ({@link PrecompiledKernel}) that this
     * accelerator runs, best first: {@code [sm_86, sm_85, …, sm_80]} on a GPU of compute
     * capability 8.6 (a CUBIN runs on its own major version at the same or a higher minor);
     * empty when it runs none (the simulator).
     */
    default List<String> binaryArchitectures() {
        return List.of();
    }

    /**
     * Loads entry point {@code entry} of a kernel compiled at build time for one of
     * {@link #binaryArchitectures()}, without compiling anything.
     *
     * @return null when it was compiled with other options than this accelerator would use (then
     *         the caller compiles the source with {@link #load})
     * @throws dev.gridforge.runtime.GridforgeException when the device refuses the binary
     */
    default DeviceKernel loadPrecompiled(PrecompiledKernel kernel, String entry) {
        return null;
    }

    /**
     * Launches {@code kernel} asynchronously.
     *
     * @param grid  blocks along x, y, z
     * @param block threads along x, y, z
     * @param args  the kernel's parameters in order: {@link Integer}, {@link Long}, {@link Float},
     *              {@link Double} or {@link DeviceBuffer} (passed as a device pointer)
     */
    void launch(DeviceKernel kernel, int[] grid, int[] block, List<Object> args);

    /**
     * Into how many launches, each a band of the outermost axis, a kernel writing {@code outputBytes}
     * over an outermost extent of {@code outer} is cut, so that copying one band of its results to
     * the host can overlap computing the next; 1 (the default) launches it whole.
     */
    default int bands(long outputBytes, int outer) {
        return 1;
    }

    /**
     * Says, after band {@code band} of a launch cut into bands, that once the work issued so far has
     * run, bytes {@code [0, readyBytes[i])} of {@code outputs.get(i)} hold their results: a download of
     * them may begin then, while later bands still compute. Until something else uses an output.
     */
    default void bandLaunched(List<DeviceBuffer> outputs, long[] readyBytes, int band) {
    }

    /** Waits until every launch and copy issued so far has finished; reports a failed launch. */
    void synchronize();

    /**
     * Whether closing a buffer right after launches that use it is safe without {@link #synchronize}:
     * the free happens in order after them (or waits for them). Then a launch frees its uploads at
     * once instead of waiting for the device.
     */
    default boolean freeingWaitsForLaunches() {
        return false;
    }

    /**
     * Runs {@code launches} (on this accelerator, from this thread) and returns how long the device
     * spent on them, in milliseconds, waiting for them: CUDA events on the GPU; the wall-clock
     * time elsewhere.
     */
    default double deviceMillis(Runnable launches) {
        long t = System.nanoTime();
        launches.run();
        synchronize();
        return (System.nanoTime() - t) / 1e6;
    }

    /** Copies the first {@code bytes} bytes of {@code src} to the start of {@code dst}, both on this accelerator, after earlier launches. */
    void copy(DeviceBuffer src, DeviceBuffer dst, long bytes);

    /**
     * Runs {@code body}, which launches kernels on this accelerator from the calling thread, and
     * returns those launches recorded instead of run (replay runs them). While it records, the
     * calling thread may only launch: allocating, copying or synchronizing throws
     * {@link IllegalStateException} (see {@link #isRecording()}). Returns null, with the launches
     * run one by one, when the device could not record them.
     */
    Recording record(Runnable body);

    /** Whether the calling thread is inside {@link #record}. */
    boolean isRecording();
}
