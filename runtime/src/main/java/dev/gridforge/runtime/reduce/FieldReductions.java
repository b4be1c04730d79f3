package dev.gridforge.runtime.reduce;

import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.FloatField;
import dev.gridforge.runtime.IntField;
import dev.gridforge.runtime.LongField;
import dev.gridforge.runtime.spi.DeviceBuffer;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The reductions behind {@link DoubleField#sum()}, {@link Field#countNonFinite()} and the other
 * fields' {@code sum}, {@code min} and {@code max}: a host field is reduced on every core
 * ({@link HostReductions}), a device field on its device without being downloaded
 * ({@link DeviceReductions}). Each result is deterministic for a given backend and size; what
 * each returns, and how the order of a sum differs from a sequential loop, is in
 * docs/reductions.md. Call the field methods; this class is their one implementation.
 */
public final class FieldReductions {

    private FieldReductions() {
    }

    /** The sum of a double field, accumulated in double. */
    public static double sum(DoubleField f) {
        return real(f, Reduction.SUM);
    }

    /** The sum of a float field, accumulated in double. */
    public static double sum(FloatField f) {
        return real(f, Reduction.SUM);
    }

    /** The sum of an int field, exact. */
    public static long sum(IntField f) {
        return integral(f, Reduction.SUM);
    }

    /** The sum of a long field, wrapping modulo 2^64 as Java's long addition does. */
    public static long sum(LongField f) {
        return integral(f, Reduction.SUM);
    }

    public static double min(DoubleField f) {
        return real(nonEmpty(f, "min"), Reduction.MIN);
    }

    public static double max(DoubleField f) {
        return real(nonEmpty(f, "max"), Reduction.MAX);
    }

    public static float min(FloatField f) {
        return (float) real(nonEmpty(f, "min"), Reduction.MIN);
    }

    public static float max(FloatField f) {
        return (float) real(nonEmpty(f, "max"), Reduction.MAX);
    }

    public static int min(IntField f) {
        return (int) integral(nonEmpty(f, "min"), Reduction.MIN);
    }

    public static int max(IntField f) {
        return (int) integral(nonEmpty(f, "max"), Reduction.MAX);
    }

    public static long min(LongField f) {
        return integral(nonEmpty(f, "min"), Reduction.MIN);
    }

    public static long max(LongField f) {
        return integral(nonEmpty(f, "max"), Reduction.MAX);
    }

    /** How many elements are NaN or infinite: 0 for int and long fields. */
    public static long countNonFinite(Field f) {
        Objects.requireNonNull(f, "field");
        if (f.elementType() == ElementType.INT || f.elementType() == ElementType.LONG) {
            f.deviceBuffer(); // throws when closed, as every reduction does
            return 0;
        }
        return integral(f, Reduction.NON_FINITE);
    }

    private static <F extends Field> F nonEmpty(F f, String what) {
        Objects.requireNonNull(f, "field");
        f.deviceBuffer(); // a closed field: IllegalStateException first
        if (f.shape().size() == 0) {
            throw new NoSuchElementException(f + " is empty: it has no " + what);
        }
        return f;
    }

    private static double real(Field f, Reduction op) {
        Objects.requireNonNull(f, "field");
        DeviceBuffer buffer = f.deviceBuffer().orElse(null);
        int n = f.shape().size();
        if (buffer == null) {
            return HostReductions.reduceReal(f.hostData(), op, true);
        }
        if (n == 0) {
            return 0.0; // sum; min and max of an empty field threw already
        }
        return DeviceReductions.reduce(buffer, f.elementType(), n, op).doubleValue();
    }

    private static long integral(Field f, Reduction op) {
        Objects.requireNonNull(f, "field");
        DeviceBuffer buffer = f.deviceBuffer().orElse(null);
        int n = f.shape().size();
        if (buffer == null) {
            return HostReductions.reduceIntegral(f.hostData(), op, true);
        }
        if (n == 0) {
            return 0; // sum and count; min and max of an empty field threw already
        }
        return DeviceReductions.reduce(buffer, f.elementType(), n, op).longValue();
    }
}
