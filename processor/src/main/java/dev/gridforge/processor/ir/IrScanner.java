package dev.gridforge.processor.ir;

/**
 * Visits IR without changing it: every node's children are visited by default, so an analysis
 * overrides only the nodes it looks at (calling {@code super} to keep descending).
 */
public class IrScanner {

    public void function(Function f) {
        stmt(f.body());
    }

    public void stmt(Stmt s) {
        if (s instanceof Stmt.Declare d) {
            declare(d);
        } else if (s instanceof Stmt.Assign a) {
            assign(a);
        } else if (s instanceof Stmt.Store st) {
            expr(st.value());
        } else if (s instanceof Stmt.If i) {
            expr(i.cond());
            stmt(i.then());
            if (i.otherwise() != null) {
                stmt(i.otherwise());
            }
        } else if (s instanceof Stmt.While w) {
            expr(w.cond());
            stmt(w.body());
        } else if (s instanceof Stmt.DoWhile d) {
            stmt(d.body());
            expr(d.cond());
        } else if (s instanceof Stmt.For f) {
            f.init().forEach(this::stmt);
            if (f.cond() != null) {
                expr(f.cond());
            }
            f.update().forEach(this::stmt);
            stmt(f.body());
        } else if (s instanceof Stmt.Return r) {
            if (r.value() != null) {
                expr(r.value());
            }
        } else if (s instanceof Stmt.Block b) {
            b.statements().forEach(this::stmt);
        }
    }

    protected void declare(Stmt.Declare d) {
        if (d.init() != null) {
            expr(d.init());
        }
    }

    protected void assign(Stmt.Assign a) {
        expr(a.value());
    }

    public void expr(Expr e) {
        if (e instanceof Expr.Unary u) {
            expr(u.operand());
        } else if (e instanceof Expr.Binary b) {
            expr(b.left());
            expr(b.right());
        } else if (e instanceof Expr.Cast c) {
            expr(c.operand());
        } else if (e instanceof Expr.Conditional c) {
            expr(c.cond());
            expr(c.then());
            expr(c.otherwise());
        } else if (e instanceof Expr.MathCall m) {
            m.args().forEach(this::expr);
        } else if (e instanceof Expr.Call c) {
            call(c);
        } else if (e instanceof Expr.GridRead g) {
            gridRead(g);
        } else if (e instanceof Expr.ArrayRead a) {
            arrayRead(a);
        } else if (e instanceof Expr.Derivative d) {
            derivative(d);
        } else if (e instanceof Expr.Element el) {
            expr(el.index());
        }
    }

    protected void derivative(Expr.Derivative d) {
        expr(d.expr());
    }

    protected void arrayRead(Expr.ArrayRead a) {
        a.indices().forEach(this::expr);
    }

    protected void gridRead(Expr.GridRead g) {
    }

    protected void call(Expr.Call c) {
        c.args().forEach(this::expr);
    }
}
