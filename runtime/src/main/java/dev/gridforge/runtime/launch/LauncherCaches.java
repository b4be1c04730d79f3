package dev.gridforge.runtime.launch;

import dev.gridforge.runtime.spi.Accelerator;
import dev.gridforge.runtime.spi.ComputeOnce;
import dev.gridforge.runtime.spi.DeviceKernel;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the runtime remembers about one generated launcher class (its kernels' sources, the
 * kernels loaded per accelerator and defines, the specialisations seen), attached to the class
 * itself through a {@link ClassValue}. A static map keyed by the class would keep it, and its
 * class loader, alive for ever: an application server that redeploys an application would leak
 * every old copy. What is stored here is strings, accelerators and loaded kernels only.
 */
final class LauncherCaches {

    private static final ClassValue<LauncherCaches> BY_LAUNCHER = new ClassValue<>() {
        @Override
        protected LauncherCaches computeValue(Class<?> launcher) {
            return new LauncherCaches();
        }
    };

    /** A kernel (entry point and source resource) loaded on one accelerator with one set of {@code #define} lines. */
    record LoadedKey(Accelerator accelerator, String kernel, String resource, List<String> defines) {
    }

    /** Resource name to CUDA C text. */
    final ConcurrentHashMap<String, String> sources = new ConcurrentHashMap<>();

    /** Kernels already loaded: a repeated launch skips reading, hashing and comparing the source. */
    final ComputeOnce<LoadedKey, DeviceKernel> loaded = new ComputeOnce<>();

    final SpecialisationWatch specialisations = new SpecialisationWatch();

    private LauncherCaches() {
    }

    static LauncherCaches of(Class<?> launcher) {
        return BY_LAUNCHER.get(launcher);
    }
}
