package dev.gridforge.runtime.loop;

import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.launch.JvmLoops;
import dev.gridforge.runtime.launch.KernelLoader;
import dev.gridforge.runtime.spi.Accelerator;
import dev.gridforge.runtime.spi.DeviceBuffer;
import dev.gridforge.runtime.spi.DeviceKernel;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds the first element of a field that is not finite (NaN or infinite): the time loop's
 * divergence watchdog. A host field is scanned on every core; a device field by a small kernel
 * on its device ({@code gf_watch.cu}), which reads the field once and copies back 8 bytes. Int
 * and long fields are always finite.
 */
public final class NonFiniteScan implements AutoCloseable {

    private static final String SOURCE = "gf_watch.cu";
    private static final int THREADS = 256;
    private static final int MAX_BLOCKS = 4096;

    private DeviceBuffer result; // 8 bytes on the device of the last device field scanned

    /** The linear index of the first non-finite element, or -1 when every element is finite. */
    public long first(Field f) {
        Objects.requireNonNull(f, "field");
        if (f.elementType() == ElementType.INT || f.elementType() == ElementType.LONG) {
            return -1;
        }
        DeviceBuffer buffer = f.deviceBuffer().orElse(null);
        return buffer == null ? onHost(f.hostData()) : onDevice(buffer, f.elementType(), f.shape().size());
    }

    private static long onHost(Object data) {
        int n = java.lang.reflect.Array.getLength(data);
        AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        int chunk = 1 << 16;
        JvmLoops.forRows((n + chunk - 1) / chunk, (from, to) -> {
            int start = from * chunk;
            int end = (int) Math.min((long) to * chunk, n);
            int found = data instanceof double[] d ? firstNonFinite(d, start, end) : firstNonFinite((float[]) data, start, end);
            if (found >= 0) {
                first.accumulateAndGet(found, Math::min);
            }
        });
        return first.get() == Long.MAX_VALUE ? -1 : first.get();
    }

    private static int firstNonFinite(double[] d, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Double.isFinite(d[i])) {
                return i;
            }
        }
        return -1;
    }

    private static int firstNonFinite(float[] f, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Float.isFinite(f[i])) {
                return i;
            }
        }
        return -1;
    }

    private long onDevice(DeviceBuffer buffer, ElementType type, int n) {
        Accelerator acc = buffer.owner();
        if (result != null && result.owner() != acc) {
            result.close();
            result = null;
        }
        if (result == null) {
            result = acc.allocate(8);
        }
        String entry = type == ElementType.DOUBLE ? "gf_first_nonfinite_f64" : "gf_first_nonfinite_f32";
        DeviceKernel kernel = KernelLoader.load(NonFiniteScan.class, SOURCE, entry, acc, List.of());
        acc.upload(new long[] {n}, result);
        int blocks = (int) Math.max(1, Math.min(MAX_BLOCKS, ((long) n + THREADS - 1) / THREADS));
        acc.launch(kernel, new int[] {blocks, 1, 1}, new int[] {THREADS, 1, 1}, List.of(buffer, (long) n, result));
        long[] first = new long[1];
        acc.download(result, first);
        return first[0] >= n ? -1 : first[0];
    }

    @Override
    public void close() {
        if (result != null) {
            result.close();
            result = null;
        }
    }
}
