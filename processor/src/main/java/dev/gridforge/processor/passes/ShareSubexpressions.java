package dev.gridforge.processor.passes;

import dev.gridforge.processor.ir.BinaryOp;
import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.IrMutator;
import dev.gridforge.processor.ir.IrScanner;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * share-subexpressions: a library call ({@code Math.exp(-t * t)}) or an array read
 * ({@code w2.get(i, j)}) written more than once in a run of statements, with nothing it reads
 * assigned in between, is computed once into a local ({@code gf_s1}) declared just before its
 * first use. Derivatives repeat the function they differentiate (exp' = exp, sin beside cos) and
 * the reads of the primal (a weight read once by the value and once by each tangent); the JIT does
 * not merge calls of Math functions, and on the GPU each read is a load with its bounds check. The
 * value is the same, bit for bit, since the calls are pure and the arrays read-only. Within one
 * block at a time: an expression in a nested block or loop body is shared within that block only.
 */
public final class ShareSubexpressions implements Pass {

    @Override
    public String name() {
        return "share-subexpressions";
    }

    @Override
    public Kernel apply(Kernel kernel) {
        List<Function> helpers = kernel.helpers().stream().map(ShareSubexpressions::share).toList();
        return kernel.withPoint(share(kernel.point()), kernel.hoisted()).withHelpers(helpers);
    }

    static Function share(Function f) {
        int[] counter = {0};
        Stmt.Block body = new IrMutator() {
            // a block's statements only: a for loop's initialisers and updates are no place for a declaration
            @Override
            public Stmt visitBlock(Stmt.Block b) {
                Stmt.Block inner = (Stmt.Block) super.visitBlock(b);
                List<Stmt> shared = shareIn(inner.statements(), counter);
                return shared.equals(inner.statements()) ? inner : new Stmt.Block(shared);
            }
        }.block(f.body());
        return body == f.body() ? f : f.withBody(body);
    }

    /** One block's statements, with each repeated call computed once. */
    private static List<Stmt> shareIn(List<Stmt> in, int[] counter) {
        List<Stmt> out = new ArrayList<>(in);
        for (int i = 0; i < out.size(); i++) {
            boolean shared = true;
            while (shared) { // again after each share: an outer call now reads the local (sin(gf_s1))
                shared = false;
                for (Expr call : shareable(out.get(i))) {
                    int last = lastUse(out, i, call);
                    if (last < 0) {
                        continue;
                    }
                    String name = "gf_s" + (++counter[0]);
                    Expr.Var var = new Expr.Var(name, call.type());
                    for (int j = i; j <= last; j++) {
                        out.set(j, replace(out.get(j), call, var));
                    }
                    out.add(i, new Stmt.Declare(name, call.type(), call));
                    i++; // the statement that was at i is now at i + 1
                    shared = true;
                    break;
                }
            }
        }
        return out;
    }

    /**
     * What a statement's own expressions (not nested blocks') hold that may be computed once,
     * innermost first, each once: pure Math calls, and array reads the statement makes before
     * anything in it can throw, unconditionally. Such a read, moved just before the statement, is
     * the read the method makes first, so a read outside still throws there (on the JVM) or is
     * reported (on a device), and nowhere else; a read under {@code ?:}, {@code &&} or {@code ||}
     * may not happen at all, and one after a division or another read would throw first. A Math call
     * whose arguments hold such a read follows the same rule.
     */
    private static List<Expr> shareable(Stmt s) {
        Map<Expr, Boolean> found = new LinkedHashMap<>();
        IrScanner scanner = new IrScanner() {
            private boolean mayHaveThrown;
            private int conditional;

            @Override
            public void expr(Expr x) {
                if (x instanceof Expr.Conditional c) {
                    expr(c.cond());
                    conditional++;
                    expr(c.then());
                    expr(c.otherwise());
                    conditional--;
                    return;
                }
                if (x instanceof Expr.Binary b && (b.op() == BinaryOp.COND_AND || b.op() == BinaryOp.COND_OR)) {
                    expr(b.left());
                    conditional++;
                    expr(b.right());
                    conditional--;
                    return;
                }
                boolean before = mayHaveThrown;
                super.expr(x); // operands first, as Java evaluates them
                boolean total = !Throwing.anywhere(x); // computing it earlier, or where it was not, changes nothing
                boolean first = conditional == 0 && !before; // nothing in the statement could have thrown before it
                if (x instanceof Expr.MathCall m && !m.function().canThrow() && m.type().isFloating() && (total || first)) {
                    found.putIfAbsent(m, true);
                }
                if (x instanceof Expr.ArrayRead && first) {
                    found.putIfAbsent(x, true);
                }
                mayHaveThrown |= Throwing.node(x);
            }
        };
        ownExpressions(s).forEach(scanner::expr);
        return new ArrayList<>(found.keySet());
    }

    /**
     * The last statement from {@code from} on whose own expressions hold {@code call} again (as
     * many times as the first, plus more), before anything it reads is assigned; -1 when it is
     * written only once.
     */
    private static int lastUse(List<Stmt> statements, int from, Expr call) {
        Set<String> reads = reads(call);
        int uses = 0;
        int last = -1;
        for (int j = from; j < statements.size(); j++) {
            Stmt s = statements.get(j);
            int here = count(s, call);
            uses += here;
            if (here > 0) {
                last = j;
            }
            if (!(s instanceof Stmt.Declare || s instanceof Stmt.Assign || s instanceof Stmt.Return
                    || s instanceof Stmt.Store || s instanceof Stmt.StoreElement) || assignsAny(s, reads)) {
                break; // control flow, or a value the call reads changes: stop sharing here
            }
        }
        return uses >= 2 ? last : -1;
    }

    private static boolean assignsAny(Stmt s, Set<String> names) {
        return s.target() != null && names.contains(s.target());
    }

    private static Set<String> reads(Expr e) {
        Set<String> names = new HashSet<>();
        Assignments.namesRead(e, names); // a store into a local array the call reads changes its value too
        return names;
    }

    private static int count(Stmt s, Expr call) {
        int[] n = {0};
        IrScanner scanner = new IrScanner() {
            @Override
            public void expr(Expr x) {
                if (x.equals(call)) {
                    n[0]++;
                } else {
                    super.expr(x);
                }
            }
        };
        ownExpressions(s).forEach(scanner::expr);
        return n[0];
    }

    /**
     * The expressions a statement evaluates once, where it stands: a declaration's, assignment's,
     * store's or return's value, an if's condition. Not a loop's condition, evaluated again on
     * every iteration after its body may have changed what it reads.
     */
    private static List<Expr> ownExpressions(Stmt s) {
        boolean once = s instanceof Stmt.Declare || s instanceof Stmt.Assign || s instanceof Stmt.Return
                || s instanceof Stmt.Store || s instanceof Stmt.StoreElement || s instanceof Stmt.If;
        return once ? s.ownExpressions() : List.of();
    }

    /** {@code s} with {@code call} replaced by {@code var} in its own expressions (not in nested statements). */
    private static Stmt replace(Stmt s, Expr call, Expr.Var var) {
        if (ownExpressions(s).isEmpty()) {
            return s;
        }
        return new IrMutator() {
            @Override
            public Expr expr(Expr e) {
                return e.equals(call) ? var : super.expr(e);
            }

            @Override
            public Stmt stmt(Stmt nested) {
                return nested == s ? super.stmt(nested) : nested;
            }
        }.stmt(s);
    }
}
