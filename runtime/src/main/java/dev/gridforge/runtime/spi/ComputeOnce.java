package dev.gridforge.runtime.spi;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Values computed at most once per key at a time, with the computation run outside any lock:
 * for compiled kernels, where one computation is an NVRTC or g++ run of a fraction of a second
 * to seconds. {@code ConcurrentHashMap.computeIfAbsent} would hold a bin lock for that long
 * (blocking unrelated keys that share the bin) and forbids a computation that touches the same
 * map; here only threads asking for the same key wait, and they wait for the one computation.
 *
 * <p>A computation that throws leaves nothing behind: the threads waiting on it get the same
 * exception, and the next call computes again.
 */
public final class ComputeOnce<K, V> {

    private final ConcurrentHashMap<K, Pending<V>> values = new ConcurrentHashMap<>();

    /**
     * A value being computed, and the thread computing it (a thread must not wait on itself);
     * the thread is forgotten once the value is there, so a long-lived entry does not keep it.
     */
    private static final class Pending<V> extends CompletableFuture<V> {
        volatile Thread computer = Thread.currentThread();
    }

    /**
     * The value for {@code key}: the one already computed, the one another thread is computing
     * (waited for), or {@code compute}'s, run on this thread.
     *
     * @throws NullPointerException if {@code compute} returns null
     */
    public V get(K key, Function<? super K, ? extends V> compute) {
        Objects.requireNonNull(key, "key");
        Pending<V> existing = values.get(key);
        if (existing == null) {
            Pending<V> mine = new Pending<>();
            existing = values.putIfAbsent(key, mine);
            if (existing == null) {
                return computeInto(mine, key, compute);
            }
        }
        if (!existing.isDone() && existing.computer == Thread.currentThread()) {
            throw new IllegalStateException("the value for " + key + " was asked for while computing it");
        }
        return await(existing);
    }

    /** The value for {@code key} if one has been computed, else null; never waits. */
    public V getIfDone(K key) {
        Pending<V> f = values.get(key);
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
    }

    private V computeInto(Pending<V> mine, K key, Function<? super K, ? extends V> compute) {
        try {
            V value = Objects.requireNonNull(compute.apply(key), "computed a null value");
            mine.complete(value);
            return value;
        } catch (Throwable e) { // checked exceptions too, thrown sneakily: no entry may stay pending
            values.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        } finally {
            mine.computer = null;
        }
    }

    private static <V> V await(CompletableFuture<V> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
