package dev.gridforge.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.DeviceMemoryException;
import dev.gridforge.runtime.GridforgeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUresult;
import org.junit.jupiter.api.Test;

/** Argument building and checking that runs before any driver call. */
class DeviceArgumentsTest {

    @Test
    void hostArraySizes() {
        assertEquals(80, HostArrays.byteSize(new double[10]));
        assertEquals(40, HostArrays.byteSize(new float[10]));
        assertEquals(40, HostArrays.byteSize(new int[10]));
        assertEquals(80, HostArrays.byteSize(new long[10]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostArrays.byteSize(new short[1]));
        assertTrue(e.getMessage().contains("short[]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HostArrays.byteSize("text"));
        assertNotNull(HostArrays.pointerTo(new double[1]));
    }

    @Test
    void copiesMustFitTheBuffer() {
        assertEquals(80, HostArrays.checkFits("upload", new double[10], 80));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostArrays.checkFits("download", new double[11], 80));
        assertEquals("download of a double[11] (88 bytes) does not fit a device buffer of 80 bytes", e.getMessage());
    }

    @Test
    void kernelParametersOneHostPointerPerArgument() {
        List<Object> seen = new ArrayList<>();
        Pointer p = KernelArguments.of(Arrays.asList(1, 2L, 3f, 4.0), b -> {
            seen.add(b);
            return new Pointer();
        });
        assertNotNull(p);
        assertTrue(seen.isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelArguments.of(Arrays.asList(1, "two"), b -> new Pointer()));
        assertEquals("kernel argument 1 is a java.lang.String; pass an Integer, Long, Float, Double or DeviceBuffer",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KernelArguments.of(Arrays.asList((Object) null), b -> null));
    }

    @Test
    void launchShapes() {
        assertDoesNotThrow(() -> LaunchShape.check(new int[] {1000, 1, 1}, new int[] {256, 1, 1}));
        assertDoesNotThrow(() -> LaunchShape.check(new int[] {Integer.MAX_VALUE, 65535, 65535}, new int[] {32, 32, 1}));
        assertThrows(IllegalArgumentException.class, () -> LaunchShape.check(new int[] {1, 1}, new int[] {1, 1, 1}));
        assertThrows(IllegalArgumentException.class, () -> LaunchShape.check(new int[] {0, 1, 1}, new int[] {1, 1, 1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LaunchShape.check(new int[] {1, 1, 1}, new int[] {64, 32, 1}));
        assertTrue(e.getMessage().contains("2048 threads"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LaunchShape.check(new int[] {1, 70000, 1}, new int[] {1, 1, 1}));
    }

    @Test
    void cudaErrorsBecomeGridforgeExceptionsNamingTheErrorAndTheStep() {
        assertNull(CudaCalls.errorOf(() -> CUresult.CUDA_SUCCESS));
        assertEquals("CUDA_ERROR_INVALID_VALUE", CudaCalls.errorOf(() -> CUresult.CUDA_ERROR_INVALID_VALUE));
        assertEquals("CUDA_ERROR_OUT_OF_MEMORY", CudaCalls.errorOf(() -> {
            throw new CudaException("CUDA_ERROR_OUT_OF_MEMORY");
        }));
        GridforgeException e = assertThrows(GridforgeException.class,
                () -> CudaCalls.check("launching k", () -> CUresult.CUDA_ERROR_INVALID_VALUE));
        assertEquals("[Cuda] CUDA_ERROR_INVALID_VALUE while launching k", e.getMessage());
        assertTrue(CudaCalls.translate("CUDA_ERROR_OUT_OF_MEMORY", "x") instanceof DeviceMemoryException);
        assertTrue(CudaCalls.translate("CUDA_ERROR_ILLEGAL_ADDRESS", "waiting").getMessage().contains("restart the JVM"));
    }

    @Test
    void humanSizes() {
        assertEquals("512 B", Sizes.human(512));
        assertEquals("1.5 KiB", Sizes.human(1536));
        assertEquals("80.0 GiB", Sizes.human(80L << 30));
        assertEquals("unknown", Sizes.human(-1));
    }
}
