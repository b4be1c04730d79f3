package dev.gridforge.processor.passes;

import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.IrMutator;
import dev.gridforge.processor.ir.IrScanner;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * drop-unused-tangents: forward mode gives every active local a tangent, also where no derivative
 * reads it; this removes the tangent locals (the generated {@code gf_d}/{@code gf_t} names) that
 * nothing reads, until none is left, so neither the CUDA compiler nor the JIT has to, and the
 * generated code reads as the derivatives it computes. Only expressions that cannot throw go:
 * the user's own locals and every statement the method would run are kept.
 */
public final class DropUnusedTangents implements Pass {

    @Override
    public String name() {
        return "drop-unused-tangents";
    }

    @Override
    public Kernel apply(Kernel kernel) {
        List<Function> helpers = kernel.helpers().stream().map(DropUnusedTangents::drop).toList();
        return kernel.withPoint(drop(kernel.point()), kernel.hoisted()).withHelpers(helpers);
    }

    static Function drop(Function f) {
        Function current = f;
        while (true) {
            Set<String> read = readVariables(current.body());
            read.addAll(pinned(current.body()));
            Set<String> dropped = new HashSet<>();
            Stmt.Block body = new IrMutator() {
                @Override
                public List<Stmt> stmts(List<Stmt> in) {
                    List<Stmt> out = new ArrayList<>();
                    for (Stmt s : in) {
                        if (unusedTangent(s, read)) {
                            dropped.add(s instanceof Stmt.Declare d ? d.name() : ((Stmt.Assign) s).name());
                        } else {
                            out.add(stmt(s));
                        }
                    }
                    return out.size() == in.size() && dropped.isEmpty() ? in : out;
                }
            }.block(current.body());
            if (dropped.isEmpty()) {
                return current;
            }
            current = current.withBody(body);
        }
    }

    private static boolean unusedTangent(Stmt s, Set<String> read) {
        String name;
        Expr value;
        if (s instanceof Stmt.Declare d) {
            name = d.name();
            value = d.init();
        } else if (s instanceof Stmt.Assign a) {
            name = a.name();
            value = a.value();
        } else {
            return false;
        }
        return (name.startsWith("gf_d") || name.startsWith("gf_t")) && !read.contains(name)
                && (value == null || !CanThrow.in(value, true));
    }

    /**
     * The tangents with a value that can throw: that statement stays, and so must the tangent's
     * declaration and every other assignment, or the kept one names an undeclared variable.
     */
    private static Set<String> pinned(Stmt.Block body) {
        Set<String> pinned = new HashSet<>();
        new IrMutator() {
            @Override
            protected Stmt declare(Stmt.Declare d) {
                if (d.init() != null && CanThrow.in(d.init(), true)) {
                    pinned.add(d.name());
                }
                return d;
            }

            @Override
            protected Stmt assign(Stmt.Assign a) {
                if (CanThrow.in(a.value(), true)) {
                    pinned.add(a.name());
                }
                return a;
            }
        }.block(body);
        return pinned;
    }

    /** Every variable some expression of the body reads. */
    private static Set<String> readVariables(Stmt.Block body) {
        Set<String> read = new HashSet<>();
        IrScanner scanner = new IrScanner() {
            @Override
            public void expr(Expr x) {
                if (x instanceof Expr.Var v) {
                    read.add(v.name());
                }
                super.expr(x);
            }
        };
        new IrMutator() {
            @Override
            public Expr expr(Expr e) {
                scanner.expr(e);
                return e;
            }
        }.block(body);
        return read;
    }
}
