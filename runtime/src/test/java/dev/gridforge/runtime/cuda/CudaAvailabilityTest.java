package dev.gridforge.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.gridforge.runtime.CudaUnavailableException;
import org.junit.jupiter.api.Test;

/** The probe on whatever machine runs the tests; the detailed checks need a machine without CUDA. */
class CudaAvailabilityTest {

    @Test
    void availabilityAndAcceleratorAgree() {
        if (Cuda.isAvailable()) {
            assertEquals("", Cuda.unavailableReason());
            assertSame(Cuda.accelerator(), Cuda.accelerator());
        } else {
            CudaUnavailableException e = assertThrows(CudaUnavailableException.class, Cuda::accelerator);
            assertEquals(Cuda.unavailableReason(), e.getMessage());
        }
    }

    /** On a machine without a driver the reason says so, and says where NVRTC was looked for if it is missing too. */
    @Test
    void withoutCudaTheReasonNamesTheDriverAndEveryNvrtcPlaceTried() {
        assumeFalse(Cuda.isAvailable(), "CUDA is available here");
        String reason = Cuda.unavailableReason();
        assertTrue(reason.startsWith("CUDA is not usable in this JVM:"), reason);
        assertTrue(reason.contains("libcuda.so.1"), reason);
        if (nvrtcLoadsHere()) {
            assertFalse(reason.contains("NVRTC"), "NVRTC is installed here, only the driver is missing: " + reason);
            return;
        }
        assertTrue(reason.contains("NVRTC (libnvrtc) was not found"), reason);
        for (String name : NvrtcLocator.FILE_NAMES) {
            assertTrue(reason.contains("/usr/local/cuda/lib64/" + name), reason);
            assertTrue(reason.contains(name + " (loader path, LD_LIBRARY_PATH"), reason);
        }
        assertTrue(reason.contains("-Dgridforge.nvrtc.library="), reason);
    }

    private static boolean nvrtcLoadsHere() {
        try {
            Nvrtc.load(null);
            return true;
        } catch (CudaUnavailableException e) {
            return false;
        }
    }

    @Test
    void anOrdinalTheDriverDoesNotHaveSaysHowManyDevicesThereAreAndCudaVisibleDevices() {
        String none = CudaDevice.noSuchDevice(2, 2);
        assertTrue(none.startsWith("There is no CUDA device 2: the CUDA driver sees 2 devices (ordinals 0 to 1), with CUDA_VISIBLE_DEVICES "),
                none);
        assertTrue(none.contains("Gridforge.onCudaDevice(ordinal)") && none.contains("Gridforge.cudaDeviceCount()"), none);
        String visible = System.getenv("CUDA_VISIBLE_DEVICES");
        assertTrue(none.contains(visible == null ? "CUDA_VISIBLE_DEVICES unset" : "CUDA_VISIBLE_DEVICES set to '" + visible + "'"), none);
        assertTrue(CudaDevice.noSuchDevice(1, 1).contains("sees 1 device (ordinal 0)"), CudaDevice.noSuchDevice(1, 1));
        if (Cuda.isAvailable()) {
            int count = Cuda.deviceCount();
            CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> Cuda.accelerator(count));
            assertEquals(CudaDevice.noSuchDevice(count, count), e.getMessage());
            assertSame(Cuda.accelerator(count - 1), Cuda.accelerator(count - 1));
        } else {
            assertEquals(0, Cuda.deviceCount());
            CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> Cuda.accelerator(5));
            assertEquals("CUDA device 5 was asked for, but " + Cuda.unavailableReason(), e.getMessage());
        }
    }

    @Test
    void probingIsCachedAndNeverThrowsAnythingElse() {
        boolean first = Cuda.isAvailable();
        long start = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            assertEquals(first, Cuda.isAvailable());
            assertNotNull(Cuda.unavailableReason());
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 2_000, "100k cached probes took " + ms + " ms");
        if (!first) {
            for (int i = 0; i < 3; i++) {
                assertThrows(CudaUnavailableException.class, Cuda::accelerator);
            }
            assertFalse(Cuda.unavailableReason().isBlank());
        }
    }
}
