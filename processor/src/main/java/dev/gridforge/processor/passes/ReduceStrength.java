package dev.gridforge.processor.passes;

import dev.gridforge.processor.ir.BinaryOp;
import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.IrMutator;
import dev.gridforge.processor.ir.IrScanner;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.MathFunction;

/**
 * reduce-strength: {@code Math.pow(x, 2.0)} becomes {@code x * x}. Java's Math.pow returns exactly
 * {@code x * x} for an exponent of 2 (fdlibm's pow tests for it first, and HotSpot's intrinsic
 * does the same; {@code ReduceStrengthTest} checks it on random and special values, interpreted
 * and compiled), while CUDA's general pow costs a hundred instructions and two calls; the
 * haversine called it twice per point. Only where {@code x} calls no helper: its expression is
 * written twice, and share-subexpressions, which runs after, computes a Math call or an array
 * read in it once. Other strength reductions are not bit-exact with Java and are not made.
 */
public final class ReduceStrength implements Pass {

    @Override
    public String name() {
        return "reduce-strength";
    }

    @Override
    public Kernel apply(Kernel kernel) {
        IrMutator reducer = new IrMutator() {
            @Override
            public Expr visitMathCall(Expr.MathCall m) {
                Expr.MathCall e = (Expr.MathCall) super.visitMathCall(m);
                if (e.function() == MathFunction.POW && e.args().get(1) instanceof Expr.Literal l && (Double) l.value() == 2.0
                        && !callsAHelper(e.args().get(0))) {
                    return new Expr.Binary(BinaryOp.MUL, e.args().get(0), e.args().get(0));
                }
                return e;
            }
        };
        Kernel k = kernel.withPoint(reducer.function(kernel.point()), kernel.hoisted());
        return k.withHelpers(k.helpers().stream().map(reducer::function).toList());
    }

    private static boolean callsAHelper(Expr e) {
        boolean[] found = {false};
        new IrScanner() {
            @Override
            public Void visitCall(Expr.Call c) {
                found[0] = true;
                return null;
            }
        }.expr(e);
        return found[0];
    }
}
