package dev.gridforge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.gridforge.runtime.cuda.Cuda;
import dev.gridforge.runtime.sim.CudaSimulator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The calling thread's CUDA device ({@link Gridforge#onCudaDevice}, {@link Gridforge#cudaDevice}):
 * scopes only record the choice, so all of this runs without a GPU.
 */
@SuppressWarnings("try") // scopes opened only to be closed
@ResourceLock(Gridforge.CUDA_DEVICE_PROPERTY)
class CudaDeviceScopeTest {

    @AfterEach
    void restore() {
        System.clearProperty(Gridforge.CUDA_DEVICE_PROPERTY);
    }

    /** Device 0 unless this machine's environment says otherwise. */
    private static int processDefault() {
        return Gridforge.defaultCudaDevice(null, System.getenv(Gridforge.CUDA_DEVICE_ENV));
    }

    @Test
    void withoutAScopeAThreadUsesTheProcessDefault() {
        assertEquals(processDefault(), Gridforge.cudaDevice());
        assertEquals(0, Gridforge.defaultCudaDevice(null, null));
        assertEquals(0, Gridforge.defaultCudaDevice(" ", ""));
    }

    @Test
    void scopesNestAndEachCloseRestoresTheDeviceBeforeIt() {
        int before = Gridforge.cudaDevice();
        try (CudaDeviceScope two = Gridforge.onCudaDevice(2)) {
            assertEquals(2, two.ordinal());
            assertEquals(2, Gridforge.cudaDevice());
            try (CudaDeviceScope three = Gridforge.onCudaDevice(3)) {
                assertEquals(3, Gridforge.cudaDevice());
                try (CudaDeviceScope zero = Gridforge.onCudaDevice(0)) {
                    assertEquals(0, Gridforge.cudaDevice());
                    try (CudaDeviceScope again = Gridforge.onCudaDevice(3)) {
                        assertEquals(3, Gridforge.cudaDevice());
                    }
                    assertEquals(0, Gridforge.cudaDevice());
                }
                assertEquals(3, Gridforge.cudaDevice());
            }
            assertEquals(2, Gridforge.cudaDevice());
        }
        assertEquals(before, Gridforge.cudaDevice());
    }

    @Test
    void aScopeClosedTwiceRestoresOnce() {
        CudaDeviceScope one = Gridforge.onCudaDevice(1);
        CudaDeviceScope four = Gridforge.onCudaDevice(4);
        four.close();
        four.close();
        assertEquals(1, Gridforge.cudaDevice());
        one.close();
        one.close();
        assertEquals(processDefault(), Gridforge.cudaDevice());
        assertTrue(one.toString().contains("device 1") && one.toString().contains("closed"), one.toString());
    }

    @Test
    void closingOutOfOrderIsRefusedAndChangesNothing() {
        CudaDeviceScope outer = Gridforge.onCudaDevice(1);
        CudaDeviceScope inner = Gridforge.onCudaDevice(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
        assertTrue(e.getMessage().contains("CUDA device 1") && e.getMessage().contains("device 2")
                && e.getMessage().contains("innermost first"), e.getMessage());
        assertEquals(2, Gridforge.cudaDevice(), "a refused close leaves the scopes as they were");
        inner.close();
        assertEquals(1, Gridforge.cudaDevice());
        outer.close();
        assertEquals(processDefault(), Gridforge.cudaDevice());
    }

    @Test
    void closingFromAnotherThreadIsRefused() throws Exception {
        try (CudaDeviceScope mine = Gridforge.onCudaDevice(3)) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread other = new Thread(() -> {
                try {
                    mine.close();
                } catch (Throwable t) {
                    thrown.set(t);
                }
            }, "some-other-thread");
            other.start();
            other.join(10_000);
            Throwable t = thrown.get();
            assertTrue(t instanceof IllegalStateException, String.valueOf(t));
            assertTrue(t.getMessage().contains("'some-other-thread'") && t.getMessage().contains("'" + Thread.currentThread().getName() + "'"),
                    t.getMessage());
            assertEquals(3, Gridforge.cudaDevice(), "still open on its own thread");
        }
        assertEquals(processDefault(), Gridforge.cudaDevice());
    }

    @Test
    void otherThreadsAreNotAffected() throws Exception {
        CountDownLatch otherOpened = new CountDownLatch(1);
        CountDownLatch mainChecked = new CountDownLatch(1);
        try (CudaDeviceScope mine = Gridforge.onCudaDevice(5)) {
            CompletableFuture<int[]> other = CompletableFuture.supplyAsync(() -> {
                int outside = Gridforge.cudaDevice();
                try (CudaDeviceScope theirs = Gridforge.onCudaDevice(6)) {
                    otherOpened.countDown();
                    await(mainChecked);
                    return new int[] {outside, Gridforge.cudaDevice()};
                }
            });
            assertTrue(otherOpened.await(10, TimeUnit.SECONDS));
            assertEquals(5, Gridforge.cudaDevice(), "another thread's scope does not change this thread's device");
            mainChecked.countDown();
            int[] seen = other.get(10, TimeUnit.SECONDS);
            assertEquals(processDefault(), seen[0], "this thread's scope does not change another's device");
            assertEquals(6, seen[1]);
            assertEquals(5, Gridforge.cudaDevice());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theDefaultComesFromThePropertyAndAScopeWinsOverIt() {
        System.setProperty(Gridforge.CUDA_DEVICE_PROPERTY, "2");
        assertEquals(2, Gridforge.cudaDevice());
        try (CudaDeviceScope one = Gridforge.onCudaDevice(1)) {
            assertEquals(1, Gridforge.cudaDevice());
        }
        assertEquals(2, Gridforge.cudaDevice());
        System.setProperty(Gridforge.CUDA_DEVICE_PROPERTY, " 3 ");
        assertEquals(3, Gridforge.cudaDevice());
        System.setProperty(Gridforge.CUDA_DEVICE_PROPERTY, "");
        assertEquals(processDefault(), Gridforge.cudaDevice(), "a blank property is not set");
        assertEquals(4, Gridforge.defaultCudaDevice(null, "4"), "the environment variable, when the property is not set");
        assertEquals(1, Gridforge.defaultCudaDevice("1", "4"), "the property wins over the environment variable");
    }

    @Test
    void aBadPropertyValueNamesThePropertyAndTheValue() {
        for (String bad : new String[] {"gpu1", "-1", "1.5", "0x1", "99999999999", "cuda:0"}) {
            System.setProperty(Gridforge.CUDA_DEVICE_PROPERTY, bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Gridforge::cudaDevice, bad);
            assertTrue(e.getMessage().contains("system property gridforge.cuda.device") && e.getMessage().contains("'" + bad + "'"),
                    e.getMessage());
            try (CudaDeviceScope scoped = Gridforge.onCudaDevice(1)) {
                assertEquals(1, Gridforge.cudaDevice(), "inside a scope the default is not read");
            }
        }
        IllegalArgumentException env = assertThrows(IllegalArgumentException.class, () -> Gridforge.defaultCudaDevice(null, "two"));
        assertTrue(env.getMessage().contains("environment variable GRIDFORGE_CUDA_DEVICE") && env.getMessage().contains("'two'"),
                env.getMessage());
    }

    @Test
    void aNegativeOrdinalIsRefused() {
        int before = Gridforge.cudaDevice();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gridforge.onCudaDevice(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertEquals(before, Gridforge.cudaDevice());
        assertThrows(IllegalArgumentException.class, () -> Cuda.accelerator(-1));
    }

    @Test
    void theDeviceCountNeverThrowsAndIsZeroWithoutCuda() {
        int count = Gridforge.cudaDeviceCount();
        if (Cuda.isAvailable()) {
            assertTrue(count >= 1, "CUDA is available with " + count + " devices");
        } else {
            assertEquals(0, count);
        }
        assertEquals(count, Cuda.deviceCount());
    }

    @Test
    void device5WithoutCudaThrowsCudaUnavailableNamingTheDevice() {
        assumeFalse(Cuda.isAvailable(), "CUDA is available here");
        try (CudaDeviceScope five = Gridforge.onCudaDevice(5)) {
            assertEquals(5, Gridforge.cudaDevice());
            CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> Gridforge.accelerator(Backend.CUDA));
            assertTrue(e.getMessage().startsWith("The CUDA backend was requested on CUDA device 5 (Gridforge.onCudaDevice) but cannot run here: ")
                    && e.getMessage().contains(Cuda.unavailableReason()), e.getMessage());
            CudaUnavailableException direct = assertThrows(CudaUnavailableException.class, Cuda::accelerator);
            assertEquals("CUDA device 5 was asked for, but " + Cuda.unavailableReason(), direct.getMessage());
            assertThrows(CudaUnavailableException.class, () -> TimeLoop.on(Backend.CUDA));
            assertThrows(CudaUnavailableException.class, () -> PinnedBuffer.allocate(Backend.CUDA, 8));
            assertThrows(CudaUnavailableException.class, () -> Gridforge.upload(DoubleField.of(new double[] {1}, 1), Backend.CUDA));
            assertThrows(CudaUnavailableException.class, () -> Gridforge.deviceMillis(Backend.CUDA, () -> { }));
            assertThrows(CudaUnavailableException.class, () -> Gridforge.describe(Backend.CUDA));
            assertEquals(0, Gridforge.cudaDeviceCount());
        }
        assertThrows(CudaUnavailableException.class, () -> Cuda.accelerator(5));
    }

    @Test
    void aScopeChangesNothingForTheOtherBackends() {
        Backend auto = Gridforge.resolve(Backend.AUTO);
        try (CudaDeviceScope seven = Gridforge.onCudaDevice(7)) {
            assertEquals(auto, Gridforge.resolve(Backend.AUTO), "a scope does not decide the backend");
            assertEquals("the JVM", Gridforge.describe(Backend.JVM).substring(0, 7));
            if (CudaSimulator.isAvailable()) {
                assertSame(CudaSimulator.shared(), Gridforge.accelerator(Backend.CUDA_SIM));
                try (DoubleField up = Gridforge.upload(DoubleField.of(new double[] {1, 2, 3}, 3), Backend.CUDA_SIM)) {
                    assertEquals(6.0, up.sum());
                }
            }
        }
    }
}
