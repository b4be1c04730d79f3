package dev.gridforge.runtime.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.FloatField;
import dev.gridforge.runtime.IntField;
import dev.gridforge.runtime.LongField;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The reductions' checks, run on one backend by each subclass (host, simulator, GPU): against a
 * sequential loop, within the bound of docs/reductions.md for floating-point sums and exactly
 * for everything else.
 */
abstract class ReductionChecks {

    /** Sizes around the host's block (16,384) and the device's per-thread and grid steps. */
    int[] sizes() {
        return new int[] {1, 2, 3, 15, 16, 17, 255, 4095, 4096, 4097, 16_383, 16_384, 16_385, 100_003, 1_000_003};
    }

    abstract DoubleField doubles(double[] a);

    abstract FloatField floats(float[] a);

    abstract IntField ints(int[] a);

    abstract LongField longs(long[] a);

    /**
     * The stated bound: both our sum and a sequential loop are within gamma_{n-1} * sum|x| of the
     * exact sum (every term takes part in at most n - 1 additions, each rounding by at most
     * u = 2^-53), so they differ by at most 2 * gamma_{n-1} * sum|x|, below n * 2^-52 * sum|x| for
     * any n a field can have.
     */
    static double bound(int n, double sumAbs) {
        return n * 0x1p-52 * sumAbs;
    }

    @Test
    void doubleSumsAreWithinTheBoundOfASequentialLoop() {
        SplittableRandom r = new SplittableRandom(11);
        for (int n : sizes()) {
            double[] a = new double[n];
            double seq = 0;
            double abs = 0;
            for (int i = 0; i < n; i++) {
                a[i] = (r.nextDouble() - 0.3) * Math.pow(10, r.nextInt(-3, 4));
                seq += a[i];
                abs += Math.abs(a[i]);
            }
            try (DoubleField f = doubles(a)) {
                double s = f.sum();
                assertTrue(Math.abs(s - seq) <= bound(n, abs), "n = " + n + ": " + s + " vs sequential " + seq);
                assertEquals(s, f.sum(), "the same result twice, n = " + n);
            }
        }
    }

    @Test
    void floatSumsAccumulateInDouble() {
        SplittableRandom r = new SplittableRandom(12);
        for (int n : sizes()) {
            float[] a = new float[n];
            double seq = 0; // a sequential loop in double: the terms are exact there
            double abs = 0;
            for (int i = 0; i < n; i++) {
                a[i] = (float) ((r.nextDouble() - 0.4) * 1000);
                seq += a[i];
                abs += Math.abs(a[i]);
            }
            try (FloatField f = floats(a)) {
                double s = f.sum();
                assertTrue(Math.abs(s - seq) <= bound(n, abs), "n = " + n + ": " + s + " vs sequential " + seq);
                assertEquals(s, f.sum());
            }
        }
    }

    @Test
    void integerSumsAreExactAndLongSumsWrap() {
        SplittableRandom r = new SplittableRandom(13);
        for (int n : sizes()) {
            int[] a = new int[n];
            long[] b = new long[n];
            long seqA = 0;
            long seqB = 0;
            for (int i = 0; i < n; i++) {
                a[i] = r.nextInt(); // the full range: a sum in int would overflow
                b[i] = r.nextLong(); // the full range: the sum wraps
                seqA += a[i];
                seqB += b[i];
            }
            try (IntField fa = ints(a); LongField fb = longs(b)) {
                assertEquals(seqA, fa.sum(), "int n = " + n);
                assertEquals(seqB, fb.sum(), "long n = " + n);
            }
        }
        int[] big = new int[3000];
        java.util.Arrays.fill(big, Integer.MAX_VALUE);
        try (IntField f = ints(big)) {
            assertEquals(3000L * Integer.MAX_VALUE, f.sum());
        }
    }

    @Test
    void minAndMaxMatchMathMinAndMax() {
        SplittableRandom r = new SplittableRandom(14);
        for (int n : sizes()) {
            double[] d = new double[n];
            float[] f = new float[n];
            int[] i32 = new int[n];
            long[] i64 = new long[n];
            double dMin = Double.POSITIVE_INFINITY;
            double dMax = Double.NEGATIVE_INFINITY;
            float fMin = Float.POSITIVE_INFINITY;
            float fMax = Float.NEGATIVE_INFINITY;
            int iMin = Integer.MAX_VALUE;
            int iMax = Integer.MIN_VALUE;
            long lMin = Long.MAX_VALUE;
            long lMax = Long.MIN_VALUE;
            for (int k = 0; k < n; k++) {
                d[k] = r.nextGaussian() * 1e6;
                f[k] = (float) r.nextGaussian();
                i32[k] = r.nextInt();
                i64[k] = r.nextLong();
                dMin = Math.min(dMin, d[k]);
                dMax = Math.max(dMax, d[k]);
                fMin = Math.min(fMin, f[k]);
                fMax = Math.max(fMax, f[k]);
                iMin = Math.min(iMin, i32[k]);
                iMax = Math.max(iMax, i32[k]);
                lMin = Math.min(lMin, i64[k]);
                lMax = Math.max(lMax, i64[k]);
            }
            try (DoubleField fd = doubles(d); FloatField ff = floats(f); IntField fi = ints(i32); LongField fl = longs(i64)) {
                assertEquals(dMin, fd.min(), "n = " + n);
                assertEquals(dMax, fd.max(), "n = " + n);
                assertEquals(fMin, ff.min(), "n = " + n);
                assertEquals(fMax, ff.max(), "n = " + n);
                assertEquals(iMin, fi.min(), "n = " + n);
                assertEquals(iMax, fi.max(), "n = " + n);
                assertEquals(lMin, fl.min(), "n = " + n);
                assertEquals(lMax, fl.max(), "n = " + n);
            }
        }
    }

    @Test
    void nanWinsAndNegativeZeroIsBelowZero() {
        int n = 5000;
        for (int at : new int[] {0, 1, 2500, n - 1}) {
            double[] d = new double[n];
            float[] f = new float[n];
            java.util.Arrays.fill(d, 1.0);
            java.util.Arrays.fill(f, 1.0f);
            d[at] = Double.NaN;
            f[at] = Float.NaN;
            try (DoubleField fd = doubles(d); FloatField ff = floats(f)) {
                assertTrue(Double.isNaN(fd.min()) && Double.isNaN(fd.max()) && Double.isNaN(fd.sum()), "NaN at " + at);
                assertTrue(Float.isNaN(ff.min()) && Float.isNaN(ff.max()) && Double.isNaN(ff.sum()), "NaN at " + at);
                assertEquals(1, fd.countNonFinite());
                assertEquals(1, ff.countNonFinite());
            }
        }
        double[] zeros = new double[4099];
        float[] fzeros = new float[4099];
        zeros[3000] = -0.0;
        fzeros[17] = -0.0f;
        try (DoubleField fd = doubles(zeros); FloatField ff = floats(fzeros)) {
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(fd.min()));
            assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(fd.max()));
            assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(ff.min()));
            assertEquals(Float.floatToRawIntBits(0.0f), Float.floatToRawIntBits(ff.max()));
        }
        double[] negZeros = {-0.0, -0.0};
        try (DoubleField fd = doubles(negZeros)) {
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(fd.max()));
        }
    }

    @Test
    void infinitiesAndNaNsAreCounted() {
        int n = 70_001;
        double[] d = new double[n];
        float[] f = new float[n];
        SplittableRandom r = new SplittableRandom(15);
        long expected = 0;
        for (int i = 0; i < n; i++) {
            int pick = r.nextInt(10);
            d[i] = pick == 0 ? Double.NaN : pick == 1 ? Double.POSITIVE_INFINITY : pick == 2 ? Double.NEGATIVE_INFINITY
                    : pick == 3 ? Double.MAX_VALUE : r.nextDouble();
            f[i] = (float) d[i];
            expected += pick <= 2 ? 1 : 0;
        }
        long expectedF = 0;
        for (float v : f) {
            expectedF += Float.isFinite(v) ? 0 : 1; // MAX_VALUE becomes a float infinity
        }
        try (DoubleField fd = doubles(d); FloatField ff = floats(f); IntField fi = ints(new int[] {1, 2}); LongField fl = longs(new long[3])) {
            assertEquals(expected, fd.countNonFinite());
            assertEquals(expectedF, ff.countNonFinite());
            assertEquals(0, fi.countNonFinite());
            assertEquals(0, fl.countNonFinite());
        }
        try (DoubleField plus = doubles(new double[] {1, Double.POSITIVE_INFINITY, 2});
             DoubleField both = doubles(new double[] {Double.NEGATIVE_INFINITY, 1, Double.POSITIVE_INFINITY});
             DoubleField overflow = doubles(new double[] {Double.MAX_VALUE, Double.MAX_VALUE})) {
            assertEquals(Double.POSITIVE_INFINITY, plus.sum());
            assertTrue(Double.isNaN(both.sum()));
            assertEquals(Double.POSITIVE_INFINITY, overflow.sum());
            assertEquals(1, plus.countNonFinite());
            assertEquals(Double.POSITIVE_INFINITY, plus.max());
            assertEquals(Double.NEGATIVE_INFINITY, both.min());
        }
    }

    @Test
    void emptyFieldsSumToZeroAndHaveNoMinimum() {
        try (DoubleField d = doubles(new double[0]); FloatField f = floats(new float[0]);
             IntField i = ints(new int[0]); LongField l = longs(new long[0])) {
            assertEquals(0.0, d.sum());
            assertEquals(0.0, f.sum());
            assertEquals(0, i.sum());
            assertEquals(0, l.sum());
            assertEquals(0, d.countNonFinite());
            assertEquals(0, f.countNonFinite());
            for (Field field : new Field[] {d, f, i, l}) {
                NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> minOf(field));
                assertTrue(e.getMessage().contains(field.toString()), e.getMessage());
                assertThrows(NoSuchElementException.class, () -> maxOf(field));
            }
        }
    }

    @Test
    void oneElement() {
        try (DoubleField d = doubles(new double[] {-2.5}); FloatField f = floats(new float[] {Float.NaN});
             IntField i = ints(new int[] {Integer.MIN_VALUE}); LongField l = longs(new long[] {Long.MAX_VALUE})) {
            assertEquals(-2.5, d.sum());
            assertEquals(-2.5, d.min());
            assertEquals(-2.5, d.max());
            assertTrue(Double.isNaN(f.sum()) && Float.isNaN(f.min()));
            assertEquals(1, f.countNonFinite());
            assertEquals(Integer.MIN_VALUE, i.sum());
            assertEquals(Integer.MIN_VALUE, i.max());
            assertEquals(Long.MAX_VALUE, l.min());
            assertEquals(Long.MAX_VALUE, l.sum());
        }
    }

    @Test
    void aClosedFieldThrows() {
        DoubleField d = doubles(new double[] {1, 2});
        IntField i = ints(new int[] {1, 2});
        d.close();
        i.close();
        assertThrows(IllegalStateException.class, d::sum);
        assertThrows(IllegalStateException.class, d::min);
        assertThrows(IllegalStateException.class, d::countNonFinite);
        assertThrows(IllegalStateException.class, i::max);
        assertThrows(IllegalStateException.class, i::countNonFinite);
    }

    private static Object minOf(Field f) {
        if (f instanceof DoubleField d) {
            return d.min();
        } else if (f instanceof FloatField x) {
            return x.min();
        } else if (f instanceof IntField x) {
            return x.min();
        }
        return ((LongField) f).min();
    }

    private static Object maxOf(Field f) {
        if (f instanceof DoubleField d) {
            return d.max();
        } else if (f instanceof FloatField x) {
            return x.max();
        } else if (f instanceof IntField x) {
            return x.max();
        }
        return ((LongField) f).max();
    }
}
