package dev.gridforge.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CLiteralsTest {

    @Test
    void integers() {
        assertEquals("42", CLiterals.of(42));
        assertEquals("(-7)", CLiterals.of(-7));
        assertEquals("(-2147483647 - 1)", CLiterals.of(Integer.MIN_VALUE));
        assertEquals("42LL", CLiterals.of(42L));
        assertEquals("(-7LL)", CLiterals.of(-7L));
        assertEquals("(-9223372036854775807LL - 1LL)", CLiterals.of(Long.MIN_VALUE));
    }

    @Test
    void doublesAreHexAndExact() {
        assertEquals("0x1.8p1", CLiterals.of(3.0));
        assertEquals("(-0x1.8p1)", CLiterals.of(-3.0));
        assertEquals("(-0x0.0p0)", CLiterals.of(-0.0));
        assertEquals("0x0.0000000000001p-1022", CLiterals.of(Double.MIN_VALUE));
        assertEquals("__longlong_as_double(0x7ff8000000000000LL)", CLiterals.of(Double.NaN));
        assertEquals("__longlong_as_double(0x7ff0000000000000LL)", CLiterals.of(Double.POSITIVE_INFINITY));
        assertEquals("__longlong_as_double((long long)0xfff0000000000000ULL)", CLiterals.of(Double.NEGATIVE_INFINITY));
    }

    @Test
    void floatsAreHexWithSuffix() {
        assertEquals("0x1.8p0f", CLiterals.of(1.5f));
        assertEquals("(-0x1.0p-1f)", CLiterals.of(-0.5f));
        assertEquals("__int_as_float(0x7fc00000)", CLiterals.of(Float.NaN));
        assertEquals("__int_as_float((int)0xff800000U)", CLiterals.of(Float.NEGATIVE_INFINITY));
    }

    @Test
    void defineChecksTheName() {
        assertEquals("#define GF_CONST_step 3", CLiterals.define("GF_CONST_step", "3"));
        assertThrows(IllegalArgumentException.class, () -> CLiterals.define("1abc", "3"));
        assertThrows(IllegalArgumentException.class, () -> CLiterals.define("a b", "3"));
        assertThrows(IllegalArgumentException.class, () -> CLiterals.define(null, "3"));
    }
}
