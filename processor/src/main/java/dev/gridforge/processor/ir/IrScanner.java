package dev.gridforge.processor.ir;

/**
 * Visits IR without changing it. Every node's children ({@link Node#children()}) are visited by
 * default, so an analysis overrides only the nodes it looks at, calling {@code super} (or
 * {@link #scanChildren}) to keep descending; {@link #expr} and {@link #stmt} see every node first.
 */
public class IrScanner implements Expr.Visitor<Void>, Stmt.Visitor<Void> {

    public void function(Function f) {
        stmt(f.body());
    }

    /** Every statement passes through here before its own visit method. */
    public void stmt(Stmt s) {
        s.accept(this);
    }

    /** Every expression passes through here before its own visit method. */
    public void expr(Expr e) {
        e.accept(this);
    }

    protected final Void scanChildren(Node n) {
        for (Node child : n.children()) {
            if (child instanceof Expr e) {
                expr(e);
            } else {
                stmt((Stmt) child);
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- statements

    @Override
    public Void visitDeclare(Stmt.Declare d) {
        return scanChildren(d);
    }

    @Override
    public Void visitAssign(Stmt.Assign a) {
        return scanChildren(a);
    }

    @Override
    public Void visitDeclareArray(Stmt.DeclareArray a) {
        return scanChildren(a);
    }

    @Override
    public Void visitStoreElement(Stmt.StoreElement s) {
        return scanChildren(s);
    }

    @Override
    public Void visitIf(Stmt.If node) {
        return scanChildren(node);
    }

    @Override
    public Void visitWhile(Stmt.While node) {
        return scanChildren(node);
    }

    @Override
    public Void visitDoWhile(Stmt.DoWhile node) {
        return scanChildren(node);
    }

    @Override
    public Void visitFor(Stmt.For node) {
        return scanChildren(node);
    }

    @Override
    public Void visitBreak(Stmt.Break node) {
        return scanChildren(node);
    }

    @Override
    public Void visitContinue(Stmt.Continue node) {
        return scanChildren(node);
    }

    @Override
    public Void visitReturn(Stmt.Return node) {
        return scanChildren(node);
    }

    @Override
    public Void visitStore(Stmt.Store s) {
        return scanChildren(s);
    }

    @Override
    public Void visitBlock(Stmt.Block b) {
        return scanChildren(b);
    }

    // ---------------------------------------------------------------- expressions

    @Override
    public Void visitLiteral(Expr.Literal l) {
        return scanChildren(l);
    }

    @Override
    public Void visitVar(Expr.Var v) {
        return scanChildren(v);
    }

    @Override
    public Void visitUnary(Expr.Unary u) {
        return scanChildren(u);
    }

    @Override
    public Void visitBinary(Expr.Binary b) {
        return scanChildren(b);
    }

    @Override
    public Void visitCast(Expr.Cast c) {
        return scanChildren(c);
    }

    @Override
    public Void visitConditional(Expr.Conditional c) {
        return scanChildren(c);
    }

    @Override
    public Void visitMathCall(Expr.MathCall m) {
        return scanChildren(m);
    }

    @Override
    public Void visitCall(Expr.Call c) {
        return scanChildren(c);
    }

    @Override
    public Void visitGridRead(Expr.GridRead g) {
        return scanChildren(g);
    }

    @Override
    public Void visitArrayRead(Expr.ArrayRead a) {
        return scanChildren(a);
    }

    @Override
    public Void visitElement(Expr.Element e) {
        return scanChildren(e);
    }

    @Override
    public Void visitArrayExtent(Expr.ArrayExtent x) {
        return scanChildren(x);
    }

    @Override
    public Void visitDerivative(Expr.Derivative d) {
        return scanChildren(d);
    }
}
