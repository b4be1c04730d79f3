package dev.gridforge.processor.passes;

import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.IrMutator;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * expand-derivatives: replaces every {@code d(expr, var)} of the kernel by its forward-mode
 * formula. One direction at a time: pick a derivative that is <em>ready</em> (its expression
 * reads no other derivative, directly or through a local assigned one), give every variable
 * that depends on {@code var} a tangent ({@code gf_d1_u} beside {@code u}, see
 * {@link ForwardMode}), and replace each ready {@code d(e, var)} by the tangent of {@code e}.
 * A nested {@code d(d(u, x), x)} is then ready in the next direction, which differentiates the
 * first direction's tangents in turn: second derivatives by forward over forward. A helper called
 * with an active argument gets a tangent function ({@code gf_d10_lap} for the first of two
 * parameters), made once per pattern of active parameters.
 *
 * <p>Tangent code the result does not use (a tangent of a local read by no derivative) is left
 * for the C++ and JIT compilers to drop.
 */
public final class ExpandDerivatives implements Pass {

    @Override
    public String name() {
        return "expand-derivatives";
    }

    @Override
    public Kernel apply(Kernel kernel) {
        if (!containsDerivative(kernel.point().body())) {
            return kernel;
        }
        Helpers helpers = new Helpers(kernel.helpers());
        Function point = kernel.point();
        int direction = 0;
        Map<String, ForwardMode> firstMode = new java.util.HashMap<>(); // var -> its first direction
        while (containsDerivative(point.body())) {
            direction++;
            Set<String> tainted = taintedLocals(point);
            Expr.Derivative first = firstReady(point.body(), tainted);
            if (first == null) {
                throw new PassException(kernel.name(), "a derivative of a local that holds a derivative of itself"
                        + " ('u = d(u, x)' and then d(u, ...)): gridforge cannot order them. Give each derivative its own"
                        + " local (double ux = d(u, x); double uxx = d(ux, x);)");
            }
            String var = first.var();
            ForwardMode fm = new ForwardMode("gf_d" + direction + "_", helpers);
            // Each ready d(e, var) becomes the tangent of e, at the place it is written.
            Stmt.Block replaced = new IrMutator() {
                @Override
                public Expr visitDerivative(Expr.Derivative d) {
                    if (d.var().equals(var) && isReady(d, tainted)) {
                        // stands for the tangent until every derivative of the direction is marked
                        return new Expr.Call(ForwardMode.MARKER, List.of(d.expr()), d.type());
                    }
                    return super.visitDerivative(d);
                }
            }.block(point.body());
            fm.findActive(point.parameters(), replaced, Set.of(var));
            Stmt.Block expanded = fm.block(substituteMarkers(replaced, fm));
            ForwardMode earlier = firstMode.putIfAbsent(var, fm);
            if (earlier != null) {
                Set<String> shared = new HashSet<>();
                Set<String> holding = holdingDerivatives(point);
                for (String v : fm.activeVariables()) {
                    if (!v.startsWith("gf_") && earlier.isActive(v) && !holding.contains(v)) {
                        shared.add(v);
                    }
                }
                expanded = readEarlierTangents(expanded, fm.tangentName(""), earlier.tangentName(""), shared);
            }
            List<Stmt> body = new ArrayList<>();
            // the seed: d var / d var = 1
            body.add(new Stmt.Declare(fm.tangentName(var), typeOf(point, var), ForwardMode.one(typeOf(point, var))));
            body.addAll(fm.zeroTangentsOfParameters(point.parameters(), Set.of(var)));
            body.addAll(expanded.statements());
            point = point.withBody(new Stmt.Block(body));
        }
        List<Function> all = new ArrayList<>(kernel.helpers());
        all.addAll(helpers.made());
        return kernel.withPoint(point, kernel.hoisted()).withHelpers(all);
    }

    /**
     * A second direction along the same variable (the outer x of d(d(u, x), x)) computes the
     * tangents of the kernel's own variables again, by the same formulas, from the same seed: so
     * for each variable in {@code shared} (active in both, and holding no derivative, whose
     * tangent would differ) it reads the first direction's tangent ({@code gf_d2_u} for
     * {@code gf_d3_u}); its own copies, read by nothing then, are dropped later. Its tangents of
     * tangents ({@code gf_d3_gf_d2_u}, the second derivative) are its own.
     */
    private static Stmt.Block readEarlierTangents(Stmt.Block body, String prefix, String earlier, Set<String> shared) {
        return new IrMutator() {
            @Override
            public Expr visitVar(Expr.Var v) {
                String primal = primalOf(v.name(), prefix, shared);
                return primal == null ? v : new Expr.Var(earlier + primal, v.type());
            }

            @Override
            public Expr visitElement(Expr.Element e) {
                Expr.Element inner = (Expr.Element) super.visitElement(e);
                String primal = primalOf(inner.array(), prefix, shared);
                return primal == null ? inner : new Expr.Element(earlier + primal, inner.type(), inner.index());
            }
        }.block(body);
    }

    /** {@code u} for {@code gf_d3_u} under prefix {@code gf_d3_} when u is shared; else null. */
    private static String primalOf(String name, String prefix, Set<String> shared) {
        if (!name.startsWith(prefix)) {
            return null;
        }
        String rest = name.substring(prefix.length());
        return shared.contains(rest) ? rest : null;
    }

    /** The kernel's own locals that hold a derivative: assigned, directly or through others, a tangent or a d(...). */
    private static Set<String> holdingDerivatives(Function f) {
        Assignments assignments = Assignments.of(f.parameters(), f.body());
        return assignments.closure(taintedLocals(f), (a, in) -> !a.target().startsWith("gf_") && Assignments.reads(a.value(),
                x -> {
                    String name = Assignments.nameOf(x);
                    return name != null && (name.startsWith("gf_d") || in.contains(name));
                }, x -> false));
    }

    private static dev.gridforge.processor.ir.Type typeOf(Function f, String parameter) {
        return f.parameters().stream().filter(p -> p.name().equals(parameter)).findFirst().orElseThrow().type();
    }

    static boolean containsDerivative(Stmt.Block body) {
        boolean[] found = {false};
        new IrMutator() {
            @Override
            public Expr visitDerivative(Expr.Derivative d) {
                found[0] = true;
                return d;
            }
        }.block(body);
        return found[0];
    }

    /** Locals that hold a derivative, directly or through other locals (flow-insensitive). */
    private static Set<String> taintedLocals(Function f) {
        return Assignments.of(f.parameters(), f.body()).closure(Set.of(), (a, in) -> readsDerivative(a.value(), in));
    }

    private static boolean readsDerivative(Expr e, Set<String> tainted) {
        return Assignments.reads(e, x -> x instanceof Expr.Derivative || tainted.contains(Assignments.nameOf(x)), x -> false);
    }

    private static boolean isReady(Expr.Derivative d, Set<String> tainted) {
        return !readsDerivative(d.expr(), tainted);
    }

    private static Expr.Derivative firstReady(Stmt.Block body, Set<String> tainted) {
        Expr.Derivative[] first = {null};
        new IrMutator() {
            @Override
            public Expr visitDerivative(Expr.Derivative d) {
                if (first[0] == null && isReady(d, tainted)) {
                    first[0] = d;
                }
                return super.visitDerivative(d);
            }
        }.block(body);
        return first[0];
    }

    private static Stmt.Block substituteMarkers(Stmt.Block body, ForwardMode fm) {
        return new IrMutator() {
            @Override
            public Expr visitCall(Expr.Call c) {
                if (ForwardMode.isMarker(c)) {
                    return fm.tangentOrZero(c.args().get(0), c.type());
                }
                return super.visitCall(c);
            }
        }.block(body);
    }

    /** The helpers' tangent functions, made on first use for each pattern of active parameters. */
    private static final class Helpers implements ForwardMode.HelperTangents {
        private final Map<String, Function> byName = new LinkedHashMap<>();
        private final List<Function> made = new ArrayList<>();

        Helpers(List<Function> helpers) {
            helpers.forEach(f -> byName.put(f.name(), f));
        }

        List<Function> made() {
            return made;
        }

        @Override
        public String tangentOf(String helper, boolean[] active) {
            StringBuilder mask = new StringBuilder();
            for (boolean a : active) {
                mask.append(a ? '1' : '0');
            }
            String name = "gf_d" + mask + "_" + helper;
            if (!byName.containsKey(name)) {
                Function f = byName.get(helper);
                if (f == null) {
                    throw new IllegalStateException("internal error: no helper " + helper + " to differentiate");
                }
                Function tangent = tangentFunction(f, name, active);
                byName.put(name, tangent);
                made.add(tangent);
            }
            return name;
        }

        /**
         * {@code f}'s derivative along the active parameters' tangents, which it takes after its own
         * parameters ({@code gf_t1_x}): the body of {@code f} with tangents, returning the tangent
         * of what {@code f} returns.
         */
        private Function tangentFunction(Function f, String name, boolean[] active) {
            // a tangent of a tangent function has both generations of tangents: each its own prefix
            ForwardMode fm = new ForwardMode("gf_t" + (made.size() + 1) + "_", this);
            Set<String> seeds = new HashSet<>();
            List<Function.Parameter> params = new ArrayList<>(f.parameters());
            for (int i = 0; i < active.length; i++) {
                if (active[i]) {
                    Function.Parameter p = f.parameters().get(i);
                    seeds.add(p.name());
                    params.add(new Function.Parameter(fm.tangentName(p.name()), p.type()));
                }
            }
            fm.findActive(f.parameters(), f.body(), seeds);
            List<Stmt> statements = new ArrayList<>(fm.zeroTangentsOfParameters(f.parameters(), seeds));
            statements.addAll(fm.block(f.body()).statements());
            Stmt.Block body = new Stmt.Block(statements);
            Stmt.Block returnsTangent = new IrMutator() {
                @Override
                public Stmt visitReturn(Stmt.Return r) {
                    return new Stmt.Return(fm.tangentOrZero(r.value(), f.returnType()));
                }
            }.block(body);
            List<String> by = new ArrayList<>();
            for (int i = 0; i < active.length; i++) {
                if (active[i]) {
                    by.add(f.parameters().get(i).name());
                }
            }
            return new Function(name, f.sourceName() + ", differentiated along " + String.join(" and ", by), f.returnType(),
                    params, returnsTangent);
        }
    }
}
