package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.CudaDeviceScope;
import dev.gridforge.runtime.CudaUnavailableException;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.PinnedBuffer;
import dev.gridforge.runtime.Ring;
import dev.gridforge.runtime.TimeLoop;
import dev.gridforge.runtime.cuda.Cuda;
import dev.gridforge.runtime.spi.Accelerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Generated kernels on a chosen CUDA device ({@code Gridforge.onCudaDevice}): on the GPU with the
 * gpu tag, the last device the driver sees computes what the JVM does, what is made there stays
 * there after the scope (fields, a time loop and its frames), threads on every device at once
 * agree with the JVM, and an ordinal past the last is refused naming the count. Without a GPU, a
 * scope leaves the JVM and simulator backends as they are.
 */
@SuppressWarnings("try") // scopes opened only to be closed
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CudaDevicesTest {
    private static final String KERNELS = """
            @Stencil(boundary = Boundary.PERIODIC)
            static double diffuse(Grid2 u, @Const double a) {
                return u.at(0, 0) + a * (u.at(1, 0) + u.at(-1, 0) + u.at(0, 1) + u.at(0, -1) - 4 * u.at(0, 0));
            }
            """;
    private static final Class<?>[] DIFFUSE = {DoubleField.class, double.class};
    private static final Class<?>[] DIFFUSE_INTO = {DoubleField.class, DoubleField.class, double.class};
    private static final int NX = 37;
    private static final int NY = 23;

    private Class<?> launchers;
    private final Random random = new Random(20261202);

    @BeforeAll
    void compile() throws Exception {
        Compilation c = Compiler.compile(Compiler.kernelClass(KERNELS));
        assertTrue(c.errors().isEmpty(), c.errors().toString());
        launchers = Compiler.loader(c).loadClass("test.KKernels");
    }

    private DoubleField diffuse(Backend backend, DoubleField u, double a) {
        return (DoubleField) Launchers.call(Launchers.on(launchers, backend), "diffuse", DIFFUSE, u, a);
    }

    /** {@code steps} steps of the JVM backend, a new field each. */
    private double[] onTheJvm(double[] initial, int steps) {
        DoubleField u = DoubleField.of(initial.clone(), NX, NY);
        for (int s = 0; s < steps; s++) {
            u = diffuse(Backend.JVM, u, 0.1);
        }
        return u.toArray();
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void aDeviceScopeLeavesTheOtherBackendsAsTheyAre(Backend backend) {
        Launchers.needs(backend);
        double[] initial = random.doubles(NX * NY, -1, 1).toArray();
        TimeLoop loop;
        Ring<DoubleField> u;
        try (CudaDeviceScope three = Gridforge.onCudaDevice(3)) {
            try (DoubleField once = diffuse(backend, DoubleField.of(initial.clone(), NX, NY), 0.1)) {
                assertArrayEquals(onTheJvm(initial, 1), once.toArray(), backend + " inside a scope for device 3");
            }
            loop = TimeLoop.on(backend);
            u = loop.ring("u", DoubleField.of(initial.clone(), NX, NY), 0);
        }
        try (TimeLoop l = loop) {
            Object k = Launchers.on(launchers, backend);
            l.run(9, () -> Launchers.call(k, "diffuseInto", DIFFUSE_INTO, u.next(), u.now(), 0.1));
            assertArrayEquals(onTheJvm(initial, 9), u.now().toArray());
        }
    }

    @Test
    @Tag("gpu")
    void aKernelOnTheLastDeviceEqualsTheJvmAndWhatIsMadeThereStaysThere() {
        int count = Gridforge.cudaDeviceCount();
        assertTrue(count >= 1, "no CUDA device: " + Cuda.unavailableReason());
        int last = count - 1;
        System.out.println("[gpu] " + count + " CUDA device(s); the last: " + Cuda.accelerator(last).describe());
        double[] initial = random.doubles(NX * NY, -1, 1).toArray();
        double[] once = onTheJvm(initial, 1);
        Accelerator lastDevice = Cuda.accelerator(last);
        DoubleField onLast;
        try (CudaDeviceScope scope = Gridforge.onCudaDevice(last)) {
            assertEquals(last, Gridforge.cudaDevice());
            assertSame(lastDevice, Gridforge.accelerator(Backend.CUDA));
            assertSame(lastDevice, Cuda.accelerator());
            String described = Gridforge.describe(Backend.CUDA);
            assertEquals(last != 0, described.contains("(device " + last + ", sm_"), described);
            Object cuda = Launchers.on(launchers, Backend.CUDA);
            Launchers.call(cuda, "prepare", new Class<?>[0]);
            onLast = diffuse(Backend.CUDA, DoubleField.of(initial.clone(), NX, NY), 0.1);
            assertSame(lastDevice, onLast.deviceBuffer().orElseThrow().owner(), "the result lives on the scope's device");
            assertArrayEquals(once, onLast.toArray(), "device " + last + " against the JVM");
            double jvmSum = DoubleField.of(once, NX, NY).sum();
            assertEquals(jvmSum, onLast.sum(), 1e-12 * NX * NY, "a reduction on device " + last);
            double ms = Gridforge.deviceMillis(Backend.CUDA, () -> diffuse(Backend.CUDA, onLast, 0.1).close());
            assertTrue(ms >= 0, "deviceMillis on device " + last + ": " + ms);
            try (PinnedBuffer host = PinnedBuffer.allocate(Backend.CUDA, 8L * NX * NY)) {
                onLast.copyTo(host);
                double[] back = new double[NX * NY];
                host.doubles().get(back);
                assertArrayEquals(once, back, "into pinned memory of device " + last);
            }
            try (DoubleField uploaded = Gridforge.upload(DoubleField.of(initial.clone(), NX, NY), Backend.CUDA)) {
                assertSame(lastDevice, uploaded.deviceBuffer().orElseThrow().owner());
                assertSame(onLast, Gridforge.upload(onLast, Backend.CUDA), "already on the scope's device");
            }
        }
        // After the scope: the field stays on its device, and a launch on this thread's own device reads it from there.
        try (DoubleField kept = onLast) {
            assertSame(lastDevice, kept.deviceBuffer().orElseThrow().owner());
            assertArrayEquals(once, kept.toArray());
            try (DoubleField twice = diffuse(Backend.CUDA, kept, 0.1)) {
                assertSame(Cuda.accelerator(Gridforge.cudaDevice()), twice.deviceBuffer().orElseThrow().owner());
                assertArrayEquals(onTheJvm(initial, 2), twice.toArray(), "device " + last + "'s field read on device "
                        + Gridforge.cudaDevice());
            }
        }
        // A time loop made on the last device keeps it: run outside the scope, with frames taken on its own thread.
        TimeLoop made;
        Ring<DoubleField> u;
        try (CudaDeviceScope scope = Gridforge.onCudaDevice(last)) {
            made = TimeLoop.on(Backend.CUDA);
            u = made.ring("u", DoubleField.of(initial.clone(), NX, NY), 0);
        }
        ConcurrentLinkedQueue<Integer> frameDevices = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> stepDevices = new ConcurrentLinkedQueue<>();
        try (TimeLoop loop = made) {
            assertSame(lastDevice, u.now().deviceBuffer().orElseThrow().owner());
            Object cuda = Launchers.on(launchers, Backend.CUDA);
            loop.frames(10, frame -> frameDevices.add(Gridforge.cudaDevice()), u);
            loop.run(150, () -> {
                stepDevices.add(Gridforge.cudaDevice());
                Launchers.call(cuda, "diffuseInto", DIFFUSE_INTO, u.next(), u.now(), 0.1);
            });
            assertArrayEquals(onTheJvm(initial, 150), u.now().toArray(), "a loop on device " + last + " run outside its scope");
            assertTrue(loop.replays() > 0, "its steps were recorded and replayed on device " + last);
        }
        assertEquals(15, frameDevices.size());
        assertTrue(frameDevices.stream().allMatch(d -> d == last), "frames ran on the loop's device: " + frameDevices);
        assertTrue(stepDevices.stream().allMatch(d -> d == last), "steps ran on the loop's device: " + stepDevices);
        // One past the last device: refused, naming how many there are.
        try (CudaDeviceScope none = Gridforge.onCudaDevice(count)) {
            CudaUnavailableException e = assertThrows(CudaUnavailableException.class,
                    () -> diffuse(Backend.CUDA, DoubleField.of(initial.clone(), NX, NY), 0.1));
            assertTrue(e.getMessage().startsWith("There is no CUDA device " + count + ": the CUDA driver sees " + count + " device"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("CUDA_VISIBLE_DEVICES"), e.getMessage());
            assertThrows(CudaUnavailableException.class, () -> TimeLoop.on(Backend.CUDA));
        }
    }

    @Test
    @Tag("gpu")
    void threadsOnEveryDeviceAtOnceAgreeWithTheJvm() throws Exception {
        int count = Gridforge.cudaDeviceCount();
        assertTrue(count >= 1, "no CUDA device: " + Cuda.unavailableReason());
        int threads = Math.max(4, count);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int device = t % count;
                long seed = 100 + t;
                done.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    try (CudaDeviceScope scope = Gridforge.onCudaDevice(device)) {
                        for (int round = 0; round < 10; round++) {
                            double[] initial = r.doubles(NX * NY, -1, 1).toArray();
                            try (DoubleField once = diffuse(Backend.CUDA, DoubleField.of(initial.clone(), NX, NY), 0.1);
                                 DoubleField twice = diffuse(Backend.CUDA, once, 0.1)) {
                                assertSame(Cuda.accelerator(device), twice.deviceBuffer().orElseThrow().owner());
                                assertArrayEquals(onTheJvm(initial, 2), twice.toArray(), "device " + device + ", round " + round);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
