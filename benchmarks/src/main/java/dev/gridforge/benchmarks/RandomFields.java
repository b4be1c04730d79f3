package dev.gridforge.benchmarks;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.FloatField;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.IntField;
import dev.gridforge.runtime.LongField;
import dev.gridforge.runtime.Shape;
import java.util.stream.IntStream;

/**
 * Inputs of a benchmark: deterministic random values, the same for the same seed on every
 * machine, never zero (a kernel fed zeros can take shortcuts, and NaN-free data keeps every
 * backend on its common path): floating values in [0.5, 1.5), or, for an array view (weights,
 * coefficients, a mask), of either sign, magnitude in [0.5, 1.5), so that sums over them cancel
 * as trained weights do (all positive, a network's tanh saturates and takes its shortcut);
 * integers in [1, 100]. Filled on the host over the cores, then placed where the backend computes.
 */
public final class RandomFields {
    private RandomFields() {
    }

    /** A range of random values: [lo, hi) for floating types, lo to hi for integers. */
    public record Range(double lo, double hi) {
    }

    public static Field random(ElementType type, Shape shape, long seed, Backend backend) {
        return random(type, shape, seed, backend, null, false);
    }

    /** Floating values of either sign where {@code signed}: what an array view is given. */
    public static Field random(ElementType type, Shape shape, long seed, Backend backend, boolean signed) {
        return random(type, shape, seed, backend, null, signed);
    }

    /** Values in {@code range}, or (null) the default ones, of either sign where {@code signed}. */
    public static Field random(ElementType type, Shape shape, long seed, Backend backend, Range range, boolean signed) {
        int n = shape.size();
        Field host = switch (type) {
            case DOUBLE -> {
                double[] a = new double[n];
                IntStream.range(0, n).parallel().forEach(i -> a[i] = real(seed, i, range, signed));
                yield DoubleField.of(a, shape);
            }
            case FLOAT -> {
                float[] a = new float[n];
                IntStream.range(0, n).parallel().forEach(i -> a[i] = (float) real(seed, i, range, signed));
                yield FloatField.of(a, shape);
            }
            case INT -> {
                int[] a = new int[n];
                IntStream.range(0, n).parallel().forEach(i -> a[i] = (int) integral(seed, i, range));
                yield IntField.of(a, shape);
            }
            case LONG -> {
                long[] a = new long[n];
                IntStream.range(0, n).parallel().forEach(i -> a[i] = integral(seed, i, range));
                yield LongField.of(a, shape);
            }
        };
        return place(host, backend);
    }

    /** A field of zeros (the results, before a launch writes them), where {@code backend} computes. */
    public static Field zeros(ElementType type, Shape shape, Backend backend) {
        Field host = Field.onHost(type, type.newArray(shape.size()), shape);
        return place(host, backend);
    }

    private static Field place(Field host, Backend backend) {
        Field placed = Gridforge.upload(host, backend);
        if (placed != host) {
            host.close();
        }
        return placed;
    }

    /** In [0.5, 1.5), negated for half the points where {@code signed} (the sign from another draw). */
    static double real(long seed, long i, Range range, boolean signed) {
        if (range != null) {
            return range.lo() + (range.hi() - range.lo()) * unit(seed, i);
        }
        double v = 0.5 + unit(seed, i);
        return signed && unit(~seed, i) < 0.5 ? -v : v;
    }

    /** From lo to hi (default 1 to 100), both included. */
    static long integral(long seed, long i, Range range) {
        long lo = range == null ? 1 : (long) range.lo();
        long hi = range == null ? 100 : (long) range.hi();
        return lo + (long) (unit(seed, i) * (hi - lo + 1));
    }

    /** SplitMix64 of (seed, i), as a double in [0, 1). */
    static double unit(long seed, long i) {
        long z = seed * 0x9E3779B97F4A7C15L + (i + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
