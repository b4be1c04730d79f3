package dev.gridforge.runtime.cuda;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Compiles generated kernels with NVRTC for a GPU named by its compute capability, on a machine
 * with no GPU and no driver (NVRTC alone is enough). The source, options, architecture choice and
 * output kind are exactly those the CUDA backend uses on such a device, so a build machine or CI
 * job can check that every kernel compiles before it reaches a GPU.
 *
 * <pre>{@code
 * OfflineCompiler nvrtc = OfflineCompiler.forComputeCapability(9, 0);      // an H100
 * OfflineCompiler.Compiled c = nvrtc.compile(HaversineKernels.cudaSource("distance"), "distance", List.of());
 * }</pre>
 *
 * <p>A source that fails to compile is saved to the cache directory's {@code failed/} folder, as
 * on the GPU, and named in the exception.
 */
public final class OfflineCompiler {

    private final KernelCompiler compiler;

    private OfflineCompiler(KernelCompiler compiler) {
        this.compiler = compiler;
    }

    /**
     * Loads NVRTC (searched as for the CUDA backend: see {@code docs/runtime.md}) and targets a
     * device of compute capability {@code major.minor}. Nothing is cached across instances.
     *
     * @throws dev.gridforge.runtime.CudaUnavailableException naming every place NVRTC was looked for
     */
    public static OfflineCompiler forComputeCapability(int major, int minor) {
        return forComputeCapability(major, minor, null);
    }

    /**
     * As {@link #forComputeCapability(int, int)}, with the runtime's on-disk compile cache in
     * {@code cacheDirectory} (entries in the runtime's format, under the same keys): a kernel
     * compiled once is read back from there by later instances and later runs.
     *
     * @param cacheDirectory the cache's directory, or null for no disk cache
     */
    public static OfflineCompiler forComputeCapability(int major, int minor, Path cacheDirectory) {
        if (major < 1 || minor < 0 || minor > 9) {
            throw new IllegalArgumentException("compute capability " + major + "." + minor
                    + " is not one; an H100 is 9.0, an RTX 4090 is 8.9");
        }
        Nvrtc nvrtc = Nvrtc.load(cacheDirectory != null ? cacheDirectory : CacheDirectory.resolve());
        ModuleCache cache = new ModuleCache(cacheDirectory, ModuleCache.gridforgeVersion());
        return new OfflineCompiler(KernelCompiler.forDevice(nvrtc, cache, major, minor));
    }

    /**
     * One compiled kernel module.
     *
     * @param binary CUBIN (an ELF file) or PTX text ending in a NUL byte
     * @param cubin  true for CUBIN, false for PTX (this NVRTC predates the architecture)
     * @param log    NVRTC's warnings; empty when there were none
     */
    public record Compiled(byte[] binary, boolean cubin, String log) {
        public Compiled {
            Objects.requireNonNull(binary, "binary");
            Objects.requireNonNull(log, "log");
        }
    }

    /**
     * Compiles {@code source} as the CUDA backend would.
     *
     * @param entry   the kernel's name, used for NVRTC's messages and the saved failed source
     * @param defines whole {@code #define} lines put before the source, as a launch of a kernel
     *                with specialised constants passes them (see {@link CLiterals#define})
     * @throws dev.gridforge.runtime.KernelCompileException with NVRTC's log when it does not compile
     */
    public Compiled compile(String source, String entry, List<String> defines) {
        Objects.requireNonNull(entry, "entry");
        CompiledModule m = compiler.compile(compiler.key(source, List.copyOf(defines)), entry);
        return new Compiled(m.binary().clone(), m.kind() == OutputKind.CUBIN, m.log());
    }

    /**
     * This compiler with ptxas's resource report in every log ({@code --ptxas-options=-v}): the
     * same machine code, and per kernel a line with its registers, stack frame and spill stores and
     * loads. For reports such as scripts/sass-report.sh.
     */
    public OfflineCompiler reportingResources() {
        return new OfflineCompiler(compiler.withOptions(List.of("--ptxas-options=-v")));
    }

    /** The {@code --gpu-architecture} value: {@code sm_90}, or {@code compute_XY} when only PTX can be made. */
    public String architecture() {
        return compiler.target().arch();
    }

    /** The NVRTC options every kernel is compiled with for this architecture, as the CUDA backend uses them. */
    public List<String> options() {
        return compiler.options();
    }

    /** The NVRTC version, e.g. "13.0". */
    public String nvrtcVersion() {
        return compiler.nvrtc().version();
    }

    /** "NVRTC 13.0 (libnvrtc.so.13), sm_90 CUBIN" */
    public String describe() {
        return compiler.nvrtc() + ", " + compiler.target().arch() + " " + compiler.target().kind();
    }

    @Override
    public String toString() {
        return "OfflineCompiler[" + describe() + "]";
    }
}
