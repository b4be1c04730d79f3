package dev.gridforge.processor.passes;

import dev.gridforge.processor.ir.BinaryOp;
import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Expr.Literal;
import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.IrMaps;
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
        Kernel k = kernel.withPoint(fold(kernel.point()), kernel.hoisted());
        return k.withHelpers(k.helpers().stream().map(ConstantFolding::fold).toList());
    }

    private static Function fold(Function f) {
        return f.withBody(IrMaps.mapExprs(f.body(), e -> IrMaps.postOrder(e, ConstantFolding::foldNode)));
    }

    static Expr foldNode(Expr e) {
        if (e instanceof Expr.Unary u && u.operand() instanceof Literal a) {
            return Evaluator.unary(u.op(), a);
        }
        if (e instanceof Expr.Cast c && c.operand() instanceof Literal a) {
            return a.castTo(c.type());
        }
        if (e instanceof Expr.Conditional c && c.cond() instanceof Literal cond) {
            return (Boolean) cond.value() ? c.then() : c.otherwise();
        }
        if (e instanceof Expr.Binary b) {
            if (b.left() instanceof Literal l && b.right() instanceof Literal r) {
                Literal folded = Evaluator.binary(b.op(), l, r);
                return folded == null ? e : folded;
            }
            if (b.left() instanceof Literal l && (b.op() == BinaryOp.COND_AND || b.op() == BinaryOp.COND_OR)) {
                boolean v = (Boolean) l.value();
                if (b.op() == BinaryOp.COND_AND) {
                    return v ? b.right() : l;
                }
                return v ? l : b.right();
            }
        }
        return e;
    }
}
