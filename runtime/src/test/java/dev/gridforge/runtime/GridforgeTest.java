package dev.gridforge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.cuda.Cuda;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock("gridforge.backend")
class GridforgeTest {

    @AfterEach
    void restore() {
        Gridforge.setDefaultBackend(null);
        System.clearProperty(Gridforge.BACKEND_PROPERTY);
    }

    @Test
    void concreteBackendsResolveToThemselves() {
        assertEquals(Backend.JVM, Gridforge.resolve(Backend.JVM));
        assertEquals(Backend.CUDA_SIM, Gridforge.resolve(Backend.CUDA_SIM));
    }

    @Test
    void autoFollowsTheSystemProperty() {
        System.setProperty(Gridforge.BACKEND_PROPERTY, "cuda-sim");
        assertEquals(Backend.CUDA_SIM, Gridforge.defaultBackend());
        assertEquals(Backend.CUDA_SIM, Gridforge.resolve(Backend.AUTO));
    }

    @Test
    void setDefaultBackendWinsOverTheProperty() {
        System.setProperty(Gridforge.BACKEND_PROPERTY, "cuda-sim");
        Gridforge.setDefaultBackend(Backend.JVM);
        assertEquals(Backend.JVM, Gridforge.resolve(Backend.AUTO));
        Gridforge.setDefaultBackend(null);
        assertEquals(Backend.CUDA_SIM, Gridforge.resolve(Backend.AUTO));
    }

    @Test
    void badPropertyNamesTheProperty() {
        System.setProperty(Gridforge.BACKEND_PROPERTY, "gpu");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Gridforge::defaultBackend);
        assertTrue(e.getMessage().contains("gridforge.backend"), e.getMessage());
        assertTrue(e.getMessage().contains("cuda-sim"), e.getMessage());
    }

    @Test
    void autoWithoutAGpuIsJvm() {
        Gridforge.setDefaultBackend(Backend.AUTO);
        assertEquals(Cuda.isAvailable() ? Backend.CUDA : Backend.JVM, Gridforge.resolve(Backend.AUTO));
    }

    @Test
    void forcedCudaWithoutAGpuSaysWhy() {
        if (Cuda.isAvailable()) {
            return;
        }
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> Gridforge.resolve(Backend.CUDA));
        assertTrue(e.getMessage().contains(Cuda.unavailableReason()), e.getMessage());
        Gridforge.setDefaultBackend(Backend.CUDA);
        assertThrows(CudaUnavailableException.class, () -> Gridforge.resolve(Backend.AUTO));
        assertThrows(CudaUnavailableException.class, () -> Gridforge.accelerator(Backend.CUDA));
    }

    @Test
    void theJvmHasNoAccelerator() {
        assertThrows(IllegalArgumentException.class, () -> Gridforge.accelerator(Backend.JVM));
        assertThrows(NullPointerException.class, () -> Gridforge.resolve(null));
    }

    @Test
    void theSimulatorIsOneSharedAccelerator() {
        assertTrue(Gridforge.accelerator(Backend.CUDA_SIM) == dev.gridforge.runtime.sim.CudaSimulator.shared());
        Gridforge.synchronize();
    }
}
