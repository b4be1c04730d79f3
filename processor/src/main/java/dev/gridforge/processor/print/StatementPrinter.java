package dev.gridforge.processor.print;

import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints IR statements in the C-family syntax Java and CUDA C share. Subclasses say how
 * expressions, declarations and assignments are spelled in their language.
 */
public abstract class StatementPrinter {
    protected final StringBuilder out = new StringBuilder();
    protected int indent;

    protected abstract String expr(Expr e);

    protected abstract String declaration(Stmt.Declare d);

    protected abstract String assignment(Stmt.Assign a);

    protected void statement(Stmt s) {
        if (s instanceof Stmt.Declare d) {
            line(declaration(d) + ";");
        } else if (s instanceof Stmt.Assign a) {
            line(assignment(a) + ";");
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
            throw new IllegalStateException("internal error: no printed form for " + s);
        }
    }

    /** A for loop; several initializers go in a block before it, since they need not share a type. */
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
            init = s instanceof Stmt.Declare d ? declaration(d) : assignment((Stmt.Assign) s);
        }
        List<String> updates = new ArrayList<>();
        for (Stmt u : f.update()) {
            updates.add(assignment((Stmt.Assign) u));
        }
        line("for (" + init + "; " + (f.cond() == null ? "" : expr(f.cond())) + "; " + String.join(", ", updates) + ") {");
        body(f.body());
        line("}");
        if (!simpleInit) {
            indent--;
            line("}");
        }
    }

    protected void body(Stmt s) {
        indent++;
        if (s instanceof Stmt.Block b) {
            b.statements().forEach(this::statement);
        } else {
            statement(s);
        }
        indent--;
    }

    protected void line(String s) {
        if (!s.isEmpty()) {
            out.append("    ".repeat(indent)).append(s);
        }
        out.append('\n');
    }
}
