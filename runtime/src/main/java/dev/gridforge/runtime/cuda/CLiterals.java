package dev.gridforge.runtime.cuda;

/**
 * Exact CUDA C literals for Java values, for {@code #define} lines of specialised constants.
 *
 * <p>"Exact" means the compiled constant has the same bits as the Java value. Integral doubles
 * and floats are printed in decimal ({@code 3.0}, {@code 3.0f}) because every compiler parses
 * those exactly; anything else is printed as a hexadecimal floating literal (C++17), which needs
 * no decimal-to-binary rounding at all. Negative values are parenthesised so a macro expands
 * safely after a minus sign ({@code x-GF_C} must not become {@code x--1}). Non-finite values use
 * device intrinsics that reinterpret the exact bits, since C has no literal for them.
 */
public final class CLiterals {

    private static final double EXACT_INTEGRAL_LIMIT = 0x1p53;

    private CLiterals() {
    }

    public static String of(int value) {
        // -2147483648 is unary minus applied to 2147483648, which does not fit an int.
        if (value == Integer.MIN_VALUE) {
            return "(-2147483647 - 1)";
        }
        return value < 0 ? "(" + value + ")" : Integer.toString(value);
    }

    public static String of(long value) {
        if (value == Long.MIN_VALUE) {
            return "(-9223372036854775807LL - 1LL)";
        }
        return value < 0 ? "(" + value + "LL)" : value + "LL";
    }

    public static String of(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "__longlong_as_double(0x" + Long.toHexString(Double.doubleToRawLongBits(value)) + "ULL)";
        }
        String body;
        if (value == Math.rint(value) && Math.abs(value) <= EXACT_INTEGRAL_LIMIT) {
            body = Double.toString(Math.abs(value)); // "3.0", or "1.0E15" which C also reads
        } else {
            body = Double.toHexString(Math.abs(value));
        }
        return negative(value) ? "(-" + body + ")" : body;
    }

    public static String of(float value) {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            return "__int_as_float(0x" + Integer.toHexString(Float.floatToRawIntBits(value)) + ")";
        }
        String body;
        if (value == Math.rint(value) && Math.abs(value) <= 0x1p24f) {
            body = Float.toString(Math.abs(value)) + "f";
        } else {
            body = Float.toHexString(Math.abs(value)) + "f";
        }
        return negative(value) ? "(-" + body + ")" : body;
    }

    /** A {@code #define} line; {@code name} must be a C identifier. */
    public static String define(String name, String literal) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("'" + name + "' is not a C identifier; a #define needs one");
        }
        return "#define " + name + " " + literal;
    }

    private static boolean negative(double value) {
        // Sign bit, not "< 0": -0.0 must stay -0.0 (1/-0.0 is -inf).
        return Double.doubleToRawLongBits(value) < 0;
    }
}
