package dev.gridforge.processor.passes;

import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.IrScanner;
import dev.gridforge.processor.ir.Kernel;

/**
 * Which parts of an expression Java may throw at: an array view read, a local array read, a
 * helper call, a throwing Math function ({@code floorDiv}), an integer {@code /} or {@code %} by
 * a divisor that may be zero. Passes that move or repeat parts of a statement ask it, so that what
 * the generated code throws, and where, stays what the method throws.
 */
final class Throwing {
    private Throwing() {
    }

    /** Whether evaluating {@code x} itself (its operands aside) may throw. */
    static boolean node(Expr x) {
        return x instanceof Expr.ArrayRead || x instanceof Expr.Element || x instanceof Expr.Call
                || x instanceof Expr.MathCall m && m.function().canThrow()
                || x instanceof Expr.Binary b && Kernel.isCheckedDivision(b.op(), b.left().type(), b.right());
    }

    /** Whether evaluating {@code x}, operands included, may throw. */
    static boolean anywhere(Expr x) {
        return count(x) > 0;
    }

    /** The parts of {@code x} that may throw, in the order Java evaluates them (operands first). */
    static java.util.List<Expr> inOrder(Expr x) {
        java.util.List<Expr> out = new java.util.ArrayList<>();
        new IrScanner() {
            @Override
            public void expr(Expr e) {
                super.expr(e);
                if (node(e)) {
                    out.add(e);
                }
            }
        }.expr(x);
        return out;
    }

    /** How many parts of {@code x} may throw. */
    static int count(Expr x) {
        int[] n = {0};
        new IrScanner() {
            @Override
            public void expr(Expr e) {
                n[0] += node(e) ? 1 : 0;
                super.expr(e);
            }
        }.expr(x);
        return n[0];
    }
}
