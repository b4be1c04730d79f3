package dev.gridforge.runtime.cuda;

import dev.gridforge.runtime.CudaUnavailableException;
import dev.gridforge.runtime.spi.PrecompiledKernel;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides once per JVM whether CUDA can run here: the driver initialises and sees a device, and
 * NVRTC loads (or the class path holds kernels compiled at build time for one of the devices).
 * Both halves are always probed, so the reason names everything that is missing at once. No
 * device's context is retained here: each device's accelerator is set up at its first use
 * ({@link CudaDevices}), so a JVM whose threads use device 1 only holds nothing on device 0.
 */
final class CudaProbe {

    /**
     * @param devices the devices, their accelerators made on first use; null when unavailable
     * @param reason  empty when available, else what is missing and where gridforge looked
     */
    record Result(CudaDevices devices, String reason) {
        boolean available() {
            return devices != null;
        }
    }

    private CudaProbe() {
    }

    /** Never throws: every failure, native link errors included, becomes part of the reason. */
    static Result run() {
        List<String> problems = new ArrayList<>();
        int count = -1;
        try {
            count = CudaDevice.initDriver();
            if (count < 1) {
                problems.add("the CUDA driver initialised but sees no device: check that `nvidia-smi` lists one, and "
                        + "CUDA_VISIBLE_DEVICES (" + CudaDevice.visibleDevices() + ")");
            }
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
            // Without NVRTC a GPU still runs kernels compiled at build time, if the class path has any for it.
            List<String> archs = new ArrayList<>();
            try {
                for (int d = 0; d < count; d++) {
                    int[] cc = CudaDevice.computeCapability(d);
                    for (String arch : CudaAccelerator.binaryArchitectures(cc[0], cc[1])) {
                        if (!archs.contains(arch)) {
                            archs.add(arch);
                        }
                    }
                }
            } catch (Throwable e) {
                problems.add("reading the devices' compute capabilities failed: " + message(e));
            }
            if (archs.isEmpty() || !PrecompiledKernel.anyOnClassPath(archs)) {
                problems.add(noNvrtc + (archs.isEmpty() ? "" : "; and the class path holds no kernels compiled at build time for "
                        + String.join(" or ", archs)));
            }
        }
        if (problems.isEmpty()) {
            return new Result(new CudaDevices(count, nvrtc, noNvrtc, cache), "");
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
