package dev.gridforge.runtime.cuda;

import dev.gridforge.runtime.spi.PrecompiledKernel;
import java.util.List;
import java.util.Objects;

/**
 * From a kernel's generated CUDA C and its {@code #define} lines to a compiled module for one
 * architecture: builds the full source and the cache key, and compiles through the module cache
 * with NVRTC. It needs no GPU (the accelerator hands the binary to the driver afterwards), so
 * the whole compile path, real NVRTC included, is tested on machines without one.
 */
final class KernelCompiler {

    private final Nvrtc nvrtc;
    private final ModuleCache cache;
    private final CompileTarget target;
    private final List<String> options;

    KernelCompiler(Nvrtc nvrtc, ModuleCache cache, CompileTarget target) {
        this(nvrtc, cache, target, CompileOptions.forTarget(target));
    }

    private KernelCompiler(Nvrtc nvrtc, ModuleCache cache, CompileTarget target, List<String> options) {
        this.nvrtc = Objects.requireNonNull(nvrtc, "nvrtc");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.target = Objects.requireNonNull(target, "target");
        this.options = List.copyOf(options);
    }

    /** The same compiler with {@code more} options after the runtime's (cached under their own keys). */
    KernelCompiler withOptions(List<String> more) {
        List<String> all = new java.util.ArrayList<>(options);
        all.addAll(more);
        return new KernelCompiler(nvrtc, cache, target, all);
    }

    /** For a device of compute capability {@code major.minor}; see {@link CompileTarget#choose}. */
    static KernelCompiler forDevice(Nvrtc nvrtc, ModuleCache cache, int major, int minor) {
        return new KernelCompiler(nvrtc, cache, CompileTarget.choose(major, minor, nvrtc.supportedArchs()));
    }

    /** The key of {@code source} compiled with {@code defines} (whole {@code #define} lines, in order). */
    ModuleKey key(String source, List<String> defines) {
        Objects.requireNonNull(source, "source");
        String full = PrecompiledKernel.withDefines(source, defines);
        return new ModuleKey(full, options, nvrtc.version(), target.arch(), target.kind());
    }

    /**
     * The module for {@code key}: from the cache's memory or disk, else compiled by NVRTC.
     *
     * @param entry the kernel's name, which NVRTC's log and the saved failed source are named after
     * @throws dev.gridforge.runtime.KernelCompileException with NVRTC's log when the source does not compile
     */
    CompiledModule compile(ModuleKey key, String entry) {
        return cache.get(key, k -> nvrtc.compile(k.source(), entry, options));
    }

    CompileTarget target() {
        return target;
    }

    List<String> options() {
        return options;
    }

    Nvrtc nvrtc() {
        return nvrtc;
    }

    ModuleCache cache() {
        return cache;
    }
}
