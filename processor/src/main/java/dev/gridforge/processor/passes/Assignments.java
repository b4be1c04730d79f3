package dev.gridforge.processor.passes;

import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.IrMutator;
import dev.gridforge.processor.ir.IrScanner;
import dev.gridforge.processor.ir.Stmt;
import dev.gridforge.processor.ir.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Every value a body gives a variable, for the flow-insensitive analyses of the derivative passes
 * (which locals depend on a variable, which hold a derivative): declarations with a value,
 * assignments and local-array element stores, in program order, each with the type of the
 * declaration in scope at that point (two sibling scopes may declare one name with two types).
 */
record Assignments(List<Assignment> all) {

    /** {@code target = value}, the target of {@code type}. */
    record Assignment(String target, Expr value, Type type) {
    }

    static Assignments of(List<Function.Parameter> parameters, Stmt.Block body) {
        Map<String, Type> types = new HashMap<>();
        parameters.forEach(p -> types.put(p.name(), p.type()));
        List<Assignment> all = new ArrayList<>();
        new IrMutator() {
            @Override
            public Stmt stmt(Stmt s) {
                if (s instanceof Stmt.Declare d) {
                    types.put(d.name(), d.type());
                    if (d.init() != null) {
                        all.add(new Assignment(d.name(), d.init(), d.type()));
                    }
                } else if (s instanceof Stmt.DeclareArray a) {
                    types.put(a.name(), a.type());
                } else if (s instanceof Stmt.Assign a) {
                    all.add(new Assignment(a.name(), a.value(), types.get(a.name())));
                } else if (s instanceof Stmt.StoreElement e) {
                    all.add(new Assignment(e.name(), e.value(), types.get(e.name()))); // the array holds what an element does
                }
                return super.stmt(s);
            }
        }.block(body);
        return new Assignments(List.copyOf(all));
    }

    /**
     * The smallest set holding {@code seeds} and every assignment's target that {@code joins}
     * says belongs, given the set so far: a fixpoint over the assignments.
     */
    Set<String> closure(Set<String> seeds, BiPredicate<Assignment, Set<String>> joins) {
        Set<String> in = new HashSet<>(seeds);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Assignment a : all) {
                if (!in.contains(a.target()) && joins.test(a, in)) {
                    in.add(a.target());
                    changed = true;
                }
            }
        }
        return in;
    }

    /** The variable or local array an expression names ({@code u}, or {@code h} of {@code h[i]}); else null. */
    static String nameOf(Expr e) {
        return e instanceof Expr.Var v ? v.name() : e instanceof Expr.Element el ? el.array() : null;
    }

    /**
     * Whether {@code e} holds a node {@code hit} accepts, not looking inside the nodes
     * {@code opaque} accepts.
     */
    static boolean reads(Expr e, Predicate<Expr> hit, Predicate<Expr> opaque) {
        boolean[] found = {false};
        new IrScanner() {
            @Override
            public void expr(Expr x) {
                if (found[0]) {
                    return;
                }
                if (hit.test(x)) {
                    found[0] = true;
                } else if (!opaque.test(x)) {
                    super.expr(x);
                }
            }
        }.expr(e);
        return found[0];
    }

    /** Adds to {@code into} every variable and local array {@code e} reads. */
    static void namesRead(Expr e, Set<String> into) {
        new IrScanner() {
            @Override
            public void expr(Expr x) {
                String name = nameOf(x);
                if (name != null) {
                    into.add(name);
                }
                super.expr(x);
            }
        }.expr(e);
    }
}
