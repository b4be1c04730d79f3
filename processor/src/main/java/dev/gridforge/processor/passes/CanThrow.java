package dev.gridforge.processor.passes;

import dev.gridforge.processor.ir.BinaryOp;
import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.IrScanner;

/**
 * Whether evaluating an expression can throw in Java (integer division by zero, an array read
 * outside, whatever a helper does), so that a pass must not drop or move it: the JVM backend
 * throws exactly where the method does.
 */
final class CanThrow {
    private CanThrow() {
    }

    static boolean in(Expr e) {
        return in(e, false);
    }

    /**
     * With {@code tangentsOfKept}, a call of a helper's tangent function ({@code gf_d10_f}) does not
     * count: it throws only where the call of {@code f} beside it, which stays, throws too.
     */
    static boolean in(Expr e, boolean tangentsOfKept) {
        boolean[] can = {false};
        new IrScanner() {
            @Override
            public void expr(Expr x) {
                if (can[0]) {
                    return;
                }
                if (x instanceof Expr.Binary b && b.left().type().isIntegral()
                        && (b.op() == BinaryOp.DIV || b.op() == BinaryOp.REM)) {
                    can[0] = true;
                } else if (x instanceof Expr.MathCall m && m.function().canThrow()) {
                    can[0] = true;
                } else if (x instanceof Expr.Call c && !(tangentsOfKept && c.function().startsWith("gf_d"))) {
                    can[0] = true; // a tangent function's call is read on: its arguments may throw
                } else if (x instanceof Expr.ArrayRead || x instanceof Expr.Derivative) {
                    can[0] = true;
                } else {
                    super.expr(x);
                }
            }
        }.expr(e);
        return can[0];
    }
}
