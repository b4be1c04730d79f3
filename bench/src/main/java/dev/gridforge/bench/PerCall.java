package dev.gridforge.bench;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.Gridforge;

/** Times of repeated calls on one backend: CUDA events on the GPU (no host overhead), the wall clock elsewhere. */
final class PerCall {
    private PerCall() {
    }

    /** Runs {@code call} {@code warmup} times untimed, waits for the device, then times {@code repeat} calls, in nanoseconds. */
    static long[] time(Backend backend, Runnable call, int warmup, int repeat) {
        for (int i = 0; i < warmup; i++) {
            call.run();
        }
        Gridforge.synchronize();
        long[] nanos = new long[repeat];
        for (int i = 0; i < repeat; i++) {
            nanos[i] = Math.round(Gridforge.deviceMillis(backend, call) * 1e6);
        }
        return nanos;
    }

    /** How {@link #time} measured on {@code backend}, for a measure's name. */
    static String timer(Backend backend) {
        return backend == Backend.CUDA ? "CUDA events" : "wall clock";
    }
}
