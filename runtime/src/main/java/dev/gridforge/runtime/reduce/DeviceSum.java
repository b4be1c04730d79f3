package dev.gridforge.runtime.reduce;

import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.ElementType;
import java.util.Objects;

/**
 * {@link DoubleField#sum()} of a device field made ready once: its kernels loaded and its
 * partials allocated, so that {@link #launch()} queues the reduction's passes and nothing else
 * (no allocation, no copy back) and {@link #value()} copies back the sum they left. For timing the
 * reduction's kernels apart from what a call of {@code sum()} adds around them (the bench's
 * "sum (CUDA events)"), and for summing the same field often. The same passes as {@code sum()},
 * so the same value, bit for bit.
 */
public final class DeviceSum implements AutoCloseable {
    private final DeviceReductions.Prepared prepared;

    private DeviceSum(DeviceReductions.Prepared prepared) {
        this.prepared = prepared;
    }

    /** The sum of {@code field}, which must be a non-empty field on a device. */
    public static DeviceSum of(DoubleField field) {
        Objects.requireNonNull(field, "field");
        var buffer = field.deviceBuffer().orElseThrow(() -> new IllegalArgumentException(
                field + " is on the host: DeviceSum reduces a field on a device (DoubleField.sum() reduces either)"));
        if (field.shape().size() == 0) {
            throw new IllegalArgumentException(field + " is empty: there is nothing to reduce on the device");
        }
        return new DeviceSum(new DeviceReductions.Prepared(buffer, ElementType.DOUBLE, field.shape().size(), Reduction.SUM));
    }

    /** Queues the passes; asynchronous, as a launch is. */
    public void launch() {
        prepared.launch();
    }

    /** The sum the last {@link #launch()} computed: waits for it and copies back 8 bytes. */
    public double value() {
        return prepared.result().doubleValue();
    }

    @Override
    public void close() {
        prepared.close();
    }
}
