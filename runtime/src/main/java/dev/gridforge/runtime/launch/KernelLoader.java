package dev.gridforge.runtime.launch;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.spi.Accelerator;
import dev.gridforge.runtime.spi.DeviceKernel;
import java.util.List;
import java.util.Objects;

/**
 * Compiles (or finds in a cache) and loads a generated kernel on an accelerator, once per
 * launcher class, accelerator and set of {@code #define}s: the launch path and
 * {@link #prepare} share this, so a prepared kernel's first launch compiles nothing.
 */
public final class KernelLoader {
    private KernelLoader() {
    }

    static DeviceKernel load(KernelInfo kernel, Accelerator accelerator, List<String> defines) {
        DeviceKernel loaded = load(kernel.launcher(), kernel.cudaResource(), kernel.entry(), accelerator, defines);
        if (!defines.isEmpty()) {
            LauncherCaches.of(kernel.launcher()).specialisations.loaded(kernel.name(), defines);
        }
        return loaded;
    }

    /**
     * Entry point {@code entry} of the CUDA C resource {@code resource} next to {@code owner}, on
     * {@code accelerator}: from a kernel compiled at build time for this device when the jar has one
     * made from this very source (and no {@code #define}s are asked for), else compiled from the
     * source. Once per owner, accelerator, resource, entry and defines.
     */
    public static DeviceKernel load(Class<?> owner, String resource, String entry, Accelerator accelerator, List<String> defines) {
        Objects.requireNonNull(accelerator, "accelerator");
        LauncherCaches caches = LauncherCaches.of(owner);
        return caches.loaded.get(new LauncherCaches.LoadedKey(accelerator, entry, resource, List.copyOf(defines)), k -> {
            String source = KernelSources.loadResource(owner, resource);
            DeviceKernel precompiled = defines.isEmpty() ? PrecompiledKernels.load(owner, resource, source, entry, accelerator) : null;
            return precompiled != null ? precompiled : accelerator.load(source, entry, defines);
        });
    }

    /**
     * Compiles and loads {@code kernels} on {@code backend} now, so their first launches do not
     * (a kernel with specialised constants is compiled per value at its first launch with that
     * value, and is left out). Nothing to do on the JVM backend. For generated launchers'
     * {@code prepare()}.
     *
     * @return how long it took, in nanoseconds (NVRTC or the disk cache, and loading)
     */
    public static long prepare(Backend backend, KernelInfo... kernels) {
        Objects.requireNonNull(backend, "backend");
        Backend resolved = Gridforge.resolve(backend);
        long t = System.nanoTime();
        if (resolved.isDevice()) {
            Accelerator accelerator = Gridforge.accelerator(resolved);
            for (KernelInfo k : kernels) {
                if (k.signature().defines().isEmpty()) {
                    load(k, accelerator, List.of());
                }
            }
        }
        return System.nanoTime() - t;
    }
}
