package dev.gridforge.runtime.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.FloatField;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.IntField;
import dev.gridforge.runtime.LongField;
import dev.gridforge.runtime.Shape;
import dev.gridforge.runtime.spi.Accelerator;
import dev.gridforge.runtime.spi.DeviceBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The reductions of device fields, on the device backend a subclass names: the same checks as on the host. */
abstract class DeviceReductionChecks extends ReductionChecks {

    static DeviceBuffer upload(Backend backend, Object array, int n, ElementType type) {
        Accelerator acc = Gridforge.accelerator(backend);
        DeviceBuffer b = acc.allocate(Math.max(1L, (long) n * type.bytes()));
        if (n > 0) {
            acc.upload(array, b);
        }
        return b;
    }

    abstract Backend onBackend();

    @Override
    DoubleField doubles(double[] a) {
        return DoubleField.onDevice(upload(onBackend(), a, a.length, ElementType.DOUBLE), Shape.of(a.length), onBackend());
    }

    @Override
    FloatField floats(float[] a) {
        return FloatField.onDevice(upload(onBackend(), a, a.length, ElementType.FLOAT), Shape.of(a.length), onBackend());
    }

    @Override
    IntField ints(int[] a) {
        return IntField.onDevice(upload(onBackend(), a, a.length, ElementType.INT), Shape.of(a.length), onBackend());
    }

    @Override
    LongField longs(long[] a) {
        return LongField.onDevice(upload(onBackend(), a, a.length, ElementType.LONG), Shape.of(a.length), onBackend());
    }

    /** The bench times a DeviceSum's passes alone: they leave sum()'s value, bit for bit, however often launched. */
    @Test
    void aDeviceSumMadeOnceGivesTheSumBitForBit() {
        double[] a = new SplittableRandom(7).doubles(100_003, -1, 1).toArray();
        try (DoubleField f = doubles(a); DeviceSum s = DeviceSum.of(f)) {
            IllegalStateException early = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, s::value);
            assertEquals("no reduction launched yet", early.getMessage());
            s.launch();
            double once = s.value();
            s.launch();
            s.launch();
            assertEquals(Double.doubleToLongBits(f.sum()), Double.doubleToLongBits(once));
            assertEquals(Double.doubleToLongBits(once), Double.doubleToLongBits(s.value()));
        }
        IllegalArgumentException host = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DeviceSum.of(DoubleField.of(a, a.length)));
        assertTrue(host.getMessage().contains("is on the host: DeviceSum reduces a field on a device"), host.getMessage());
    }

    @Test
    void aMultiAxisFieldIsReducedWhole() {
        double[] a = new SplittableRandom(18).doubles(6 * 7 * 8 * 9, 0, 1).toArray();
        double seq = 0;
        for (double v : a) {
            seq += v;
        }
        Shape shape = Shape.of(6, 7, 8, 9);
        try (DoubleField f = DoubleField.onDevice(upload(onBackend(), a, a.length, ElementType.DOUBLE), shape, onBackend())) {
            assertTrue(Math.abs(f.sum() - seq) <= bound(a.length, seq));
            assertEquals(DoubleField.of(a, shape).max(), f.max());
        }
    }
}
