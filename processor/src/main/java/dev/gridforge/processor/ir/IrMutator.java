package dev.gridforge.processor.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds IR bottom-up. Every method recurses into the node's children by default and
 * rebuilds the node only when a child changed, so a pass overrides just the nodes it rewrites
 * (calling {@code super} first when it wants its children rewritten too).
 */
public class IrMutator {

    public Function function(Function f) {
        Stmt.Block body = block(f.body());
        return body == f.body() ? f : f.withBody(body);
    }

    // ---------------------------------------------------------------- statements

    public Stmt stmt(Stmt s) {
        if (s instanceof Stmt.Declare d) {
            return declare(d);
        } else if (s instanceof Stmt.Assign a) {
            return assign(a);
        } else if (s instanceof Stmt.Store st) {
            return store(st);
        } else if (s instanceof Stmt.StoreElement se) {
            return storeElement(se);
        } else if (s instanceof Stmt.If i) {
            return ifStmt(i);
        } else if (s instanceof Stmt.While w) {
            return whileStmt(w);
        } else if (s instanceof Stmt.DoWhile d) {
            return doWhile(d);
        } else if (s instanceof Stmt.For f) {
            return forStmt(f);
        } else if (s instanceof Stmt.Return r) {
            return returnStmt(r);
        } else if (s instanceof Stmt.Block b) {
            return block(b);
        }
        return s; // break, continue
    }

    public Stmt.Block block(Stmt.Block b) {
        List<Stmt> statements = stmts(b.statements());
        return statements == b.statements() ? b : new Stmt.Block(statements);
    }

    protected Stmt declare(Stmt.Declare d) {
        Expr init = d.init() == null ? null : expr(d.init());
        return init == d.init() ? d : new Stmt.Declare(d.name(), d.type(), init);
    }

    protected Stmt assign(Stmt.Assign a) {
        Expr value = expr(a.value());
        return value == a.value() ? a : new Stmt.Assign(a.name(), value);
    }

    protected Stmt storeElement(Stmt.StoreElement s) {
        Expr index = expr(s.index());
        Expr value = expr(s.value());
        return index == s.index() && value == s.value() ? s : new Stmt.StoreElement(s.name(), index, value);
    }

    protected Stmt store(Stmt.Store s) {
        Expr value = expr(s.value());
        return value == s.value() ? s : new Stmt.Store(s.output(), value);
    }

    protected Stmt ifStmt(Stmt.If i) {
        Expr cond = expr(i.cond());
        Stmt then = stmt(i.then());
        Stmt otherwise = i.otherwise() == null ? null : stmt(i.otherwise());
        return cond == i.cond() && then == i.then() && otherwise == i.otherwise() ? i : new Stmt.If(cond, then, otherwise);
    }

    protected Stmt whileStmt(Stmt.While w) {
        Expr cond = expr(w.cond());
        Stmt body = stmt(w.body());
        return cond == w.cond() && body == w.body() ? w : new Stmt.While(cond, body);
    }

    protected Stmt doWhile(Stmt.DoWhile d) {
        Stmt body = stmt(d.body());
        Expr cond = expr(d.cond());
        return cond == d.cond() && body == d.body() ? d : new Stmt.DoWhile(body, cond);
    }

    protected Stmt forStmt(Stmt.For f) {
        List<Stmt> init = stmts(f.init());
        Expr cond = f.cond() == null ? null : expr(f.cond());
        List<Stmt> update = stmts(f.update());
        Stmt body = stmt(f.body());
        return init == f.init() && cond == f.cond() && update == f.update() && body == f.body()
                ? f : new Stmt.For(init, cond, update, body);
    }

    protected Stmt returnStmt(Stmt.Return r) {
        Expr value = r.value() == null ? null : expr(r.value());
        return value == r.value() ? r : new Stmt.Return(value);
    }

    /** The list itself when no statement changed. */
    public List<Stmt> stmts(List<Stmt> in) {
        List<Stmt> out = null;
        for (int i = 0; i < in.size(); i++) {
            Stmt s = stmt(in.get(i));
            if (s != in.get(i) && out == null) {
                out = new ArrayList<>(in.subList(0, i));
            }
            if (out != null) {
                out.add(s);
            }
        }
        return out == null ? in : out;
    }

    // ---------------------------------------------------------------- expressions

    public Expr expr(Expr e) {
        if (e instanceof Expr.Literal l) {
            return literal(l);
        } else if (e instanceof Expr.Var v) {
            return var(v);
        } else if (e instanceof Expr.Unary u) {
            return unary(u);
        } else if (e instanceof Expr.Binary b) {
            return binary(b);
        } else if (e instanceof Expr.Cast c) {
            return cast(c);
        } else if (e instanceof Expr.Conditional c) {
            return conditional(c);
        } else if (e instanceof Expr.MathCall m) {
            return mathCall(m);
        } else if (e instanceof Expr.Call c) {
            return call(c);
        } else if (e instanceof Expr.GridRead g) {
            return gridRead(g);
        } else if (e instanceof Expr.ArrayRead a) {
            return arrayRead(a);
        } else if (e instanceof Expr.ArrayExtent x) {
            return x;
        } else if (e instanceof Expr.Derivative d) {
            return derivative(d);
        } else if (e instanceof Expr.Element el) {
            return element(el);
        }
        throw new IllegalStateException("internal error: IrMutator has no case for " + e);
    }

    protected Expr literal(Expr.Literal l) {
        return l;
    }

    protected Expr var(Expr.Var v) {
        return v;
    }

    protected Expr gridRead(Expr.GridRead g) {
        return g;
    }

    protected Expr element(Expr.Element e) {
        Expr index = expr(e.index());
        return index == e.index() ? e : new Expr.Element(e.array(), e.type(), index);
    }

    protected Expr derivative(Expr.Derivative d) {
        Expr inner = expr(d.expr());
        return inner == d.expr() ? d : new Expr.Derivative(inner, d.var(), d.type());
    }

    protected Expr arrayRead(Expr.ArrayRead a) {
        List<Expr> indices = a.indices().stream().map(this::expr).toList();
        return indices.equals(a.indices()) ? a : new Expr.ArrayRead(a.array(), a.type(), indices);
    }

    protected Expr unary(Expr.Unary u) {
        Expr operand = expr(u.operand());
        return operand == u.operand() ? u : new Expr.Unary(u.op(), operand);
    }

    protected Expr binary(Expr.Binary b) {
        Expr left = expr(b.left());
        Expr right = expr(b.right());
        return left == b.left() && right == b.right() ? b : new Expr.Binary(b.op(), left, right);
    }

    protected Expr cast(Expr.Cast c) {
        Expr operand = expr(c.operand());
        return operand == c.operand() ? c : new Expr.Cast(c.type(), operand);
    }

    protected Expr conditional(Expr.Conditional c) {
        Expr cond = expr(c.cond());
        Expr then = expr(c.then());
        Expr otherwise = expr(c.otherwise());
        return cond == c.cond() && then == c.then() && otherwise == c.otherwise() ? c
                : new Expr.Conditional(cond, then, otherwise);
    }

    protected Expr mathCall(Expr.MathCall m) {
        List<Expr> args = exprs(m.args());
        return args == m.args() ? m : new Expr.MathCall(m.function(), args);
    }

    protected Expr call(Expr.Call c) {
        List<Expr> args = exprs(c.args());
        return args == c.args() ? c : new Expr.Call(c.function(), args, c.type());
    }

    /** The list itself when no expression changed. */
    protected final List<Expr> exprs(List<Expr> in) {
        List<Expr> out = null;
        for (int i = 0; i < in.size(); i++) {
            Expr e = expr(in.get(i));
            if (e != in.get(i) && out == null) {
                out = new ArrayList<>(in.subList(0, i));
            }
            if (out != null) {
                out.add(e);
            }
        }
        return out == null ? in : out;
    }
}
