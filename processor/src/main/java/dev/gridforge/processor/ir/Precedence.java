package dev.gridforge.processor.ir;

/** How tightly an expression binds when printed in Java or C (which agree for these operators). */
public final class Precedence {
    public static final int ATOM = 16;
    public static final int UNARY = 14;
    public static final int CONDITIONAL = 2;

    private Precedence() {
    }

    public static int of(Expr e) {
        if (e instanceof Expr.Binary b) {
            return b.op().precedence();
        }
        if (e instanceof Expr.Unary || e instanceof Expr.Cast) {
            return UNARY;
        }
        if (e instanceof Expr.Conditional) {
            return CONDITIONAL;
        }
        return ATOM;
    }

    /**
     * Whether {@code child} needs parentheses as an operand of binary {@code parent}. Mixed
     * bitwise, shift and logical operators get them even where not needed, for the reader.
     */
    public static boolean needsParens(Expr.Binary parent, Expr child, boolean isRight) {
        int p = parent.op().precedence();
        int c = of(child);
        if (c < p || (isRight && c == p)) {
            return true;
        }
        if (child instanceof Expr.Binary b && b.op() != parent.op()) {
            BinaryOp.Kind k = parent.op().kind();
            return k == BinaryOp.Kind.LOGICAL || k == BinaryOp.Kind.BITWISE || k == BinaryOp.Kind.SHIFT
                    || b.op().kind() == BinaryOp.Kind.SHIFT;
        }
        return false;
    }
}
