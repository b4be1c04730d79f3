package dev.gridforge.processor.passes;

import dev.gridforge.processor.ir.BinaryOp;
import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.IrMaps;
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
        uniform.removeAll(assignedNames(kernel.point().body()));
        Map<Expr, String> hoisted = new LinkedHashMap<>();
        for (Kernel.Hoisted h : kernel.hoisted()) {
            hoisted.put(h.value(), h.name());
        }
        Stmt.Block body = IrMaps.mapExprs(kernel.point().body(), e -> hoist(e, uniform, hoisted));
        List<Function.Parameter> params = new ArrayList<>(kernel.point().parameters());
        List<Kernel.Hoisted> values = new ArrayList<>();
        for (Map.Entry<Expr, String> h : hoisted.entrySet()) {
            values.add(new Kernel.Hoisted(h.getValue(), h.getKey()));
            if (params.stream().noneMatch(p -> p.name().equals(h.getValue()))) {
                params.add(new Function.Parameter(h.getValue(), h.getKey().type()));
            }
        }
        Function point = new Function(kernel.point().name(), kernel.point().sourceName(),
                kernel.point().returnType(), params, body);
        return kernel.withPoint(point, values);
    }

    private static Expr hoist(Expr e, Set<String> uniform, Map<Expr, String> hoisted) {
        if (isUniform(e, uniform) && worthHoisting(e)) {
            String name = hoisted.computeIfAbsent(e, k -> PREFIX + hoisted.size());
            return new Expr.Var(name, e.type());
        }
        return IrMaps.mapChildren(e, child -> hoist(child, uniform, hoisted));
    }

    static boolean isUniform(Expr e, Set<String> uniform) {
        if (e instanceof Expr.Literal) {
            return true;
        }
        if (e instanceof Expr.Var v) {
            return uniform.contains(v.name());
        }
        if (e instanceof Expr.Binary b && b.left().type().isIntegral()
                && (b.op() == BinaryOp.DIV || b.op() == BinaryOp.REM)) {
            return false;
        }
        if (e instanceof Expr.MathCall m && m.function().canThrow()) {
            return false;
        }
        if (e instanceof Expr.Call) {
            return false; // a helper may divide by zero on some argument; it stays per point
        }
        boolean[] all = {true};
        IrMaps.mapChildren(e, child -> {
            all[0] &= isUniform(child, uniform);
            return child;
        });
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

    private static Set<String> assignedNames(Stmt s) {
        Set<String> names = new HashSet<>();
        collectAssigned(s, names);
        return names;
    }

    private static void collectAssigned(Stmt s, Set<String> names) {
        if (s instanceof Stmt.Assign a) {
            names.add(a.name());
        } else if (s instanceof Stmt.If i) {
            collectAssigned(i.then(), names);
            if (i.otherwise() != null) {
                collectAssigned(i.otherwise(), names);
            }
        } else if (s instanceof Stmt.While w) {
            collectAssigned(w.body(), names);
        } else if (s instanceof Stmt.DoWhile d) {
            collectAssigned(d.body(), names);
        } else if (s instanceof Stmt.For f) {
            f.init().forEach(x -> collectAssigned(x, names));
            f.update().forEach(x -> collectAssigned(x, names));
            collectAssigned(f.body(), names);
        } else if (s instanceof Stmt.Block b) {
            b.statements().forEach(x -> collectAssigned(x, names));
        }
    }
}
