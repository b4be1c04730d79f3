package dev.gridforge.runtime.cuda;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.gridforge.runtime.CudaUnavailableException;
import dev.gridforge.runtime.KernelCompileException;
import dev.gridforge.runtime.spi.NeutralContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * NVRTC, the CUDA runtime compiler: CUDA C++ source in, CUBIN or PTX out, with its log.
 * A failed compile throws {@link KernelCompileException} carrying the log and the source, and
 * saves the source to the cache's {@code failed/} folder, because the log's line numbers refer
 * to generated code the user has never seen.
 */
final class Nvrtc {

    private final NvrtcLibrary lib;
    private final String location;
    private final String version;
    private final int[] supportedArchs;
    private final Path cacheDirectory;

    Nvrtc(NvrtcLibrary lib, String location, Path cacheDirectory) {
        this.lib = lib;
        this.location = location;
        this.cacheDirectory = cacheDirectory;
        IntByReference major = new IntByReference();
        IntByReference minor = new IntByReference();
        check(lib.nvrtcVersion(major, minor), "reading its version");
        this.version = major.getValue() + "." + minor.getValue();
        this.supportedArchs = readSupportedArchs(lib);
    }

    /** Finds libnvrtc (see {@link NvrtcLocator}); throws {@code CudaUnavailableException} listing where it looked. */
    static Nvrtc load(Path cacheDirectory) {
        if (NvrtcLocator.SWITCHED_OFF.equals(System.getProperty(NvrtcLocator.PROPERTY))) {
            throw new CudaUnavailableException("NVRTC is switched off (-D" + NvrtcLocator.PROPERTY + "=" + NvrtcLocator.SWITCHED_OFF + ")");
        }
        NeutralContext.startJnaCleaner();
        NvrtcLocator.Located found = NvrtcLocator.locate(NvrtcLocator.candidates(), NvrtcLocator::loadWithJna);
        return new Nvrtc(found.library(), found.target(), cacheDirectory);
    }

    /** "13.0" */
    String version() {
        return version;
    }

    /** The file or loader name the library was opened from. */
    String location() {
        return location;
    }

    /** The real architectures this NVRTC emits CUBIN for, e.g. {75, 80, ..., 120}; empty if it cannot say. */
    int[] supportedArchs() {
        return supportedArchs.clone();
    }

    /**
     * Compiles {@code source}. The output kind follows the architecture option: CUBIN for
     * {@code --gpu-architecture=sm_XY}, PTX for {@code compute_XY}.
     *
     * @param name the kernel's name; NVRTC reports errors against {@code <name>.cu}
     */
    CompiledModule compile(String source, String name, List<String> options) {
        OutputKind kind = kindOf(options);
        PointerByReference programRef = new PointerByReference();
        check(lib.nvrtcCreateProgram(programRef, source, name + ".cu", 0, null, null), "creating a program for " + name);
        Pointer program = programRef.getValue();
        try {
            int result = lib.nvrtcCompileProgram(program, options.size(), options.toArray(String[]::new));
            String log = log(program); // read before anything can throw: the log is the point
            if (result != NvrtcLibrary.NVRTC_SUCCESS) {
                Path saved = FailedSources.save(cacheDirectory, name, source);
                throw new KernelCompileException("[NvrtcCompile] NVRTC " + version + " could not compile kernel '" + name
                        + "' (" + errorString(result) + ") with options " + options + ". The source is saved at "
                        + (saved == null ? "(nowhere: no writable directory)" : saved)
                        + "; the log's line numbers refer to it.", log, source);
            }
            byte[] binary = kind == OutputKind.CUBIN ? cubin(program, name) : ptx(program, name);
            return new CompiledModule(binary, kind, log);
        } finally {
            lib.nvrtcDestroyProgram(programRef);
        }
    }

    static OutputKind kindOf(List<String> options) {
        for (String option : options) {
            if (option.startsWith("--gpu-architecture=") || option.startsWith("-arch=")) {
                String arch = option.substring(option.indexOf('=') + 1);
                return arch.startsWith("sm_") ? OutputKind.CUBIN : OutputKind.PTX;
            }
        }
        return OutputKind.PTX; // NVRTC's default architecture is a virtual one
    }

    private String log(Pointer program) {
        LongByReference size = new LongByReference();
        if (lib.nvrtcGetProgramLogSize(program, size) != NvrtcLibrary.NVRTC_SUCCESS || size.getValue() <= 1) {
            return "";
        }
        byte[] bytes = new byte[Math.toIntExact(size.getValue())];
        if (lib.nvrtcGetProgramLog(program, bytes) != NvrtcLibrary.NVRTC_SUCCESS) {
            return "(NVRTC could not return its log)";
        }
        return cString(bytes);
    }

    private byte[] cubin(Pointer program, String name) {
        LongByReference size = new LongByReference();
        check(lib.nvrtcGetCUBINSize(program, size), "sizing the CUBIN of " + name);
        byte[] out = new byte[Math.toIntExact(size.getValue())];
        check(lib.nvrtcGetCUBIN(program, out), "reading the CUBIN of " + name);
        return out;
    }

    /** Keeps the terminating NUL: cuModuleLoadData reads PTX as a C string. */
    private byte[] ptx(Pointer program, String name) {
        LongByReference size = new LongByReference();
        check(lib.nvrtcGetPTXSize(program, size), "sizing the PTX of " + name);
        byte[] out = new byte[Math.toIntExact(size.getValue())];
        check(lib.nvrtcGetPTX(program, out), "reading the PTX of " + name);
        return out;
    }

    private static int[] readSupportedArchs(NvrtcLibrary lib) {
        try {
            IntByReference count = new IntByReference();
            if (lib.nvrtcGetNumSupportedArchs(count) != NvrtcLibrary.NVRTC_SUCCESS || count.getValue() <= 0) {
                return new int[0];
            }
            int[] archs = new int[count.getValue()];
            return lib.nvrtcGetSupportedArchs(archs) == NvrtcLibrary.NVRTC_SUCCESS ? archs : new int[0];
        } catch (UnsatisfiedLinkError e) {
            return new int[0]; // NVRTC before 11.2 cannot list them; the device's own sm is tried
        }
    }

    private void check(int result, String doing) {
        if (result != NvrtcLibrary.NVRTC_SUCCESS) {
            throw new KernelCompileException("[Nvrtc] NVRTC " + (version == null ? "" : version + " ") + "failed while "
                    + doing + ": " + errorString(result), "", "");
        }
    }

    private String errorString(int result) {
        try {
            return lib.nvrtcGetErrorString(result) + " (" + result + ")";
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return "nvrtcResult " + result;
        }
    }

    static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(Arrays.copyOf(bytes, end), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "NVRTC " + version + " (" + location + ")";
    }
}
