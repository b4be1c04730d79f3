package dev.gridforge.processor.ir;

import dev.gridforge.processor.ir.Expr.Literal;

/**
 * Evaluates operators on literals with Java's own arithmetic, so a folded constant is exactly
 * what the annotated method computes at run time. Returns null where Java would throw
 * (integer division by zero): such an expression stays in the code and throws when it runs.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /**
     * The value of an expression made only of literals, operators and casts (what Java calls a
     * constant expression, once names of constants are literals), or null if it reads anything
     * else or would throw.
     */
    public static Literal constant(Expr e) {
        if (e instanceof Literal l) {
            return l;
        } else if (e instanceof Expr.Unary u) {
            Literal a = constant(u.operand());
            return a == null ? null : unary(u.op(), a);
        } else if (e instanceof Expr.Cast c) {
            Literal a = constant(c.operand());
            return a == null ? null : a.castTo(c.type());
        } else if (e instanceof Expr.Binary b) {
            Literal l = constant(b.left());
            Literal r = constant(b.right());
            return l == null || r == null ? null : binary(b.op(), l, r);
        } else if (e instanceof Expr.Conditional c) {
            Literal cond = constant(c.cond());
            return cond == null ? null : constant((Boolean) cond.value() ? c.then() : c.otherwise());
        }
        return null;
    }

    public static Literal unary(UnaryOp op, Literal a) {
        return switch (op) {
            case NOT -> Literal.of(!(Boolean) a.value());
            case BIT_NOT -> a.type() == Type.INT ? Literal.of(~(Integer) a.value()) : Literal.of(~(Long) a.value());
            case NEG -> switch (a.type()) {
                case INT -> Literal.of(-(Integer) a.value());
                case LONG -> Literal.of(-(Long) a.value());
                case FLOAT -> Literal.of(-(Float) a.value());
                case DOUBLE -> Literal.of(-(Double) a.value());
                case BOOLEAN -> throw new AssertionError();
            };
        };
    }

    public static Literal binary(BinaryOp op, Literal a, Literal b) {
        if (op.kind() == BinaryOp.Kind.SHIFT) {
            long count = ((Number) b.value()).longValue();
            return a.type() == Type.INT ? shift(op, (Integer) a.value(), (int) count) : shift(op, (Long) a.value(), (int) count);
        }
        return switch (a.type()) {
            case BOOLEAN -> bool(op, (Boolean) a.value(), (Boolean) b.value());
            case INT -> ints(op, (Integer) a.value(), (Integer) b.value());
            case LONG -> longs(op, (Long) a.value(), (Long) b.value());
            case FLOAT -> floats(op, (Float) a.value(), (Float) b.value());
            case DOUBLE -> doubles(op, (Double) a.value(), (Double) b.value());
        };
    }

    private static Literal shift(BinaryOp op, int a, int n) {
        return Literal.of(switch (op) {
            case SHL -> a << n;
            case SHR -> a >> n;
            default -> a >>> n;
        });
    }

    private static Literal shift(BinaryOp op, long a, int n) {
        return Literal.of(switch (op) {
            case SHL -> a << n;
            case SHR -> a >> n;
            default -> a >>> n;
        });
    }

    private static Literal bool(BinaryOp op, boolean a, boolean b) {
        return Literal.of(switch (op) {
            case AND, COND_AND -> a & b;
            case OR, COND_OR -> a | b;
            case XOR, NE -> a ^ b;
            case EQ -> a == b;
            default -> throw new AssertionError(op);
        });
    }

    private static Literal ints(BinaryOp op, int a, int b) {
        if ((op == BinaryOp.DIV || op == BinaryOp.REM) && b == 0) {
            return null;
        }
        return switch (op) {
            case ADD -> Literal.of(a + b);
            case SUB -> Literal.of(a - b);
            case MUL -> Literal.of(a * b);
            case DIV -> Literal.of(a / b);
            case REM -> Literal.of(a % b);
            case AND -> Literal.of(a & b);
            case OR -> Literal.of(a | b);
            case XOR -> Literal.of(a ^ b);
            default -> compare(op, Integer.compare(a, b));
        };
    }

    private static Literal longs(BinaryOp op, long a, long b) {
        if ((op == BinaryOp.DIV || op == BinaryOp.REM) && b == 0) {
            return null;
        }
        return switch (op) {
            case ADD -> Literal.of(a + b);
            case SUB -> Literal.of(a - b);
            case MUL -> Literal.of(a * b);
            case DIV -> Literal.of(a / b);
            case REM -> Literal.of(a % b);
            case AND -> Literal.of(a & b);
            case OR -> Literal.of(a | b);
            case XOR -> Literal.of(a ^ b);
            default -> compare(op, Long.compare(a, b));
        };
    }

    private static Literal floats(BinaryOp op, float a, float b) {
        return switch (op) {
            case ADD -> Literal.of(a + b);
            case SUB -> Literal.of(a - b);
            case MUL -> Literal.of(a * b);
            case DIV -> Literal.of(a / b);
            case REM -> Literal.of(a % b);
            case LT -> Literal.of(a < b);
            case LE -> Literal.of(a <= b);
            case GT -> Literal.of(a > b);
            case GE -> Literal.of(a >= b);
            case EQ -> Literal.of(a == b);
            case NE -> Literal.of(a != b);
            default -> throw new AssertionError(op);
        };
    }

    private static Literal doubles(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> Literal.of(a + b);
            case SUB -> Literal.of(a - b);
            case MUL -> Literal.of(a * b);
            case DIV -> Literal.of(a / b);
            case REM -> Literal.of(a % b);
            case LT -> Literal.of(a < b);
            case LE -> Literal.of(a <= b);
            case GT -> Literal.of(a > b);
            case GE -> Literal.of(a >= b);
            case EQ -> Literal.of(a == b);
            case NE -> Literal.of(a != b);
            default -> throw new AssertionError(op);
        };
    }

    /** Integer comparisons (exact, so a three-way compare serves). */
    private static Literal compare(BinaryOp op, int c) {
        return Literal.of(switch (op) {
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
            case EQ -> c == 0;
            case NE -> c != 0;
            default -> throw new AssertionError(op);
        });
    }
}
