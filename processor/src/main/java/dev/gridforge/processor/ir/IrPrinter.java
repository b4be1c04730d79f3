package dev.gridforge.processor.ir;

import java.util.List;

/**
 * The IR as text, for {@code -Agridforge.dumpIr=true} and for tests: one line per statement, in a
 * Java-like syntax that shows what the IR holds and not how a printer would lower it: every
 * conversion as a cast, grid reads as {@code u.at(1, 0)}, array reads as {@code x.get(i)}, local
 * arrays as {@code h[i]}, helper calls by their IR name, unexpanded derivatives as
 * {@code d(expr, var)}, stores to outputs as {@code out.set(v)}, and every declaration with its type.
 */
public final class IrPrinter {
    private final StringBuilder out = new StringBuilder();
    private int indent;

    private IrPrinter() {
    }

    /** The kernel after a pass: its hoisted values, its point function, then each helper. */
    public static String kernel(Kernel k) {
        IrPrinter p = new IrPrinter();
        for (Kernel.Hoisted h : k.hoisted()) {
            p.line("hoisted " + h.value().type().javaName() + " " + h.name() + " = " + p.expr(h.value()));
        }
        p.function(k.point());
        k.helpers().forEach(p::function);
        return p.out.toString();
    }

    public static String expression(Expr e) {
        return new IrPrinter().expr(e);
    }

    private void function(Function f) {
        String params = String.join(", ", f.parameters().stream().map(p -> p.type().javaName() + " " + p.name()).toList());
        line((f.isVoid() ? "void" : f.returnType().javaName()) + " " + f.name() + "(" + params + ") {   // " + f.sourceName());
        indent++;
        f.body().statements().forEach(this::stmt);
        indent--;
        line("}");
    }

    private void line(String s) {
        out.append("  ".repeat(indent + 1)).append(s).append('\n');
    }

    private void block(Stmt s) {
        indent++;
        if (s instanceof Stmt.Block b) {
            b.statements().forEach(this::stmt);
        } else {
            stmt(s);
        }
        indent--;
    }

    private void stmt(Stmt s) {
        s.accept(statements);
    }

    private final Stmt.Visitor<Void> statements = new Stmt.Visitor<>() {
        @Override
        public Void visitDeclare(Stmt.Declare d) {
            line(d.type().javaName() + " " + d.name() + (d.init() == null ? "" : " = " + expr(d.init())) + ";");
            return null;
        }

        @Override
        public Void visitAssign(Stmt.Assign a) {
            line(a.name() + " = " + expr(a.value()) + ";");
            return null;
        }

        @Override
        public Void visitDeclareArray(Stmt.DeclareArray a) {
            line(a.type().javaName() + "[] " + a.name() + " = new " + a.type().javaName() + "[" + a.length() + "];");
            return null;
        }

        @Override
        public Void visitStoreElement(Stmt.StoreElement s) {
            line(s.name() + "[" + expr(s.index()) + "] = " + expr(s.value()) + ";");
            return null;
        }

        @Override
        public Void visitIf(Stmt.If i) {
            line("if (" + expr(i.cond()) + ") {");
            block(i.then());
            if (i.otherwise() != null) {
                line("} else {");
                block(i.otherwise());
            }
            line("}");
            return null;
        }

        @Override
        public Void visitWhile(Stmt.While w) {
            line("while (" + expr(w.cond()) + ") {");
            block(w.body());
            line("}");
            return null;
        }

        @Override
        public Void visitDoWhile(Stmt.DoWhile d) {
            line("do {");
            block(d.body());
            line("} while (" + expr(d.cond()) + ");");
            return null;
        }

        @Override
        public Void visitFor(Stmt.For f) {
            line("for (" + inline(f.init()) + "; " + (f.cond() == null ? "" : expr(f.cond())) + "; " + inline(f.update()) + ") {");
            block(f.body());
            line("}");
            return null;
        }

        @Override
        public Void visitBreak(Stmt.Break b) {
            line("break;");
            return null;
        }

        @Override
        public Void visitContinue(Stmt.Continue c) {
            line("continue;");
            return null;
        }

        @Override
        public Void visitReturn(Stmt.Return r) {
            line(r.value() == null ? "return;" : "return " + expr(r.value()) + ";");
            return null;
        }

        @Override
        public Void visitStore(Stmt.Store s) {
            line((s.output().returned() ? "result" : s.output().name()) + ".set(" + expr(s.value()) + ");");
            return null;
        }

        @Override
        public Void visitBlock(Stmt.Block b) {
            line("{");
            block(b);
            line("}");
            return null;
        }
    };

    /** A for loop's initialisers or updates on one line. */
    private String inline(List<Stmt> statements) {
        IrPrinter p = new IrPrinter();
        statements.forEach(p::stmt);
        return String.join(", ", p.out.toString().lines().map(String::strip).map(l -> l.endsWith(";") ? l.substring(0, l.length() - 1) : l)
                .toList());
    }

    private String expr(Expr e) {
        return e.accept(expressions);
    }

    private String args(List<Expr> args) {
        return String.join(", ", args.stream().map(this::expr).toList());
    }

    /** Every operand is parenthesised unless it is an atom: the tree's shape, not precedence, is what a dump shows. */
    private String operand(Expr e) {
        String s = expr(e);
        return e instanceof Expr.Binary || e instanceof Expr.Conditional || e instanceof Expr.Cast || e instanceof Expr.Unary
                || s.startsWith("-") ? "(" + s + ")" : s;
    }

    private final Expr.Visitor<String> expressions = new Expr.Visitor<>() {
        @Override
        public String visitLiteral(Expr.Literal l) {
            return switch (l.type()) {
                case LONG -> l.value() + "L";
                case FLOAT -> l.value() + "f";
                default -> String.valueOf(l.value());
            };
        }

        @Override
        public String visitVar(Expr.Var v) {
            return v.name();
        }

        @Override
        public String visitUnary(Expr.Unary u) {
            return u.op().symbol() + operand(u.operand());
        }

        @Override
        public String visitBinary(Expr.Binary b) {
            return operand(b.left()) + " " + b.op().symbol() + " " + operand(b.right());
        }

        @Override
        public String visitCast(Expr.Cast c) {
            return "(" + c.type().javaName() + ") " + operand(c.operand());
        }

        @Override
        public String visitConditional(Expr.Conditional c) {
            return operand(c.cond()) + " ? " + operand(c.then()) + " : " + operand(c.otherwise());
        }

        @Override
        public String visitMathCall(Expr.MathCall m) {
            return m.function().owner() + "." + m.function().javaName() + "(" + args(m.args()) + ")";
        }

        @Override
        public String visitCall(Expr.Call c) {
            return c.function() + "(" + args(c.args()) + ")";
        }

        @Override
        public String visitGridRead(Expr.GridRead g) {
            return g.grid() + ".at(" + String.join(", ", g.offsets().stream().map(String::valueOf).toList()) + ")";
        }

        @Override
        public String visitArrayRead(Expr.ArrayRead a) {
            return a.array() + ".get(" + args(a.indices()) + ")";
        }

        @Override
        public String visitElement(Expr.Element e) {
            return e.array() + "[" + expr(e.index()) + "]";
        }

        @Override
        public String visitArrayExtent(Expr.ArrayExtent x) {
            return x.array() + ".extent(" + x.axis() + ")";
        }

        @Override
        public String visitDerivative(Expr.Derivative d) {
            return "d(" + expr(d.expr()) + ", " + d.var() + ")";
        }
    };
}
