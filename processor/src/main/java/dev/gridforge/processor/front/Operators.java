package dev.gridforge.processor.front;

import dev.gridforge.processor.ir.BinaryOp;
import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Type;
import dev.gridforge.processor.ir.UnaryOp;

/**
 * Java's typing of operators (JLS 15.15-15.25) over the kernel's primitive types: which operand
 * types are legal, what they are promoted to, and the result. Returns null when Java would
 * reject the operands; the caller reports the error where it has the tree.
 */
final class Operators {
    private Operators() {
    }

    static Expr convert(Expr e, Type to) {
        if (e.type() == to) {
            return e;
        }
        if (e instanceof Expr.Literal lit) {
            return lit.castTo(to);
        }
        return new Expr.Cast(to, e);
    }

    static Expr binary(BinaryOp op, Expr l, Expr r) {
        Type lt = l.type();
        Type rt = r.type();
        switch (op.kind()) {
            case ARITHMETIC, COMPARISON -> {
                if (!lt.isNumeric() || !rt.isNumeric()) {
                    return null;
                }
                Type t = Type.promote(lt, rt);
                return new Expr.Binary(op, convert(l, t), convert(r, t));
            }
            case SHIFT -> {
                if (!lt.isIntegral() || !rt.isIntegral()) {
                    return null;
                }
                return new Expr.Binary(op, l, r);
            }
            case EQUALITY -> {
                if (lt == Type.BOOLEAN && rt == Type.BOOLEAN) {
                    return new Expr.Binary(op, l, r);
                }
                if (!lt.isNumeric() || !rt.isNumeric()) {
                    return null;
                }
                Type t = Type.promote(lt, rt);
                return new Expr.Binary(op, convert(l, t), convert(r, t));
            }
            case BITWISE -> {
                if (lt == Type.BOOLEAN && rt == Type.BOOLEAN) {
                    return new Expr.Binary(op, l, r);
                }
                if (!lt.isIntegral() || !rt.isIntegral()) {
                    return null;
                }
                Type t = Type.promote(lt, rt);
                return new Expr.Binary(op, convert(l, t), convert(r, t));
            }
            case LOGICAL -> {
                return lt == Type.BOOLEAN && rt == Type.BOOLEAN ? new Expr.Binary(op, l, r) : null;
            }
            default -> throw new AssertionError(op);
        }
    }

    static Expr unary(UnaryOp op, Expr e) {
        Type t = e.type();
        return switch (op) {
            case NEG -> t.isNumeric() ? new Expr.Unary(op, e) : null;
            case NOT -> t == Type.BOOLEAN ? new Expr.Unary(op, e) : null;
            case BIT_NOT -> t.isIntegral() ? new Expr.Unary(op, e) : null;
        };
    }

    static Expr conditional(Expr c, Expr a, Expr b) {
        if (c.type() != Type.BOOLEAN) {
            return null;
        }
        if (a.type() == Type.BOOLEAN && b.type() == Type.BOOLEAN) {
            return new Expr.Conditional(c, a, b);
        }
        if (!a.type().isNumeric() || !b.type().isNumeric()) {
            return null;
        }
        Type t = Type.promote(a.type(), b.type());
        return new Expr.Conditional(c, convert(a, t), convert(b, t));
    }

    /** The value of {@code x op= v} before the implicit cast back to x's type (JLS 15.26.2). */
    static Expr compound(BinaryOp op, Expr current, Expr value) {
        Expr result = binary(op, current, value);
        return result == null ? null : convert(result, current.type());
    }

    /** {@code 1} in the given numeric type, for ++ and --. */
    static Expr one(Type t) {
        return switch (t) {
            case INT -> Expr.Literal.of(1);
            case LONG -> Expr.Literal.of(1L);
            case FLOAT -> Expr.Literal.of(1f);
            case DOUBLE -> Expr.Literal.of(1d);
            case BOOLEAN -> throw new IllegalArgumentException("++ of boolean");
        };
    }
}
