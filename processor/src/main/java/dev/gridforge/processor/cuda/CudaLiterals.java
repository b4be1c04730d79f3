package dev.gridforge.processor.cuda;

import dev.gridforge.processor.ir.Expr;

/** Exact C spellings of Java literal values. */
final class CudaLiterals {
    private CudaLiterals() {
    }

    static String of(Expr.Literal l) {
        Object v = l.value();
        return switch (l.type()) {
            case BOOLEAN -> v.toString();
            case INT -> (Integer) v == Integer.MIN_VALUE ? "(-2147483647 - 1)" : v.toString();
            case LONG -> (Long) v == Long.MIN_VALUE ? "(-9223372036854775807LL - 1)" : v + "LL";
            case FLOAT -> ofFloat((Float) v);
            case DOUBLE -> ofDouble((Double) v);
        };
    }

    static String ofDouble(double d) {
        if (Double.isNaN(d)) {
            return "GF_NAN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "GF_INF" : "(-GF_INF)";
        }
        String s = Double.toString(d);
        // Decimal when it reads back as the same double (C parses correctly rounded); hex otherwise.
        return Double.parseDouble(s) == d && Double.doubleToRawLongBits(Double.parseDouble(s)) == Double.doubleToRawLongBits(d)
                ? s : Double.toHexString(d);
    }

    static String ofFloat(float f) {
        if (Float.isNaN(f)) {
            return "GF_NAN_F";
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "GF_INF_F" : "(-GF_INF_F)";
        }
        String s = Float.toString(f);
        return (Float.floatToRawIntBits(Float.parseFloat(s)) == Float.floatToRawIntBits(f) ? s : Float.toHexString(f)) + "f";
    }
}
