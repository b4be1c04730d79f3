package dev.gridforge.processor.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Structural helpers for passes: rebuild a node with its children mapped, or visit every node. */
public final class IrMaps {
    private IrMaps() {
    }

    /** The node with {@code f} applied to each direct child expression (not to the node itself). */
    public static Expr mapChildren(Expr e, UnaryOperator<Expr> f) {
        if (e instanceof Expr.Unary u) {
            return new Expr.Unary(u.op(), f.apply(u.operand()));
        } else if (e instanceof Expr.Binary b) {
            return new Expr.Binary(b.op(), f.apply(b.left()), f.apply(b.right()));
        } else if (e instanceof Expr.Cast c) {
            return new Expr.Cast(c.type(), f.apply(c.operand()));
        } else if (e instanceof Expr.Conditional c) {
            return new Expr.Conditional(f.apply(c.cond()), f.apply(c.then()), f.apply(c.otherwise()));
        } else if (e instanceof Expr.MathCall m) {
            return new Expr.MathCall(m.function(), m.args().stream().map(f).toList());
        } else if (e instanceof Expr.Call c) {
            return new Expr.Call(c.function(), c.args().stream().map(f).toList(), c.type());
        }
        return e;
    }

    /** Applies {@code f} bottom-up: children first, then the rebuilt node. */
    public static Expr postOrder(Expr e, UnaryOperator<Expr> f) {
        return f.apply(mapChildren(e, child -> postOrder(child, f)));
    }

    /** Visits {@code e} and every sub-expression, parents first. */
    public static void forEach(Expr e, Consumer<Expr> visit) {
        visit.accept(e);
        mapChildren(e, child -> {
            forEach(child, visit);
            return child;
        });
    }

    /** The statement with {@code f} applied to each expression it holds directly or in nested statements. */
    public static Stmt mapExprs(Stmt s, UnaryOperator<Expr> f) {
        if (s instanceof Stmt.Declare d) {
            return new Stmt.Declare(d.name(), d.type(), d.init() == null ? null : f.apply(d.init()));
        } else if (s instanceof Stmt.Assign a) {
            return new Stmt.Assign(a.name(), f.apply(a.value()));
        } else if (s instanceof Stmt.If i) {
            return new Stmt.If(f.apply(i.cond()), mapExprs(i.then(), f),
                    i.otherwise() == null ? null : mapExprs(i.otherwise(), f));
        } else if (s instanceof Stmt.While w) {
            return new Stmt.While(f.apply(w.cond()), mapExprs(w.body(), f));
        } else if (s instanceof Stmt.DoWhile d) {
            return new Stmt.DoWhile(mapExprs(d.body(), f), f.apply(d.cond()));
        } else if (s instanceof Stmt.For l) {
            return new Stmt.For(mapAll(l.init(), f), l.cond() == null ? null : f.apply(l.cond()),
                    mapAll(l.update(), f), mapExprs(l.body(), f));
        } else if (s instanceof Stmt.Return r) {
            return new Stmt.Return(f.apply(r.value()));
        } else if (s instanceof Stmt.Block b) {
            return new Stmt.Block(mapAll(b.statements(), f));
        }
        return s;
    }

    public static Stmt.Block mapExprs(Stmt.Block b, UnaryOperator<Expr> f) {
        return (Stmt.Block) mapExprs((Stmt) b, f);
    }

    private static List<Stmt> mapAll(List<Stmt> statements, UnaryOperator<Expr> f) {
        List<Stmt> out = new ArrayList<>(statements.size());
        for (Stmt s : statements) {
            out.add(mapExprs(s, f));
        }
        return out;
    }
}
