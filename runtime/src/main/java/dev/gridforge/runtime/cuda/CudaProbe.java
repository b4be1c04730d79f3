package dev.gridforge.runtime.cuda;

import dev.gridforge.runtime.CudaUnavailableException;
import dev.gridforge.runtime.spi.PrecompiledKernel;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides once per JVM whether CUDA can run here, and if so builds the shared accelerator.
 * Both halves are always probed, so the reason names everything that is missing at once.
 */
final class CudaProbe {

    /**
     * @param accelerator the shared accelerator, or null when unavailable
     * @param reason      empty when available, else what is missing and where gridforge looked
     */
    record Result(CudaAccelerator accelerator, String reason) {
        boolean available() {
            return accelerator != null;
        }
    }

    private CudaProbe() {
    }

    /** Never throws: every failure, native link errors included, becomes part of the reason. */
    static Result run() {
        List<String> problems = new ArrayList<>();
        CudaDevice device = null;
        try {
            device = CudaDevice.open(0);
        } catch (Throwable e) {
            problems.add(driverProblem(e));
        }
        ModuleCache cache = null;
        Nvrtc nvrtc = null;
        String noNvrtc = null;
        try {
            cache = ModuleCache.atDefaultDirectory();
            nvrtc = Nvrtc.load(cache.directory());
        } catch (Throwable e) {
            noNvrtc = message(e);
        }
        if (noNvrtc != null) {
            // Without NVRTC the GPU still runs kernels compiled at build time, if the class path has any for it.
            List<String> archs = device == null ? List.of()
                    : CudaAccelerator.binaryArchitectures(device.computeMajor(), device.computeMinor());
            if (archs.isEmpty() || !PrecompiledKernel.anyOnClassPath(archs)) {
                problems.add(noNvrtc + (archs.isEmpty() ? "" : "; and the class path holds no kernels compiled at build time for "
                        + String.join(" or ", archs)));
            }
        }
        if (problems.isEmpty()) {
            try {
                return new Result(new CudaAccelerator(device, nvrtc, noNvrtc, cache), "");
            } catch (Throwable e) {
                problems.add("setting up the CUDA accelerator failed: " + message(e));
            }
        }
        if (device != null) {
            // CUDA will not be used: do not hold the GPU's context (and its memory) for the JVM's life.
            try {
                device.release();
            } catch (Throwable e) {
                problems.add("releasing the unused context failed: " + message(e));
            }
        }
        return new Result(null, "CUDA is not usable in this JVM:\n- " + String.join("\n- ", problems));
    }

    static String driverProblem(Throwable e) {
        if (e instanceof LinkageError) {
            // JCuda's native library links against libcuda.so.1, which only an NVIDIA driver installs.
            return "the CUDA driver could not be loaded (" + LinkErrors.essence(e)
                    + "). JCuda's native library needs libcuda.so.1 from an NVIDIA driver; "
                    + "check that `nvidia-smi` works and that libcuda.so.1 is on the loader path ("
                    + loaderPath(System.getenv("LD_LIBRARY_PATH")) + ")";
        }
        if (e instanceof CudaUnavailableException) {
            return message(e);
        }
        return "the CUDA driver did not initialise: " + message(e);
    }

    /** "LD_LIBRARY_PATH=/a:/b", or "LD_LIBRARY_PATH is not set". */
    static String loaderPath(String value) {
        return value == null || value.isEmpty() ? "LD_LIBRARY_PATH is not set" : "LD_LIBRARY_PATH=" + value;
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return (m == null || m.isBlank() ? e.getClass().getName() : m).strip();
    }
}
