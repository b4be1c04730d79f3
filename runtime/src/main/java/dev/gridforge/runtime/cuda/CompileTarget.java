package dev.gridforge.runtime.cuda;

import java.util.Arrays;

/**
 * The architecture NVRTC compiles for, chosen from the device's compute capability and the
 * architectures this NVRTC knows.
 *
 * @param arch the value of {@code --gpu-architecture}: {@code sm_90} or {@code compute_90}
 * @param kind CUBIN for a real architecture, PTX for a virtual one
 */
record CompileTarget(String arch, OutputKind kind) {

    /**
     * CUBIN for {@code sm_<major><minor>} when NVRTC supports it. Otherwise NVRTC is older than
     * the device: PTX for the newest architecture it knows, which the driver JIT-compiles
     * forward to the device (PTX is forward compatible, SASS is not).
     *
     * @param supported {@code nvrtcGetSupportedArchs} (e.g. 75, 80, 86, 89, 90, 100, 120), or
     *                  empty when this NVRTC cannot list them (then the device's own sm is tried)
     */
    static CompileTarget choose(int major, int minor, int[] supported) {
        int device = major * 10 + minor;
        if (supported.length == 0 || Arrays.stream(supported).anyMatch(a -> a == device)) {
            return new CompileTarget("sm_" + device, OutputKind.CUBIN);
        }
        int newestNotAbove = Arrays.stream(supported).filter(a -> a <= device).max().orElse(-1);
        if (newestNotAbove < 0) {
            // Every architecture this NVRTC knows is newer than the device: nothing it emits
            // can run here. Ask for the device's sm anyway so NVRTC's own error reaches the user.
            return new CompileTarget("sm_" + device, OutputKind.CUBIN);
        }
        return new CompileTarget("compute_" + newestNotAbove, OutputKind.PTX);
    }
}
