package dev.gridforge.processor.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds IR bottom-up. Every visit method rewrites the node's children ({@link Node#children()})
 * by default and rebuilds the node only when a child changed, so a pass overrides just the nodes
 * it rewrites (calling {@code super} first when it wants their children rewritten too). Lists of
 * statements (a block's, a for loop's initialisers and updates) go through {@link #stmts}, where
 * a pass may drop or insert statements; {@link #expr} and {@link #stmt} see every node first.
 */
public class IrMutator implements Expr.Visitor<Expr>, Stmt.Visitor<Stmt> {

    private final NodeShape.Rewriter rewriter = new NodeShape.Rewriter() {
        @Override
        public Expr expr(Expr e) {
            return IrMutator.this.expr(e);
        }

        @Override
        public Stmt stmt(Stmt s) {
            return IrMutator.this.stmt(s);
        }

        @Override
        public List<Expr> exprs(List<Expr> es) {
            return IrMutator.this.exprs(es);
        }

        @Override
        public List<Stmt> stmts(List<Stmt> ss) {
            return IrMutator.this.stmts(ss);
        }
    };

    public Function function(Function f) {
        Stmt.Block body = block(f.body());
        return body == f.body() ? f : f.withBody(body);
    }

    /** Every statement passes through here before its own visit method. */
    public Stmt stmt(Stmt s) {
        return s.accept(this);
    }

    /** Every expression passes through here before its own visit method. */
    public Expr expr(Expr e) {
        return e.accept(this);
    }

    public final Stmt.Block block(Stmt.Block b) {
        Stmt s = stmt(b);
        if (!(s instanceof Stmt.Block block)) {
            throw new IllegalStateException("internal error: " + getClass().getName() + " turned a block into " + s);
        }
        return block;
    }

    /** {@code n} with its children rewritten; {@code n} itself when none changed. */
    protected final <N extends Node> N rewriteChildren(N n) {
        return NodeShape.of(n.getClass()).rebuild(n, rewriter);
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

    /** The list itself when no expression changed. */
    protected List<Expr> exprs(List<Expr> in) {
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

    // ---------------------------------------------------------------- statements

    @Override
    public Stmt visitDeclare(Stmt.Declare d) {
        return rewriteChildren(d);
    }

    @Override
    public Stmt visitAssign(Stmt.Assign a) {
        return rewriteChildren(a);
    }

    @Override
    public Stmt visitDeclareArray(Stmt.DeclareArray a) {
        return rewriteChildren(a);
    }

    @Override
    public Stmt visitStoreElement(Stmt.StoreElement s) {
        return rewriteChildren(s);
    }

    @Override
    public Stmt visitIf(Stmt.If node) {
        return rewriteChildren(node);
    }

    @Override
    public Stmt visitWhile(Stmt.While node) {
        return rewriteChildren(node);
    }

    @Override
    public Stmt visitDoWhile(Stmt.DoWhile node) {
        return rewriteChildren(node);
    }

    @Override
    public Stmt visitFor(Stmt.For node) {
        return rewriteChildren(node);
    }

    @Override
    public Stmt visitBreak(Stmt.Break node) {
        return rewriteChildren(node);
    }

    @Override
    public Stmt visitContinue(Stmt.Continue node) {
        return rewriteChildren(node);
    }

    @Override
    public Stmt visitReturn(Stmt.Return node) {
        return rewriteChildren(node);
    }

    @Override
    public Stmt visitStore(Stmt.Store s) {
        return rewriteChildren(s);
    }

    @Override
    public Stmt visitBlock(Stmt.Block b) {
        return rewriteChildren(b);
    }

    // ---------------------------------------------------------------- expressions

    @Override
    public Expr visitLiteral(Expr.Literal l) {
        return rewriteChildren(l);
    }

    @Override
    public Expr visitVar(Expr.Var v) {
        return rewriteChildren(v);
    }

    @Override
    public Expr visitUnary(Expr.Unary u) {
        return rewriteChildren(u);
    }

    @Override
    public Expr visitBinary(Expr.Binary b) {
        return rewriteChildren(b);
    }

    @Override
    public Expr visitCast(Expr.Cast c) {
        return rewriteChildren(c);
    }

    @Override
    public Expr visitConditional(Expr.Conditional c) {
        return rewriteChildren(c);
    }

    @Override
    public Expr visitMathCall(Expr.MathCall m) {
        return rewriteChildren(m);
    }

    @Override
    public Expr visitCall(Expr.Call c) {
        return rewriteChildren(c);
    }

    @Override
    public Expr visitGridRead(Expr.GridRead g) {
        return rewriteChildren(g);
    }

    @Override
    public Expr visitArrayRead(Expr.ArrayRead a) {
        return rewriteChildren(a);
    }

    @Override
    public Expr visitElement(Expr.Element e) {
        return rewriteChildren(e);
    }

    @Override
    public Expr visitArrayExtent(Expr.ArrayExtent x) {
        return rewriteChildren(x);
    }

    @Override
    public Expr visitDerivative(Expr.Derivative d) {
        return rewriteChildren(d);
    }
}
