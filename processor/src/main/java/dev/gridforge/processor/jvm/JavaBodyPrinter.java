package dev.gridforge.processor.jvm;

import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.Precedence;
import dev.gridforge.processor.ir.Stmt;
import dev.gridforge.processor.print.StatementPrinter;

/**
 * Prints kernel IR back as Java source for the JVM backend. Every conversion the front end
 * made implicit in the user's code is explicit here, so this code computes what the user's
 * method computes only if the front end typed it as Java does: the oracle tests check that.
 */
public final class JavaBodyPrinter extends StatementPrinter {
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

    @Override
    protected String assignment(Stmt.Assign a) {
        return a.name() + " = " + expr(a.value());
    }

    @Override
    protected String declaration(Stmt.Declare d) {
        return d.type().javaName() + " " + d.name() + (d.init() == null ? "" : " = " + expr(d.init()));
    }

    @Override
    protected String expr(Expr e) {
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

}
