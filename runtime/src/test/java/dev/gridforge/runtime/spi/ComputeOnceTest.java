package dev.gridforge.runtime.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ComputeOnceTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void concurrentCallersOfOneKeyShareOneComputation() throws Exception {
        ComputeOnce<String, Object> once = new ComputeOnce<>();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Object[] got = new Object[8];
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int slot = i;
            callers.add(start(() -> got[slot] = once.get("k", k -> {
                runs.incrementAndGet();
                await(release);
                return new Object();
            })));
        }
        awaitAllButOneWaiting(callers); // seven wait on the computation of the eighth
        release.countDown();
        for (Thread t : callers) {
            t.join(10_000);
        }
        assertEquals(1, runs.get());
        for (Object o : got) {
            assertSame(got[0], o);
        }
        assertSame(got[0], once.getIfDone("k"));
    }

    /** The point of the class: a slow computation (a compile) holds up nobody who wants another key. */
    @Test
    void aSlowComputationDoesNotHoldUpOtherKeys() throws Exception {
        ComputeOnce<Integer, String> once = new ComputeOnce<>();
        CountDownLatch othersDone = new CountDownLatch(64);
        Future<String> slow = pool.submit(() -> once.get(0, k -> {
            // finishes only after 64 other keys were computed while it was running
            assertTrue(await(othersDone), "other keys were blocked by this computation");
            return "slow";
        }));
        for (int key = 1; key <= 64; key++) {
            int k0 = key;
            pool.submit(() -> {
                once.get(k0, k -> "v" + k);
                othersDone.countDown();
            });
        }
        assertEquals("slow", slow.get(10, TimeUnit.SECONDS));
        assertEquals("v17", once.getIfDone(17));
    }

    @Test
    void aComputationMayAskForOtherKeysButNotForItsOwn() {
        ComputeOnce<Integer, Integer> once = new ComputeOnce<>();
        assertEquals(3, once.get(3, k -> k == 0 ? 0 : once.get(k - 1, k2 -> k2 == 0 ? 0 : once.get(k2 - 1, k3 -> 1) + 1) + 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> once.get(9, k -> once.get(9, k2 -> 1)));
        assertEquals("the value for 9 was asked for while computing it", e.getMessage());
        assertNull(once.getIfDone(9), "a failed computation leaves nothing behind");
    }

    @Test
    void aFailureReachesEveryWaiterAndTheNextCallComputesAgain() throws Exception {
        ComputeOnce<String, String> once = new ComputeOnce<>();
        CountDownLatch release = new CountDownLatch(1);
        IllegalArgumentException boom = new IllegalArgumentException("compile failed");
        AtomicInteger runs = new AtomicInteger();
        Throwable[] thrown = new Throwable[4];
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int slot = i;
            callers.add(start(() -> {
                try {
                    once.get("k", k -> {
                        runs.incrementAndGet();
                        await(release);
                        throw boom;
                    });
                } catch (RuntimeException e) {
                    thrown[slot] = e;
                }
            }));
        }
        awaitAllButOneWaiting(callers);
        release.countDown();
        for (Thread t : callers) {
            t.join(10_000);
        }
        assertEquals(1, runs.get(), "the waiters did not compute again themselves");
        for (Throwable t : thrown) {
            assertSame(boom, t, "waiters get the computation's own exception, not a wrapper");
        }
        assertNull(once.getIfDone("k"));
        assertEquals("again", once.get("k", k -> "again"));
        assertThrows(NullPointerException.class, () -> once.get("null", k -> null));
        assertNull(once.getIfDone("null"));
    }

    private static Thread start(Runnable r) {
        Thread t = new Thread(r);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Until every thread but one (the computing one, blocked on its latch too) is parked waiting. */
    private static void awaitAllButOneWaiting(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4); // within the latch's 5 s
        while (parked(threads) < threads.size() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(threads.size(), parked(threads), "every caller is parked: one on the latch, the others on its computation");
    }

    private static long parked(List<Thread> threads) {
        return threads.stream()
                .filter(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING).count();
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
