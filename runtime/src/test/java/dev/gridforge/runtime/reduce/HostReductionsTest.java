package dev.gridforge.runtime.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.FloatField;
import dev.gridforge.runtime.IntField;
import dev.gridforge.runtime.LongField;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The reductions of host fields, on every core. */
class HostReductionsTest extends ReductionChecks {

    @Override
    DoubleField doubles(double[] a) {
        return DoubleField.of(a, a.length);
    }

    @Override
    FloatField floats(float[] a) {
        return FloatField.of(a, a.length);
    }

    @Override
    IntField ints(int[] a) {
        return IntField.of(a, a.length);
    }

    @Override
    LongField longs(long[] a) {
        return LongField.of(a, a.length);
    }

    @Test
    void theResultDoesNotDependOnTheNumberOfCores() {
        double[] a = new SplittableRandom(16).doubles(1_234_567, -1, 1).toArray();
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        for (Reduction op : new Reduction[] {Reduction.SUM, Reduction.MIN, Reduction.MAX}) {
            assertEquals(HostReductions.reduceReal(a, op, false), HostReductions.reduceReal(a, op, true), op.name());
            assertEquals(HostReductions.reduceReal(f, op, false), HostReductions.reduceReal(f, op, true), op.name());
        }
    }

    @Test
    void theOrderIsBlocksInTurn() {
        // Block sums, then the blocks' sums left to right: what docs/reductions.md describes.
        double[] a = new SplittableRandom(17).doubles(3 * HostReductions.BLOCK + 5, -1e3, 1e3).toArray();
        double total = 0;
        for (int from = 0; from < a.length; from += HostReductions.BLOCK) {
            double block = 0;
            for (int i = from; i < Math.min(a.length, from + HostReductions.BLOCK); i++) {
                block += a[i];
            }
            total += block;
        }
        assertEquals(total, DoubleField.of(a, a.length).sum());
    }
}
