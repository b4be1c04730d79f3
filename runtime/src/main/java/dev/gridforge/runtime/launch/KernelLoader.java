package dev.gridforge.runtime.launch;

import dev.gridforge.abi.LaunchInterface;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.spi.Accelerator;
import dev.gridforge.runtime.spi.DeviceKernel;
import dev.gridforge.runtime.spi.PrecompiledKernel;
import java.util.ArrayList;
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
        return load(kernel, accelerator, defines, false);
    }

    /**
     * @param defines  the specialised constants' {@code #define} lines
     * @param inWindow whether to compile the window variant ({@link LaunchInterface#WINDOW_DEFINE} last)
     */
    static DeviceKernel load(KernelInfo kernel, Accelerator accelerator, List<String> defines, boolean inWindow) {
        List<String> all = defines;
        if (inWindow) {
            all = new ArrayList<>(defines);
            all.add(LaunchInterface.WINDOW_DEFINE);
        }
        DeviceKernel loaded = load(kernel.launcher(), kernel.cudaResource(), kernel.entry(), accelerator, all);
        if (!defines.isEmpty()) {
            LauncherCaches.of(kernel.launcher()).specialisations.loaded(kernel.name(), defines);
        }
        return loaded;
    }

    /**
     * Entry point {@code entry} of the CUDA C resource {@code resource} next to {@code owner}, on
     * {@code accelerator}: from a kernel compiled at build time for this device when the jar has one
     * made from this very source (and no {@code #define}s are asked for, or only the window's:
     * {@link PrecompiledKernel#windowVariant}), else compiled from the source. Once per owner,
     * accelerator, resource, entry and defines.
     */
    public static DeviceKernel load(Class<?> owner, String resource, String entry, Accelerator accelerator, List<String> defines) {
        Objects.requireNonNull(accelerator, "accelerator");
        LauncherCaches caches = LauncherCaches.of(owner);
        return caches.loaded.get(new LauncherCaches.LoadedKey(accelerator, entry, resource, List.copyOf(defines)), k -> {
            String source = KernelSources.loadResource(owner, resource);
            DeviceKernel precompiled = null;
            if (defines.isEmpty()) {
                precompiled = PrecompiledKernels.load(owner, resource, source, entry, accelerator);
            } else if (defines.equals(List.of(LaunchInterface.WINDOW_DEFINE))) {
                precompiled = PrecompiledKernels.load(owner, PrecompiledKernel.windowVariant(resource),
                        PrecompiledKernel.withDefines(source, defines), entry, accelerator);
            }
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
