package dev.gridforge.runtime.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.sim.CudaSimulator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reductions of device fields on the CUDA simulator: gf_reduce.cu's kernels, every access bounds-checked. */
class SimReductionsTest extends DeviceReductionChecks {

    /** Per test, so each one is reported as skipped, with the reason, when there is no compiler. */
    @BeforeEach
    void needsACompiler() {
        Assumptions.assumeTrue(CudaSimulator.isAvailable(), "no C++ compiler (g++ or c++) on PATH: simulator tests skipped");
    }

    @Override
    Backend onBackend() {
        return Backend.CUDA_SIM;
    }

    @Test
    void theGridDependsOnTheSizeOnly() {
        assertEquals(new DeviceReductions.Pass(1024, 256), DeviceReductions.Pass.over(100_000_000, 16, 1024));
        assertEquals(new DeviceReductions.Pass(16, 256), DeviceReductions.Pass.over(262_144, 64, Integer.MAX_VALUE));
        assertEquals(new DeviceReductions.Pass(1, 64), DeviceReductions.Pass.over(4096, 64, Integer.MAX_VALUE));
        assertEquals(new DeviceReductions.Pass(1, 1), DeviceReductions.Pass.over(64, 64, Integer.MAX_VALUE));
        assertEquals(new DeviceReductions.Pass(1, 1), DeviceReductions.Pass.over(1, 16, 1024));
    }
}
