package dev.gridforge.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CLiteralsTest {

    @Test
    void integers() {
        assertEquals("3", CLiterals.of(3));
        assertEquals("(-3)", CLiterals.of(-3));
        assertEquals("(-2147483647 - 1)", CLiterals.of(Integer.MIN_VALUE));
        assertEquals("2147483647", CLiterals.of(Integer.MAX_VALUE));
        assertEquals("5LL", CLiterals.of(5L));
        assertEquals("(-5LL)", CLiterals.of(-5L));
        assertEquals("(-9223372036854775807LL - 1LL)", CLiterals.of(Long.MIN_VALUE));
    }

    @Test
    void integralDoublesAreDecimalOthersHexadecimal() {
        assertEquals("3.0", CLiterals.of(3.0));
        assertEquals("(-2.0)", CLiterals.of(-2.0));
        assertEquals("0x1.999999999999ap-4", CLiterals.of(0.1));
        assertEquals("(-0.0)", CLiterals.of(-0.0));
        assertEquals("0.0", CLiterals.of(0.0));
        assertEquals("0x1.8p-1f", CLiterals.of(0.75f));
        assertEquals("4.0f", CLiterals.of(4f));
    }

    @Test
    void nonFiniteValuesKeepTheirBits() {
        assertEquals("__longlong_as_double(0x7ff0000000000000ULL)", CLiterals.of(Double.POSITIVE_INFINITY));
        assertEquals("__longlong_as_double(0xfff0000000000000ULL)", CLiterals.of(Double.NEGATIVE_INFINITY));
        assertEquals("__longlong_as_double(0x7ff8000000000000ULL)", CLiterals.of(Double.NaN));
        assertEquals("__int_as_float(0x7f800000)", CLiterals.of(Float.POSITIVE_INFINITY));
    }

    /** Java parses C's hexadecimal and decimal floating literals (with an f suffix) exactly as C does. */
    @Test
    void everyFiniteLiteralReadsBackToTheSameBits() {
        double[] doubles = {0.1, -0.1, 1e-300, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, Math.PI,
                0x1p53, 0x1p53 + 2, 1e300, -0.0, 123456789.0, 2.5e-8};
        for (double d : doubles) {
            String literal = CLiterals.of(d);
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(Double.parseDouble(unwrap(literal))), literal);
        }
        float[] floats = {0.1f, -0.1f, Float.MIN_VALUE, Float.MAX_VALUE, (float) Math.PI, 0x1p24f, 16777218f, -0.0f};
        for (float f : floats) {
            String literal = CLiterals.of(f);
            assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits(Float.parseFloat(unwrap(literal))), literal);
        }
    }

    @Test
    void defineNeedsAnIdentifier() {
        assertEquals("#define GF_CONST_step 3", CLiterals.define("GF_CONST_step", CLiterals.of(3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CLiterals.define("2x", "1"));
        assertEquals("'2x' is not a C identifier; a #define needs one", e.getMessage());
    }

    private static String unwrap(String literal) {
        return literal.startsWith("(") ? literal.substring(1, literal.length() - 1) : literal;
    }
}
