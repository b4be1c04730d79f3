package dev.gridforge.processor.front;

import dev.gridforge.processor.ir.Expr;

/** Turns Java constant values (literals, {@code static final} fields) into IR literals. */
final class ConstantValues {
    private ConstantValues() {
    }

    /** A literal for a boxed compile-time constant; byte, short and char become int. Null for strings. */
    static Expr.Literal literal(Object value) {
        if (value instanceof Integer i) {
            return Expr.Literal.of(i);
        } else if (value instanceof Long l) {
            return Expr.Literal.of(l);
        } else if (value instanceof Float f) {
            return Expr.Literal.of(f);
        } else if (value instanceof Double d) {
            return Expr.Literal.of(d);
        } else if (value instanceof Boolean b) {
            return Expr.Literal.of(b);
        } else if (value instanceof Short s) {
            return Expr.Literal.of((int) s);
        } else if (value instanceof Byte b) {
            return Expr.Literal.of((int) b);
        } else if (value instanceof Character c) {
            return Expr.Literal.of((int) c);
        }
        return null;
    }
}
