package dev.gridforge.processor.jvm;

import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.Precedence;
import dev.gridforge.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints kernel IR back as Java source for the JVM backend. Every conversion the front end
 * made implicit in the user's code is explicit here, so this code computes what the user's
 * method computes only if the front end typed it as Java does: the oracle tests check that.
 */
public final class JavaBodyPrinter {
    private final StringBuilder out = new StringBuilder();
    private int indent;

    private JavaBodyPrinter() {
    }

    /** The statements of a function body, one per line, without the enclosing braces. */
    public static String body(Function f) {
        JavaBodyPrinter p = new JavaBodyPrinter();
        f.body().statements().forEach(p::statement);
        return p.out.toString();
    }

    public static String expression(Expr e) {
        return new JavaBodyPrinter().expr(e);
    }

    private void statement(Stmt s) {
        if (s instanceof Stmt.Declare d) {
            line(declaration(d) + ";");
        } else if (s instanceof Stmt.Assign a) {
            line(a.name() + " = " + expr(a.value()) + ";");
        } else if (s instanceof Stmt.If i) {
            line("if (" + expr(i.cond()) + ") {");
            body(i.then());
            Stmt otherwise = i.otherwise();
            while (otherwise instanceof Stmt.If elseIf) {
                line("} else if (" + expr(elseIf.cond()) + ") {");
                body(elseIf.then());
                otherwise = elseIf.otherwise();
            }
            if (otherwise != null) {
                line("} else {");
                body(otherwise);
            }
            line("}");
        } else if (s instanceof Stmt.While w) {
            line("while (" + expr(w.cond()) + ") {");
            body(w.body());
            line("}");
        } else if (s instanceof Stmt.DoWhile d) {
            line("do {");
            body(d.body());
            line("} while (" + expr(d.cond()) + ");");
        } else if (s instanceof Stmt.For f) {
            forLoop(f);
        } else if (s instanceof Stmt.Break) {
            line("break;");
        } else if (s instanceof Stmt.Continue) {
            line("continue;");
        } else if (s instanceof Stmt.Return r) {
            line("return " + expr(r.value()) + ";");
        } else if (s instanceof Stmt.Block b) {
            line("{");
            body(b);
            line("}");
        } else {
            throw new IllegalStateException("internal error: no Java form for " + s);
        }
    }

    private void forLoop(Stmt.For f) {
        boolean simpleInit = f.init().size() <= 1;
        if (!simpleInit) {
            line("{");
            indent++;
            f.init().forEach(this::statement);
        }
        String init = "";
        if (simpleInit && !f.init().isEmpty()) {
            Stmt s = f.init().get(0);
            init = s instanceof Stmt.Declare d ? declaration(d)
                    : ((Stmt.Assign) s).name() + " = " + expr(((Stmt.Assign) s).value());
        }
        List<String> updates = new ArrayList<>();
        for (Stmt u : f.update()) {
            Stmt.Assign a = (Stmt.Assign) u;
            updates.add(a.name() + " = " + expr(a.value()));
        }
        line("for (" + init + "; " + (f.cond() == null ? "" : expr(f.cond())) + "; " + String.join(", ", updates) + ") {");
        body(f.body());
        line("}");
        if (!simpleInit) {
            indent--;
            line("}");
        }
    }

    private void body(Stmt s) {
        indent++;
        if (s instanceof Stmt.Block b) {
            b.statements().forEach(this::statement);
        } else {
            statement(s);
        }
        indent--;
    }

    private String declaration(Stmt.Declare d) {
        return d.type().javaName() + " " + d.name() + (d.init() == null ? "" : " = " + expr(d.init()));
    }

    private String expr(Expr e) {
        if (e instanceof Expr.Literal l) {
            return literal(l);
        } else if (e instanceof Expr.Var v) {
            return v.name();
        } else if (e instanceof Expr.Unary u) {
            String inner = operand(u.operand(), Precedence.UNARY);
            return u.op().symbol() + (inner.startsWith("-") || inner.startsWith("+") ? "(" + inner + ")" : inner);
        } else if (e instanceof Expr.Binary b) {
            String l = Precedence.needsParens(b, b.left(), false) ? "(" + expr(b.left()) + ")" : operand(b.left(), 0);
            String r = Precedence.needsParens(b, b.right(), true) ? "(" + expr(b.right()) + ")" : operand(b.right(), 0);
            return l + " " + b.op().symbol() + " " + r;
        } else if (e instanceof Expr.Cast c) {
            return "(" + c.type().javaName() + ") " + operand(c.operand(), Precedence.UNARY);
        } else if (e instanceof Expr.Conditional c) {
            return operand(c.cond(), Precedence.CONDITIONAL + 1) + " ? " + operand(c.then(), Precedence.CONDITIONAL + 1)
                    + " : " + operand(c.otherwise(), Precedence.CONDITIONAL);
        } else if (e instanceof Expr.MathCall m) {
            return m.function().owner() + "." + m.function().javaName() + "("
                    + String.join(", ", m.args().stream().map(this::expr).toList()) + ")";
        } else if (e instanceof Expr.Call c) {
            return c.function() + "(" + String.join(", ", c.args().stream().map(this::expr).toList()) + ")";
        }
        throw new IllegalStateException("internal error: no Java form for " + e);
    }

    private String operand(Expr e, int minPrecedence) {
        String s = expr(e);
        boolean negativeLiteral = e instanceof Expr.Literal && s.startsWith("-");
        return Precedence.of(e) < minPrecedence || negativeLiteral ? "(" + s + ")" : s;
    }

    static String literal(Expr.Literal l) {
        Object v = l.value();
        return switch (l.type()) {
            case BOOLEAN, INT -> v.toString();
            case LONG -> v + "L";
            case FLOAT -> {
                float f = (Float) v;
                yield Float.isNaN(f) ? "Float.NaN" : f == Float.POSITIVE_INFINITY ? "Float.POSITIVE_INFINITY"
                        : f == Float.NEGATIVE_INFINITY ? "Float.NEGATIVE_INFINITY" : Float.toString(f) + "f";
            }
            case DOUBLE -> {
                double d = (Double) v;
                yield Double.isNaN(d) ? "Double.NaN" : d == Double.POSITIVE_INFINITY ? "Double.POSITIVE_INFINITY"
                        : d == Double.NEGATIVE_INFINITY ? "Double.NEGATIVE_INFINITY" : Double.toString(d);
            }
        };
    }

    private void line(String s) {
        out.append("    ".repeat(indent)).append(s).append('\n');
    }
}
