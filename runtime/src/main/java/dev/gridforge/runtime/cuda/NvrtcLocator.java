package dev.gridforge.runtime.cuda;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import dev.gridforge.runtime.CudaUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds and loads libnvrtc, remembering every place it looked so that a failure can say
 * exactly where NVRTC was expected.
 */
final class NvrtcLocator {

    static final String PROPERTY = "gridforge.nvrtc.library";
    /** The property's value that loads no NVRTC: to run only kernels compiled at build time, as a driver-only machine would. */
    static final String SWITCHED_OFF = "none";

    /** Newest first: a machine with several toolkits gets the newest NVRTC. */
    static final List<String> FILE_NAMES =
            List.of("libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so");

    /**
     * One place to try.
     *
     * @param target      an absolute file path, or a bare name for the dynamic loader
     * @param description how the reason names it ("system property gridforge.nvrtc.library")
     * @param isFile      true when {@code target} is a file that must exist
     */
    record Candidate(String target, String description, boolean isFile) {
    }

    /** How to open a library; the real one is JNA, tests pass a fake. */
    @FunctionalInterface
    interface Loader {
        NvrtcLibrary load(String target);
    }

    /** The loaded library and where it came from. */
    record Located(NvrtcLibrary library, String target) {
    }

    private NvrtcLocator() {
    }

    /** Where to look on this machine, in order. */
    static List<Candidate> candidates() {
        return candidates(System.getProperty(PROPERTY), System.getenv());
    }

    /**
     * A library named by the system property is the only candidate: whoever names a file wants that
     * NVRTC, and a typo must fail, not quietly load another version found elsewhere.
     */
    static List<Candidate> candidates(String property, Map<String, String> env) {
        List<Candidate> out = new ArrayList<>();
        if (property != null && !property.isBlank()) {
            out.add(new Candidate(property, "system property " + PROPERTY, true));
            return out;
        }
        List<String> dirs = new ArrayList<>();
        for (String var : List.of("CUDA_HOME", "CUDA_PATH")) {
            String root = env.get(var);
            if (root != null && !root.isBlank()) {
                dirs.add(Path.of(root, "lib64").toString());
            }
        }
        dirs.add("/usr/local/cuda/lib64");
        for (String dir : dirs.stream().distinct().toList()) {
            for (String name : FILE_NAMES) {
                out.add(new Candidate(Path.of(dir, name).toString(), dir, true));
            }
        }
        String ldPath = env.getOrDefault("LD_LIBRARY_PATH", "");
        for (String name : FILE_NAMES) {
            out.add(new Candidate(name, "loader path, " + CudaProbe.loaderPath(ldPath), false));
        }
        return out;
    }

    /** The first candidate that loads and answers nvrtcVersion; else every attempt, in the exception. */
    static Located locate(List<Candidate> candidates, Loader loader) {
        List<String> tried = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.isFile() && !Files.isRegularFile(Path.of(c.target()))) {
                tried.add(c.target() + " (" + c.description() + "): no such file");
                continue;
            }
            try {
                NvrtcLibrary lib = loader.load(c.target());
                lib.nvrtcVersion(new IntByReference(), new IntByReference());
                return new Located(lib, c.target());
            } catch (Throwable e) { // UnsatisfiedLinkError, or a library without nvrtcVersion
                tried.add(c.target() + " (" + c.description() + "): " + LinkErrors.essence(e));
            }
        }
        throw new CudaUnavailableException("NVRTC (libnvrtc) was not found. Tried, in order:\n  "
                + String.join("\n  ", tried)
                + "\nInstall the CUDA toolkit's NVRTC (CUDA 11.2 or later), set CUDA_HOME, or name the file with -D"
                + PROPERTY + "=/path/to/libnvrtc.so.13");
    }

    /** Opens a library with JNA, passing Java strings to C as UTF-8 whatever the platform charset. */
    static NvrtcLibrary loadWithJna(String target) {
        return Native.load(target, NvrtcLibrary.class,
                Map.of(Library.OPTION_STRING_ENCODING, StandardCharsets.UTF_8.name()));
    }
}
