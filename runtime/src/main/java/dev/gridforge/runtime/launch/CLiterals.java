package dev.gridforge.runtime.launch;

/**
 * Exact C literals for {@code #define}d constants. Floating-point values are printed in hex
 * (C99), so the compiled constant has the same bits as the Java value; NaN and the infinities
 * have no literal and are rebuilt from their bit pattern. Negative values are parenthesised so
 * that every macro expands to one operand: {@code Integer.MIN_VALUE} must be written as an
 * expression ({@code 2147483648} alone is not an int), and {@code x * N} must multiply by all of it.
 */
final class CLiterals {

    private CLiterals() {
    }

    static String of(int v) {
        if (v == Integer.MIN_VALUE) {
            return "(-2147483647 - 1)"; // 2147483648 alone is not an int literal in C
        }
        return v < 0 ? "(" + v + ")" : Integer.toString(v);
    }

    static String of(long v) {
        if (v == Long.MIN_VALUE) {
            return "(-9223372036854775807LL - 1LL)";
        }
        return v < 0 ? "(" + v + "LL)" : v + "LL";
    }

    static String of(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            long bits = Double.doubleToRawLongBits(v);
            return "__longlong_as_double(" + hexBits(bits, 16, "LL") + ")";
        }
        String hex = Double.toHexString(v);
        return hex.startsWith("-") ? "(" + hex + ")" : hex;
    }

    static String of(float v) {
        if (Float.isNaN(v) || Float.isInfinite(v)) {
            int bits = Float.floatToRawIntBits(v);
            return "__int_as_float(" + hexBits(bits & 0xffffffffL, 8, "") + ")";
        }
        String hex = Float.toHexString(v) + "f";
        return hex.startsWith("-") ? "(" + hex + ")" : hex;
    }

    /** A hex literal of the bits; with the sign bit set it is unsigned in C, so cast it back to the signed type. */
    private static String hexBits(long bits, int digits, String suffix) {
        boolean signBit = digits == 16 ? bits < 0 : (bits & 0x80000000L) != 0;
        String hex = "0x" + String.format("%0" + digits + "x", bits);
        if (!signBit) {
            return hex + suffix;
        }
        return digits == 16 ? "(long long)" + hex + "ULL" : "(int)" + hex + "U";
    }

    /** {@code #define NAME VALUE}, checking that the name is a C identifier. */
    static String define(String macro, String value) {
        if (macro == null || !macro.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("macro name must be a C identifier, got "
                    + (macro == null ? "null" : "'" + macro + "'"));
        }
        return "#define " + macro + " " + value;
    }
}
