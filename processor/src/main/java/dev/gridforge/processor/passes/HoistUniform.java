package dev.gridforge.processor.passes;

import dev.gridforge.processor.ir.BinaryOp;
import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.IrMutator;
import dev.gridforge.processor.ir.IrScanner;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.KernelParam;
import dev.gridforge.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves expressions that read only {@code @Const} parameters out of the per-point work: each
 * becomes a value computed once per launch, on the host, in Java (so it is exactly what the
 * annotated method computes), and passed to the point function as an extra parameter.
 * Expressions that can throw (integer division) stay where they are, so a branch that never
 * runs cannot fail the launch.
 */
public final class HoistUniform implements Pass {
    /** Prefix of the generated names; user names starting with it are not allowed in kernels. */
    public static final String PREFIX = "gf_h";

    @Override
    public String name() {
        return "hoist-uniform";
    }

    @Override
    public Kernel apply(Kernel kernel) {
        Set<String> uniform = new HashSet<>();
        for (KernelParam p : kernel.params()) {
            // A specialized constant is a literal in the compiled code: left in place, NVRTC folds
            // and unrolls with it; hoisted, it would become a run-time argument again.
            if (p.isUniform() && !p.specialize()) {
                uniform.add(p.name());
            }
        }
        uniform.removeAll(assignedNames(kernel.point()));
        Hoister hoister = new Hoister(uniform);
        for (Kernel.Hoisted h : kernel.hoisted()) {
            hoister.hoisted.put(h.value(), h.name());
        }
        Stmt.Block body = hoister.block(kernel.point().body());
        List<Function.Parameter> params = new ArrayList<>(kernel.point().parameters());
        List<Kernel.Hoisted> values = new ArrayList<>();
        for (Map.Entry<Expr, String> h : hoister.hoisted.entrySet()) {
            values.add(new Kernel.Hoisted(h.getValue(), h.getKey()));
            if (params.stream().noneMatch(p -> p.name().equals(h.getValue()))) {
                params.add(new Function.Parameter(h.getValue(), h.getKey().type()));
            }
        }
        return kernel.withPoint(kernel.point().withBody(body).withParameters(params), values);
    }

    /** Top down: the largest uniform expression is hoisted whole, not its parts. */
    private static final class Hoister extends IrMutator {
        final Map<Expr, String> hoisted = new LinkedHashMap<>();
        private final Set<String> uniform;

        Hoister(Set<String> uniform) {
            this.uniform = uniform;
        }

        @Override
        public Expr expr(Expr e) {
            if (isUniform(e, uniform) && worthHoisting(e)) {
                String name = hoisted.computeIfAbsent(e, k -> PREFIX + hoisted.size());
                return new Expr.Var(name, e.type());
            }
            return super.expr(e);
        }
    }

    static boolean isUniform(Expr e, Set<String> uniform) {
        boolean[] all = {true};
        new IrScanner() {
            @Override
            public void expr(Expr x) {
                if (!all[0]) {
                    return;
                }
                if (x instanceof Expr.Var v) {
                    all[0] = uniform.contains(v.name());
                } else if (x instanceof Expr.GridRead || x instanceof Expr.ArrayRead || x instanceof Expr.ArrayExtent
                        || x instanceof Expr.Derivative || x instanceof Expr.Element) {
                    all[0] = false; // per point, or known only to the launch
                } else if (x instanceof Expr.Binary b && b.left().type().isIntegral()
                        && (b.op() == BinaryOp.DIV || b.op() == BinaryOp.REM)) {
                    all[0] = false;
                } else if (x instanceof Expr.MathCall m && m.function().canThrow()) {
                    all[0] = false;
                } else if (x instanceof Expr.Call) {
                    all[0] = false; // a helper may divide by zero on some argument; it stays per point
                } else {
                    super.expr(x);
                }
            }
        }.expr(e);
        return all[0];
    }

    /** Not worth a parameter: a literal, a plain read, or a cast or negation of one. */
    private static boolean worthHoisting(Expr e) {
        if (e instanceof Expr.Literal || e instanceof Expr.Var) {
            return false;
        }
        if (e instanceof Expr.Cast c) {
            return worthHoisting(c.operand());
        }
        if (e instanceof Expr.Unary u) {
            return worthHoisting(u.operand());
        }
        return true;
    }

    private static Set<String> assignedNames(Function f) {
        Set<String> names = new HashSet<>();
        new IrScanner() {
            @Override
            public Void visitAssign(Stmt.Assign a) {
                names.add(a.name());
                return super.visitAssign(a);
            }
        }.function(f);
        return names;
    }
}
