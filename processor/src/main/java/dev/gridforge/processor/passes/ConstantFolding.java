package dev.gridforge.processor.passes;

import dev.gridforge.processor.ir.BinaryOp;
import dev.gridforge.processor.ir.Evaluator;
import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Expr.Literal;
import dev.gridforge.processor.ir.IrMutator;
import dev.gridforge.processor.ir.Kernel;

/**
 * Folds operators whose operands are literals, and conditionals and short-circuit operators
 * whose condition is a literal. Library calls are not folded: at run time Java may use a
 * different (intrinsic) implementation than the processor's JVM, and the oracle is the run.
 */
public final class ConstantFolding implements Pass {

    @Override
    public String name() {
        return "fold-constants";
    }

    @Override
    public Kernel apply(Kernel kernel) {
        Folder folder = new Folder();
        Kernel k = kernel.withPoint(folder.function(kernel.point()), kernel.hoisted());
        return k.withHelpers(k.helpers().stream().map(folder::function).toList());
    }

    /** Children first, so a literal made below is seen by the operator above it. */
    private static final class Folder extends IrMutator {
        @Override
        public Expr visitUnary(Expr.Unary u) {
            Expr e = super.visitUnary(u);
            return e instanceof Expr.Unary f && f.operand() instanceof Literal a ? Evaluator.unary(f.op(), a) : e;
        }

        @Override
        public Expr visitCast(Expr.Cast c) {
            Expr e = super.visitCast(c);
            return e instanceof Expr.Cast f && f.operand() instanceof Literal a ? a.castTo(f.type()) : e;
        }

        @Override
        public Expr visitConditional(Expr.Conditional c) {
            Expr e = super.visitConditional(c);
            if (e instanceof Expr.Conditional f && f.cond() instanceof Literal cond) {
                return (Boolean) cond.value() ? f.then() : f.otherwise();
            }
            return e;
        }

        @Override
        public Expr visitBinary(Expr.Binary b) {
            Expr e = super.visitBinary(b);
            if (!(e instanceof Expr.Binary f)) {
                return e;
            }
            if (f.left() instanceof Literal l && f.right() instanceof Literal r) {
                Literal folded = Evaluator.binary(f.op(), l, r);
                return folded == null ? f : folded;
            }
            if (f.left() instanceof Literal l && (f.op() == BinaryOp.COND_AND || f.op() == BinaryOp.COND_OR)) {
                boolean v = (Boolean) l.value();
                if (f.op() == BinaryOp.COND_AND) {
                    return v ? f.right() : l;
                }
                return v ? l : f.right();
            }
            return f;
        }
    }
}
