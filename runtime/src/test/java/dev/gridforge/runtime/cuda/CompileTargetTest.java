package dev.gridforge.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompileTargetTest {

    private static final int[] NVRTC_12_4 = {50, 52, 53, 60, 61, 62, 70, 72, 75, 80, 86, 87, 89, 90};
    private static final int[] NVRTC_13_0 = {75, 80, 86, 87, 88, 89, 90, 100, 103, 110, 120, 121};

    @Test
    void cubinForTheDevicesOwnArchitectureWhenNvrtcKnowsIt() {
        assertEquals(new CompileTarget("sm_90", OutputKind.CUBIN), CompileTarget.choose(9, 0, NVRTC_13_0));
        assertEquals(new CompileTarget("sm_86", OutputKind.CUBIN), CompileTarget.choose(8, 6, NVRTC_12_4));
    }

    @Test
    void ptxForTheNewestKnownArchitectureWhenNvrtcIsOlderThanTheDevice() {
        assertEquals(new CompileTarget("compute_90", OutputKind.PTX), CompileTarget.choose(10, 0, NVRTC_12_4));
        assertEquals(new CompileTarget("compute_90", OutputKind.PTX), CompileTarget.choose(12, 0, NVRTC_12_4));
    }

    @Test
    void theDevicesArchitectureWhenNvrtcCannotListOrKnowsOnlyNewerOnes() {
        assertEquals(new CompileTarget("sm_90", OutputKind.CUBIN), CompileTarget.choose(9, 0, new int[0]));
        assertEquals(new CompileTarget("sm_70", OutputKind.CUBIN), CompileTarget.choose(7, 0, NVRTC_13_0));
    }

    @Test
    void optionsKeepJavaRoundingAndPinTheDialect() {
        assertEquals(List.of("--gpu-architecture=compute_90", "--fmad=false", "--std=c++17"),
                CompileOptions.forTarget(new CompileTarget("compute_90", OutputKind.PTX)));
        assertEquals(OutputKind.PTX, Nvrtc.kindOf(CompileOptions.forTarget(new CompileTarget("compute_90", OutputKind.PTX))));
        assertEquals(OutputKind.CUBIN, Nvrtc.kindOf(CompileOptions.forTarget(new CompileTarget("sm_90", OutputKind.CUBIN))));
    }
}
