package dev.gridforge.processor.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What reduce-strength rests on: this JVM's {@code Math.pow(x, 2.0)} is exactly {@code x * x}, for
 * random doubles of every magnitude and sign, subnormals, extremes, zeros, infinities and NaN,
 * interpreted at first and compiled by the JIT after the first rounds (the intrinsic).
 */
class ReduceStrengthTest {
    private static final double[] SPECIAL = {0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
        Double.MAX_VALUE, -Double.MAX_VALUE, 1.3407807929942596e154, 1.3407807929942597e154, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NaN, 0.1, 3.0, 1e-160, -7.5e-300, 2.2250738585072014E-308};

    @Test
    void powOfTwoIsTheSquareBitForBit() {
        Random random = new Random(20261202);
        int checked = 0;
        for (int round = 0; round < 60; round++) { // enough rounds for the JIT to compile squares()
            checked += squares(random, round);
        }
        assertEquals(60 * (20_000 + SPECIAL.length), checked);
    }

    private static int squares(Random random, int round) {
        int n = 0;
        for (int i = 0; i < 20_000; i++) {
            double x = Double.longBitsToDouble(random.nextLong()); // every exponent, both signs, subnormals, NaNs
            check(x, round);
            n++;
        }
        for (double x : SPECIAL) {
            check(x, round);
            n++;
        }
        return n;
    }

    private static void check(double x, int round) {
        double pow = Math.pow(x, 2.0);
        double square = x * x;
        boolean same = Double.isNaN(square) ? Double.isNaN(pow) : Double.doubleToRawLongBits(pow) == Double.doubleToRawLongBits(square);
        if (!same) {
            fail("round " + round + ": Math.pow(" + x + ", 2.0) = " + pow + " but x * x = " + square);
        }
    }
}
