package dev.gridforge.runtime.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.KernelCompileException;
import dev.gridforge.runtime.spi.DeviceBuffer;
import dev.gridforge.runtime.spi.DeviceKernel;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator on its own: hand-written kernels through the accelerator interface. */
class CudaSimulatorTest {

    private static final String SAXPY = String.join("\n",
            "extern \"C\" __global__ void saxpy(float* __restrict__ y, const float* __restrict__ x, float a, int n) {",
            "    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {",
            "        y[i] = a * x[i] + y[i];",
            "    }",
            "}");

    private static final String CONVERSIONS = String.join("\n",
            "extern \"C\" __global__ void conversions(int* d2i, long long* d2ll, int* f2i, long long* f2ll,",
            "        long long* dbits, int* fbits, double* dback, float* fback,",
            "        const double* __restrict__ d, const float* __restrict__ f, int n) {",
            "    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {",
            "        d2i[i] = __double2int_rz(d[i]);",
            "        d2ll[i] = __double2ll_rz(d[i]);",
            "        f2i[i] = __float2int_rz(f[i]);",
            "        f2ll[i] = __float2ll_rz(f[i]);",
            "        dbits[i] = __double_as_longlong(d[i]);",
            "        fbits[i] = __float_as_int(f[i]);",
            "        dback[i] = __longlong_as_double(dbits[i]);",
            "        fback[i] = __int_as_float(fbits[i]);",
            "    }",
            "}");

    private final CudaSimulator sim = CudaSimulator.shared();

    /** Per test, so each one is reported as skipped, with the reason, when there is no compiler. */
    @BeforeEach
    void needsACompiler() {
        Assumptions.assumeTrue(CudaSimulator.isAvailable(), "no C++ compiler (g++ or c++) on PATH: simulator tests skipped");
    }

    @Test
    void gridStrideKernelCoversEveryElementWithASmallGrid() {
        int n = 1000;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 0.5f + 1;
            y[i] = 1000 - i;
        }
        DeviceKernel k = sim.load(SAXPY, "saxpy", List.of());
        assertSame(k, sim.load(SAXPY, "saxpy", List.of()), "compiled once, then cached");
        try (DeviceBuffer dx = sim.allocate(4L * n); DeviceBuffer dy = sim.allocate(4L * n)) {
            sim.upload(x, dx);
            sim.upload(y, dy);
            sim.launch(k, new int[] {3, 1, 1}, new int[] {32, 1, 1}, List.of(dy, dx, 3.0f, n));
            sim.synchronize();
            float[] got = new float[n];
            sim.download(dy, got);
            for (int i = 0; i < n; i++) {
                assertEquals(3.0f * x[i] + y[i], got[i], "i = " + i);
            }
        }
    }

    @Test
    void conversionIntrinsicsMatchJavaCasts() {
        double[] d = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, -1e300, -0.0, 0.0,
                2147483647.9, 2147483648.0, -2147483648.9, -2147483649.0, 9.3e18, -9.3e18, 9223372036854775807.0,
                -9223372036854775808.0, 1.9999, -1.9999, 0.5, -0.5, 4.9e-324, 123456789.75};
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        f[7] = 2147483520f;
        f[8] = Float.MIN_VALUE;
        f[19] = Float.intBitsToFloat(0x7fc01234); // a NaN with a payload
        int n = d.length;
        DeviceKernel k = sim.load(CONVERSIONS, "conversions", List.of());
        int[] d2i = new int[n];
        long[] d2ll = new long[n];
        int[] f2i = new int[n];
        long[] f2ll = new long[n];
        long[] dbits = new long[n];
        int[] fbits = new int[n];
        double[] dback = new double[n];
        float[] fback = new float[n];
        DeviceBuffer[] b = new DeviceBuffer[10];
        long[] sizes = {4, 8, 4, 8, 8, 4, 8, 4, 8, 4};
        for (int i = 0; i < b.length; i++) {
            b[i] = sim.allocate(sizes[i] * n);
        }
        try {
            sim.upload(d, b[8]);
            sim.upload(f, b[9]);
            sim.launch(k, new int[] {1, 1, 1}, new int[] {8, 1, 1},
                    List.of(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], n));
            sim.download(b[0], d2i);
            sim.download(b[1], d2ll);
            sim.download(b[2], f2i);
            sim.download(b[3], f2ll);
            sim.download(b[4], dbits);
            sim.download(b[5], fbits);
            sim.download(b[6], dback);
            sim.download(b[7], fback);
        } finally {
            for (DeviceBuffer buffer : b) {
                buffer.close();
            }
        }
        for (int i = 0; i < n; i++) {
            String at = "d = " + d[i] + ", f = " + f[i];
            assertEquals((int) d[i], d2i[i], "__double2int_rz " + at);
            assertEquals((long) d[i], d2ll[i], "__double2ll_rz " + at);
            assertEquals((int) f[i], f2i[i], "__float2int_rz " + at);
            assertEquals((long) f[i], f2ll[i], "__float2ll_rz " + at);
            assertEquals(Double.doubleToRawLongBits(d[i]), dbits[i], "__double_as_longlong " + at);
            assertEquals(Float.floatToRawIntBits(f[i]), fbits[i], "__float_as_int " + at);
            assertEquals(dbits[i], Double.doubleToRawLongBits(dback[i]), "__longlong_as_double " + at);
            assertEquals(fbits[i], Float.floatToRawIntBits(fback[i]), "__int_as_float " + at);
        }
    }

    @Test
    void mathResolvesLikeDeviceCode() {
        // sin(float) must be the float overload, as in CUDA; sin(double) the double one.
        String src = String.join("\n",
                "extern \"C\" __global__ void mathk(double* out, float* outf, double x, float y) {",
                "    out[0] = sin(x); outf[0] = sin(y); out[1] = sin(y);",
                "    out[2] = pow(x, 3.0); out[3] = hypot(x, 2.0); out[4] = atan2(x, -1.0); out[5] = cbrt(-27.0);",
                "    out[6] = isnan(x) + 2 * isinf(x) + 4 * signbit(-x); out[7] = fmin(x, 0.25) + fmax(x, 0.25);",
                "    outf[1] = sqrtf(y) + fabsf(-y); outf[2] = fabs(-y); out[8] = expm1(1e-10) + log1p(1e-10);",
                "}");
        DeviceKernel k = sim.load(src, "mathk", List.of());
        try (DeviceBuffer out = sim.allocate(8 * 9); DeviceBuffer outf = sim.allocate(4 * 3)) {
            sim.launch(k, new int[] {1, 1, 1}, new int[] {1, 1, 1}, List.of(out, outf, 0.7, 0.7f));
            double[] o = new double[9];
            float[] of = new float[3];
            sim.download(out, o);
            sim.download(outf, of);
            assertEquals(Math.sin(0.7), o[0]);
            assertEquals((float) Math.sin(0.7f), of[0], Math.ulp(of[0]));
            assertEquals(Math.pow(0.7, 3.0), o[2]);
            assertEquals(Math.hypot(0.7, 2.0), o[3], 1e-15);
            assertEquals(Math.atan2(0.7, -1.0), o[4], 1e-15);
            assertEquals(-3.0, o[5]);
            assertEquals(4.0, o[6]);
            assertEquals(0.95, o[7], 1e-15);
            assertEquals((float) Math.sqrt(0.7f) + 0.7f, of[1], 1e-6f);
            assertEquals(0.7f, of[2]);
            assertEquals(2e-10, o[8], 1e-24);
        }
    }

    @Test
    void compileErrorsCarryLogSourceAndSavedFile() {
        String bad = "extern \"C\" __global__ void bad(int* out) { out[0] = missing_name_7; }";
        KernelCompileException e = assertThrows(KernelCompileException.class, () -> sim.load(bad, "bad", List.of("#define Q 1")));
        assertTrue(e.log().contains("missing_name_7"), e.log());
        assertTrue(e.source().startsWith("#define Q 1\n"), e.source());
        String marker = "source saved at ";
        String msg = e.getMessage();
        String saved = msg.substring(msg.indexOf(marker) + marker.length(), msg.indexOf(')', msg.indexOf(marker)));
        assertTrue(Files.isRegularFile(Path.of(saved)), saved);
    }

    @Test
    void buffersCheckTheirUse() {
        DeviceBuffer b = sim.allocate(16);
        assertEquals(16, b.bytes());
        assertSame(sim, b.owner());
        assertThrows(dev.gridforge.runtime.DeviceMemoryException.class, () -> sim.upload(new double[3], b));
        sim.upload(new long[] {5, 6}, b);
        long[] back = new long[2];
        sim.download(b, back);
        assertArrayEquals(new long[] {5, 6}, back);
        b.close();
        b.close();
        assertTrue(b.isClosed());
        assertThrows(IllegalStateException.class, () -> sim.download(b, back));
        assertThrows(IllegalArgumentException.class, () -> sim.allocate(-1));
        try (DeviceBuffer empty = sim.allocate(0)) { // an empty field's buffer, as cuda allows
            assertEquals(0, empty.bytes());
        }
        assertThrows(IllegalArgumentException.class, () -> sim.load(SAXPY, "not an identifier", List.of()));
    }

    /**
     * Fields declared GF_IN / GF_OUT, as generated kernels declare them, check every access: a
     * write far past the end (the kind of index bug that used to crash the JVM) is not performed
     * and is reported with the kernel, the thread, the element and the field's size.
     */
    @Test
    void anAccessOutsideAFieldIsReportedWithItsThread() {
        String source = String.join("\n",
                "extern \"C\" __global__ void stray(GF_OUT(double) out, GF_IN(double) in, int n, long long stride) {",
                "    int i = blockIdx.x * blockDim.x + threadIdx.x;",
                "    if (i < n) {",
                "        out[i * stride] = in[i] + 1.0;",
                "    }",
                "}");
        DeviceKernel k = sim.load(source, "stray", List.of());
        DeviceBuffer out = sim.allocate(8 * 10);
        DeviceBuffer in = sim.allocate(8 * 10);
        sim.upload(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, in);
        sim.launch(k, new int[] {2, 1, 1}, new int[] {8, 1, 1}, List.of(out, in, 10, 1L));
        double[] back = new double[10];
        sim.download(out, back);
        assertEquals(10.0, back[9], "in bounds, every element written");
        dev.gridforge.runtime.GridforgeException e = assertThrows(dev.gridforge.runtime.GridforgeException.class,
                () -> sim.launch(k, new int[] {2, 1, 1}, new int[] {8, 1, 1}, List.of(out, in, 10, 1000000L)));
        assertTrue(e.getMessage().startsWith("[SimBounds] kernel 'stray': thread (1, 0, 0) of block (0, 0, 0) wrote element"
                + " 1000000 of parameter 0 (a field of 10 elements)"), e.getMessage());
        out.close();
        in.close();
    }

    /** Closing a buffer that a launch on another thread is reading frees it only when the launch is done. */
    @Test
    void closingABufferInUseByALaunchWaitsForIt(@org.junit.jupiter.api.io.TempDir Path cache) throws Exception {
        CudaSimulator sim = new CudaSimulator(cache); // its own memory count, whatever other tests leave to the cleaner
        String slow = String.join("\n",
                "extern \"C\" __global__ void slowsum(GF_OUT(double) out, GF_IN(double) in, long long rounds) {",
                "    double s = 0;",
                "    for (long long r = 0; r < rounds; r++) s += in[r % 4];",
                "    out[0] = s;",
                "}");
        DeviceKernel k = sim.load(slow, "slowsum", List.of());
        DeviceBuffer in = sim.allocate(32);
        DeviceBuffer out = sim.allocate(8);
        sim.upload(new double[] {1, 2, 3, 4}, in);
        long liveBefore = sim.liveBytes();
        java.util.concurrent.CompletableFuture<Void> launch = java.util.concurrent.CompletableFuture.runAsync(
                () -> sim.launch(k, new int[] {1, 1, 1}, new int[] {1, 1, 1}, List.of(out, in, 400_000_000L)));
        Thread.sleep(100);
        in.close(); // while the launch reads it: must not be freed under it
        assertTrue(in.isClosed());
        assertTrue(!launch.isDone(), "the launch is still running (400 million reads)");
        assertEquals(liveBefore, sim.liveBytes(), "not freed while the launch uses it");
        launch.get(60, java.util.concurrent.TimeUnit.SECONDS);
        double[] sum = new double[1];
        sim.download(out, sum);
        assertEquals(1e9, sum[0], "the launch finished with the memory intact");
        assertEquals(liveBefore - 32, sim.liveBytes(), "and freed it afterwards");
        assertThrows(IllegalStateException.class, () -> sim.upload(new double[4], in));
        out.close();
    }

    /** Dropped buffers are found without close(): the simulator asks for a collection when native memory keeps growing. */
    @Test
    void droppedBuffersDoNotPileUp(@org.junit.jupiter.api.io.TempDir Path cache) {
        CudaSimulator sim = new CudaSimulator(cache);
        long before = sim.liveBytes();
        for (int i = 0; i < 200; i++) {
            sim.allocate(8L << 20); // 1.6 GB in all, never closed
        }
        assertTrue(sim.liveBytes() - before < 1L << 30, "live after dropping 1.6 GB: " + (sim.liveBytes() - before));
    }

    @Test
    void badLaunchArgumentsAreNamed() {
        DeviceKernel k = sim.load(SAXPY, "saxpy", List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sim.launch(k, new int[] {1, 1, 1}, new int[] {1, 1, 1}, List.of("text")));
        assertTrue(e.getMessage().contains("argument 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sim.launch(k, new int[] {0, 1, 1}, new int[] {1, 1, 1}, List.of()));
        // too few arguments: refused before the kernel could read past them (this aborted the JVM before)
        try (DeviceBuffer y = sim.allocate(32)) {
            IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                    () -> sim.launch(k, new int[] {1, 1, 1}, new int[] {8, 1, 1}, List.of(y, 2.0f)));
            assertTrue(few.getMessage().contains("kernel 'saxpy' takes 4 arguments, got 2"), few.getMessage());
        }
    }

    @Test
    void twoThreadsMayLaunchAtOnce() throws Exception {
        DeviceKernel k = sim.load(SAXPY, "saxpy", List.of());
        int n = 20000;
        java.util.concurrent.Callable<float[]> job = () -> {
            float[] last = null;
            for (int round = 0; round < 5; round++) {
                try (DeviceBuffer dx = sim.allocate(4L * n); DeviceBuffer dy = sim.allocate(4L * n)) {
                    float[] x = new float[n];
                    java.util.Arrays.fill(x, 1.5f);
                    sim.upload(x, dx);
                    sim.upload(new float[n], dy);
                    sim.launch(k, new int[] {7, 1, 1}, new int[] {64, 1, 1}, List.of(dy, dx, 2.0f, n));
                    last = new float[n];
                    sim.download(dy, last);
                }
            }
            return last;
        };
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<float[]>> results = pool.invokeAll(List.of(job, job));
            for (java.util.concurrent.Future<float[]> r : results) {
                float[] got = r.get();
                for (int i = 0; i < n; i++) {
                    assertEquals(3.0f, got[i], "i = " + i);
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aForgottenBufferCanBeCollected() throws InterruptedException {
        java.lang.ref.WeakReference<DeviceBuffer> ref = new java.lang.ref.WeakReference<>(sim.allocate(1 << 20));
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(ref.get() == null, "the cleaner must not keep the buffer reachable");
    }

    @Test
    void aMissingCompilerIsNamed() {
        String previous = System.getProperty(SimCompiler.CXX_PROPERTY);
        System.setProperty(SimCompiler.CXX_PROPERTY, "/nonexistent/g++");
        try {
            String fresh = SAXPY + "\n// " + System.nanoTime();
            dev.gridforge.runtime.GridforgeException e = assertThrows(dev.gridforge.runtime.GridforgeException.class,
                    () -> new CudaSimulator().load(fresh, "saxpy", List.of()));
            assertTrue(e.getMessage().contains("needs a C++ compiler"), e.getMessage());
            assertTrue(e.getMessage().contains("/nonexistent/g++"), e.getMessage());
        } finally {
            if (previous == null) {
                System.clearProperty(SimCompiler.CXX_PROPERTY);
            } else {
                System.setProperty(SimCompiler.CXX_PROPERTY, previous);
            }
        }
    }

    /** Downloads of 256 KiB and more go through two staging slots in 4 MiB chunks: sizes around the chunk edges, every element type. */
    @Test
    void largeDownloadsArriveWholeThroughTheStagingSlots() {
        SplittableRandom random = new SplittableRandom(21);
        for (int n : new int[] {32_768, 524_287, 524_288, 524_289, 1_400_001}) {
            double[] d = random.doubles(n, -1e3, 1e3).toArray();
            float[] f = new float[n];
            long[] l = new long[n];
            int[] i = new int[n];
            for (int k = 0; k < n; k++) {
                f[k] = (float) random.nextDouble(-1, 1);
                l[k] = random.nextLong();
                i[k] = random.nextInt();
            }
            for (Object a : new Object[] {d, f, l, i}) {
                int bytes = (int) (Array.getLength(a) * ElementType.ofArray(a).bytes());
                try (DeviceBuffer b = sim.allocate(bytes + 64)) {
                    sim.upload(a, b);
                    Object back = ElementType.ofArray(a).newArray(n);
                    sim.download(b, back);
                    assertTrue(Objects.deepEquals(a, back), a.getClass().getSimpleName() + " of " + n);
                }
            }
        }
    }
}
