package dev.gridforge.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.CudaUnavailableException;
import dev.gridforge.runtime.DeviceMemoryException;
import dev.gridforge.runtime.KernelCompileException;
import dev.gridforge.runtime.spi.Accelerator;
import dev.gridforge.runtime.spi.DeviceBuffer;
import dev.gridforge.runtime.spi.DeviceKernel;
import dev.gridforge.runtime.spi.PrecompiledKernel;
import dev.gridforge.runtime.spi.StagedDownload;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CUDA backend on a real GPU. Excluded from ordinary builds; run with
 * {@code mvn -pl runtime -am test -Dgridforge.gpuTests=true}, or on the device machine with
 * {@code .devkit/junit --select-class dev.gridforge.runtime.cuda.CudaGpuTest}. Prints its timings.
 */
@Tag("gpu")
class CudaGpuTest {

    /** Every argument type the SPI passes, and a grid-stride loop like generated kernels use. */
    static final String AXPBY = """
            extern "C" __global__ void axpby(double* __restrict__ out, int n, const double* __restrict__ x,
                                             const double* __restrict__ y, double a, float b, long long offset) {
                for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
                    out[i] = a * x[i] + (double) b * y[i] + (double) offset;
                }
            }
            """;

    static final String SCALE = """
            extern "C" __global__ void scale(double* __restrict__ out, int n, const double* __restrict__ x) {
                for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
                    out[i] = x[i] * FACTOR + OFFSET;
                }
            }
            """;

    static final long MB64 = 64L << 20;

    @TempDir
    static Path cacheDir;

    static CudaAccelerator gpu;

    @BeforeAll
    static void openTheGpu() {
        gpu = newAccelerator(new ModuleCache(cacheDir, "gpu-test"));
        System.out.println("[gpu] " + gpu.describe() + ", target " + gpu.target() + ", cache " + cacheDir);
    }

    static CudaAccelerator newAccelerator(ModuleCache cache) {
        return new CudaAccelerator(CudaDevice.open(0), Nvrtc.load(cacheDir), null, cache);
    }

    @Test
    void theSharedAcceleratorIsUsable() {
        assertTrue(Cuda.isAvailable(), Cuda.unavailableReason());
        Accelerator shared = Cuda.accelerator();
        assertSame(shared, Cuda.accelerator());
        System.out.println("[gpu] Cuda.accelerator(): " + shared.describe());
        assertTrue(shared.describe().matches(".+ \\(sm_\\d+\\), NVRTC \\d+\\.\\d+"), shared.describe());
    }

    @Test
    @SuppressWarnings("try") // the device scope is only opened and closed
    void everyDeviceHasOneSharedAcceleratorThatSaysWhichItIs() {
        int count = Cuda.deviceCount();
        assertTrue(count >= 1, Cuda.unavailableReason());
        List<Accelerator> seen = new java.util.ArrayList<>();
        for (int d = 0; d < count; d++) {
            Accelerator a = Cuda.accelerator(d);
            assertSame(a, Cuda.accelerator(d));
            assertEquals(d, ((CudaAccelerator) a).ordinal());
            assertTrue(seen.stream().noneMatch(other -> other == a), "one accelerator per device");
            seen.add(a);
            String described = a.describe();
            assertTrue(described.matches(".+ \\(" + (d == 0 ? "" : "device " + d + ", ") + "sm_\\d+\\), NVRTC \\d+\\.\\d+"), described);
            System.out.println("[gpu] Cuda.accelerator(" + d + "): " + described);
            try (dev.gridforge.runtime.CudaDeviceScope scope = dev.gridforge.runtime.Gridforge.onCudaDevice(d)) {
                assertSame(a, Cuda.accelerator());
                long[] value = {d * 1000L + 7};
                long[] back = new long[1];
                try (DeviceBuffer b = a.allocate(8)) {
                    a.upload(value, b);
                    a.download(b, back);
                }
                assertArrayEquals(value, back, "a round trip on device " + d);
            }
        }
        int none = count;
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> Cuda.accelerator(none));
        assertEquals(CudaDevice.noSuchDevice(count, count), e.getMessage());
    }

    @Test
    void compilesLaunchesAndAgreesWithJavaBitForBit() {
        int n = 1_000_003;
        SplittableRandom random = new SplittableRandom(42);
        double[] x = random.doubles(n, -1e3, 1e3).toArray();
        double[] y = random.doubles(n, -1e3, 1e3).toArray();
        double a = random.nextDouble();
        float b = (float) random.nextDouble();
        long offset = -7;

        long t0 = System.nanoTime();
        DeviceKernel kernel = gpu.load(AXPBY, "axpby", List.of());
        long compileNs = System.nanoTime() - t0;
        double[] out = new double[n];
        try (DeviceBuffer dx = gpu.allocate(8L * n); DeviceBuffer dy = gpu.allocate(8L * n);
             DeviceBuffer dout = gpu.allocate(8L * n)) {
            gpu.upload(x, dx);
            gpu.upload(y, dy);
            long t1 = System.nanoTime();
            gpu.launch(kernel, new int[] {(n + 255) / 256, 1, 1}, new int[] {256, 1, 1},
                    List.of(dout, n, dx, dy, a, b, offset));
            gpu.synchronize();
            long launchNs = System.nanoTime() - t1;
            gpu.download(dout, out);
            System.out.printf(Locale.ROOT, "[gpu] axpby: first load (NVRTC compile + cuModuleLoadData) %.1f ms, "
                    + "launch+sync of %d elements %.3f ms%n", compileNs / 1e6, n, launchNs / 1e6);
        }
        for (int i = 0; i < n; i++) {
            double expected = a * x[i] + (double) b * y[i] + (double) offset; // --fmad=false: Java's rounding
            if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(out[i])) {
                throw new AssertionError("element " + i + ": GPU " + out[i] + ", Java " + expected);
            }
        }
    }

    /**
     * A kernel compiled at build time (by NVRTC, as {@link Precompile} does) runs on an accelerator
     * that has no NVRTC, with the same bits as the compiled source; anything it lacks a binary for
     * is refused with a message naming both ways out.
     */
    @Test
    void kernelsCompiledAtBuildTimeRunWithoutNvrtc() {
        String arch = gpu.binaryArchitectures().get(0);
        int cc = Integer.parseInt(arch.substring(3));
        OfflineCompiler nvrtc = OfflineCompiler.forComputeCapability(cc / 10, cc % 10);
        String source = AXPBY.replace("axpby", "axpbyBuilt");
        PrecompiledKernel built = PrecompiledKernel.decode(new PrecompiledKernel(arch, PrecompiledKernel.sha256(source),
                nvrtc.nvrtcVersion(), nvrtc.options(), nvrtc.compile(source, "axpbyBuilt", List.of()).binary()).encode());
        CudaAccelerator driverOnly = new CudaAccelerator(CudaDevice.open(0), null, "switched off for this test",
                new ModuleCache(null, "gpu-test"));
        System.out.println("[gpu] driver only: " + driverOnly.describe());
        assertTrue(driverOnly.describe().endsWith("no NVRTC: kernels compiled at build time only"), driverOnly.describe());
        int n = 100_003;
        SplittableRandom random = new SplittableRandom(7);
        double[] x = random.doubles(n, -1, 1).toArray();
        double[] y = random.doubles(n, -1, 1).toArray();
        double[] fromBinary = new double[n];
        double[] fromSource = new double[n];
        List<Object> tail = List.of(n, 0.25, 1.5f, 3L);
        try (DeviceBuffer dx = driverOnly.allocate(8L * n); DeviceBuffer dy = driverOnly.allocate(8L * n);
             DeviceBuffer dout = driverOnly.allocate(8L * n)) {
            driverOnly.upload(x, dx);
            driverOnly.upload(y, dy);
            DeviceKernel k = driverOnly.loadPrecompiled(built, "axpbyBuilt");
            driverOnly.launch(k, new int[] {(n + 255) / 256, 1, 1}, new int[] {256, 1, 1},
                    List.of(dout, n, dx, dy, tail.get(1), tail.get(2), tail.get(3)));
            driverOnly.download(dout, fromBinary);
        }
        try (DeviceBuffer dx = gpu.allocate(8L * n); DeviceBuffer dy = gpu.allocate(8L * n); DeviceBuffer dout = gpu.allocate(8L * n)) {
            gpu.upload(x, dx);
            gpu.upload(y, dy);
            gpu.launch(gpu.load(source, "axpbyBuilt", List.of()), new int[] {(n + 255) / 256, 1, 1}, new int[] {256, 1, 1},
                    List.of(dout, n, dx, dy, tail.get(1), tail.get(2), tail.get(3)));
            gpu.download(dout, fromSource);
        }
        assertArrayEquals(fromSource, fromBinary);
        assertEquals(0.25 * x[5] + 1.5 * y[5] + 3.0, fromBinary[5], 0.0);

        PrecompiledKernel otherOptions = new PrecompiledKernel(arch, built.sourceSha256(), built.nvrtcVersion(),
                List.of("--gpu-architecture=" + arch), built.binary());
        assertEquals(null, driverOnly.loadPrecompiled(otherOptions, "axpbyBuilt"), "compiled otherwise: left to NVRTC");
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> driverOnly.load(AXPBY, "axpby", List.of()));
        assertTrue(e.getMessage().contains("kernel axpby was not compiled at build time for " + arch)
                && e.getMessage().contains("switched off for this test"), e.getMessage());
    }

    /**
     * Downloads into a Java array: through pinned slots in chunks (the default from 256 KiB) and
     * straight into the array (an accelerator made with staging off) give the same bits; prints
     * both speeds for 8 MB (n = 1000) and 128 MB (n = 4000) of doubles.
     */
    @Test
    void stagedAndDirectDownloadsAgreeAndAreTimed() {
        String before = System.getProperty(StagedDownload.MIN_PROPERTY);
        System.setProperty(StagedDownload.MIN_PROPERTY, "-1");
        CudaAccelerator direct;
        try {
            direct = newAccelerator(new ModuleCache(null, "gpu-test"));
        } finally {
            if (before == null) {
                System.clearProperty(StagedDownload.MIN_PROPERTY);
            } else {
                System.setProperty(StagedDownload.MIN_PROPERTY, before);
            }
        }
        for (int side : new int[] {1000, 4000}) {
            int n = side * side;
            double[] values = new SplittableRandom(side).doubles(n, -1, 1).toArray();
            double[] staged = new double[n];
            double[] straight = new double[n];
            try (DeviceBuffer b = gpu.allocate(8L * n); DeviceBuffer c = direct.allocate(8L * n)) {
                gpu.upload(values, b);
                direct.upload(values, c);
                double stagedMs = medianMillis(() -> gpu.download(b, staged));
                double directMs = medianMillis(() -> direct.download(c, straight));
                System.out.printf(Locale.ROOT, "[gpu] download of %d MB into a double[]: staged %.3f ms (%.1f GB/s), direct %.3f ms (%.1f GB/s)%n",
                        8L * n >> 20, stagedMs, 8e-6 * n / stagedMs, directMs, 8e-6 * n / directMs);
            }
            assertArrayEquals(values, staged);
            assertArrayEquals(values, straight);
        }
    }

    private static double medianMillis(Runnable r) {
        double[] t = new double[7];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        java.util.Arrays.sort(t);
        return t[t.length / 2];
    }

    @Test
    void definesArePrependedExactly() {
        DeviceKernel kernel = gpu.load(SCALE, "scale", List.of(
                CLiterals.define("FACTOR", CLiterals.of(0.1)), CLiterals.define("OFFSET", CLiterals.of(-3.0))));
        double[] x = new SplittableRandom(1).doubles(1000).toArray();
        double[] out = new double[x.length];
        try (DeviceBuffer dx = gpu.allocate(8000); DeviceBuffer dout = gpu.allocate(8000)) {
            gpu.upload(x, dx);
            gpu.launch(kernel, new int[] {4, 1, 1}, new int[] {128, 1, 1}, List.of(dout, x.length, dx));
            gpu.download(dout, out);
        }
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i] * 0.1 + -3.0, out[i], 0.0, "element " + i);
        }
    }

    @Test
    void aSecondLoadComesFromMemoryAndAFreshCacheFromDisk() {
        String source = AXPBY.replace("axpby", "axpbyCached");
        ModuleCache shared = new ModuleCache(cacheDir, "gpu-test");
        long t0 = System.nanoTime();
        newAccelerator(shared).load(source, "axpbyCached", List.of());
        long firstNs = System.nanoTime() - t0;
        assertEquals(new ModuleCache.Stats(0, 0, 1), shared.stats());

        long t1 = System.nanoTime();
        newAccelerator(shared).load(source, "axpbyCached", List.of());
        long memoryNs = System.nanoTime() - t1;
        assertEquals(new ModuleCache.Stats(1, 0, 1), shared.stats());

        ModuleCache fresh = new ModuleCache(cacheDir, "gpu-test");
        long t2 = System.nanoTime();
        DeviceKernel fromDisk = newAccelerator(fresh).load(source, "axpbyCached", List.of());
        long diskNs = System.nanoTime() - t2;
        assertEquals(new ModuleCache.Stats(0, 1, 0), fresh.stats());
        assertNotSameKernel(fromDisk);
        System.out.printf(Locale.ROOT, "[gpu] load: first (compile) %.1f ms, memory cache %.2f ms, "
                + "disk cache %.2f ms (each includes cuModuleLoadData)%n", firstNs / 1e6, memoryNs / 1e6, diskNs / 1e6);
    }

    private static void assertNotSameKernel(DeviceKernel k) {
        assertEquals("axpbyCached", k.entry());
        assertNotSame(gpu, ((CudaKernel) k).owner());
    }

    @Test
    void aSyntaxErrorThrowsWithTheLogAndTheSavedSource() {
        String broken = "extern \"C\" __global__ void broken(double* out) {\n    out[0] = 1.0\n}\n";
        KernelCompileException e = assertThrows(KernelCompileException.class,
                () -> gpu.load(broken, "broken", List.of()));
        System.out.println("[gpu] syntax error message:\n" + e.getMessage());
        assertTrue(e.log().contains("error"), e.log());
        assertEquals(broken, e.source());
        assertTrue(e.getMessage().contains("saved at " + cacheDir.resolve("failed")), e.getMessage());
    }

    @Test
    void aMissingEntryPointIsNamed() {
        var e = assertThrows(dev.gridforge.runtime.GridforgeException.class,
                () -> gpu.load("__global__ void mangled(int* p) {}", "mangled", List.of()));
        assertTrue(e.getMessage().contains("extern \"C\""), e.getMessage());
    }

    @Test
    void allocatingMoreThanTheGpuHasThrowsWithTheSizes() {
        long total = CudaDevice.open(0).memoryInfo()[1];
        DeviceMemoryException e = assertThrows(DeviceMemoryException.class, () -> gpu.allocate(total + (1L << 30)));
        System.out.println("[gpu] " + e.getMessage());
        assertTrue(e.getMessage().contains(Long.toString(total + (1L << 30))), e.getMessage());
        assertTrue(e.getMessage().contains("free of"), e.getMessage());
    }

    @Test
    void copiesCheckSizesAndRoundTripEveryElementType() {
        try (DeviceBuffer buffer = gpu.allocate(80)) {
            assertThrows(IllegalArgumentException.class, () -> gpu.upload(new double[11], buffer));
            long[] longs = {1, -2, Long.MAX_VALUE, Long.MIN_VALUE};
            long[] longsBack = new long[4];
            gpu.upload(longs, buffer);
            gpu.download(buffer, longsBack);
            assertArrayEquals(longs, longsBack);
            float[] floats = {1.5f, Float.NaN, -0f};
            float[] floatsBack = new float[3];
            gpu.upload(floats, buffer);
            gpu.download(buffer, floatsBack);
            assertArrayEquals(floats, floatsBack);
        }
    }

    @Test
    void pinnedHostMemoryReceivesDownloadsAndIsFasterThanAJavaArray() {
        int n = 1_000_000; // 8 MB, the 1000 x 1000 haversine result
        double[] data = new java.util.Random(5).doubles(n).toArray();
        dev.gridforge.runtime.spi.DeviceBuffer buffer = gpu.allocate(8L * n);
        try (dev.gridforge.runtime.spi.HostBuffer pinned = gpu.allocateHost(8L * n)) {
            assertTrue(pinned.isPinned());
            gpu.upload(data, buffer);
            gpu.download(buffer, pinned.bytes(), 8L * n);
            double[] back = new double[n];
            pinned.bytes().asDoubleBuffer().get(back);
            assertArrayEquals(data, back);
            double[] array = new double[n];
            long[] toPinned = new long[20];
            long[] toArray = new long[20];
            for (int r = 0; r < 20; r++) {
                long t0 = System.nanoTime();
                gpu.download(buffer, pinned.bytes(), 8L * n);
                long t1 = System.nanoTime();
                gpu.download(buffer, array);
                toArray[r] = System.nanoTime() - t1;
                toPinned[r] = t1 - t0;
            }
            java.util.Arrays.sort(toPinned);
            java.util.Arrays.sort(toArray);
            System.out.printf("[gpu] 8 MB device->host: pinned %.3f ms, double[] %.3f ms (medians of 20)%n",
                    toPinned[10] / 1e6, toArray[10] / 1e6);
        } finally {
            buffer.close();
        }
    }

    @Test
    void tenThousandAllocateCloseCyclesLeaveNothingBehind() {
        long freeBefore = CudaDevice.open(0).memoryInfo()[0];
        long t0 = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            DeviceBuffer b = gpu.allocate(MB64);
            b.close();
            b.close(); // harmless
            assertTrue(b.isClosed());
        }
        long ns = System.nanoTime() - t0;
        long freeAfter = CudaDevice.open(0).memoryInfo()[0];
        System.out.printf(Locale.ROOT, "[gpu] 10,000 allocate+close of 64 MiB: %.1f ms (%.1f us each); free before %s, after %s%n",
                ns / 1e6, ns / 1e4 / 1e3, Sizes.human(freeBefore), Sizes.human(freeAfter));
        assertTrue(freeAfter > freeBefore - (256L << 20), "device memory leaked");
    }

    @Test
    void tenThousandUnreferencedBuffersAreReclaimed() {
        // 10,000 x 64 MiB is 625 GiB: far more than the GPU has, so this passes only if the
        // cleaner frees dropped buffers once allocate forces a collection.
        long t0 = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            gpu.allocate(MB64);
        }
        long ns = System.nanoTime() - t0;
        System.gc();
        System.out.printf(Locale.ROOT, "[gpu] 10,000 unreferenced 64 MiB buffers: %.1f ms; gridforge still holds %s%n",
                ns / 1e6, Sizes.human(gpu.liveBytes()));
    }
}
