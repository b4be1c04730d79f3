package dev.gridforge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.cuda.Cuda;
import dev.gridforge.runtime.sim.CudaSimulator;
import org.junit.jupiter.api.Test;

class GridforgeAvailabilityTest {

    @Test
    void availabilityNeverThrowsAndMatchesTheBackends() {
        assertTrue(Gridforge.isAvailable(Backend.JVM));
        assertTrue(Gridforge.isAvailable(Backend.AUTO));
        assertEquals(Cuda.isAvailable(), Gridforge.isAvailable(Backend.CUDA));
        assertEquals(CudaSimulator.isAvailable(), Gridforge.isAvailable(Backend.CUDA_SIM));
    }

    @Test
    void describeNamesWhereLaunchesRun() {
        String jvm = Gridforge.describe(Backend.JVM);
        assertTrue(jvm.startsWith("the JVM, ") && jvm.endsWith(" cores"), jvm);
        if (!Cuda.isAvailable()) {
            assertThrows(CudaUnavailableException.class, () -> Gridforge.describe(Backend.CUDA));
        }
        if (CudaSimulator.isAvailable()) {
            assertTrue(Gridforge.describe(Backend.CUDA_SIM).contains("simulator"), Gridforge.describe(Backend.CUDA_SIM));
        }
    }
}
