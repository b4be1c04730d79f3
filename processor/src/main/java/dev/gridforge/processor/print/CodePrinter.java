package dev.gridforge.processor.print;

import dev.gridforge.Boundary;
import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.GridSpec;
import dev.gridforge.processor.ir.Precedence;
import dev.gridforge.processor.ir.Stmt;
import dev.gridforge.processor.ir.Type;
import dev.gridforge.processor.ir.UnaryOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints IR in the C-family syntax Java and CUDA C share: statements, operators, precedence and
 * parentheses once, for both languages. A subclass says how its language spells what differs:
 * literals, names, types, library and helper calls, stores to outputs, and any operator it must
 * print another way (CUDA wraps Java's integer arithmetic in prelude functions).
 */
public abstract class CodePrinter {
    protected final StringBuilder out = new StringBuilder();
    protected int indent;
    /** The kernel's grids by name, for printing its reads. */
    protected final Map<String, GridSpec> grids = new HashMap<>();
    /**
     * Whether grid reads are printed for a point near an edge (each index mapped by the grid's
     * boundary rule) or for an interior point (every read inside: a plain offset from the point).
     */
    protected boolean nearEdge;

    // ---------------------------------------------------------------- what each language spells its own way

    protected abstract String literal(Expr.Literal l);

    /** A local or parameter's name in the output. */
    protected abstract String name(String javaName);

    protected abstract String typeName(Type t);

    protected abstract String mathCall(Expr.MathCall m, List<String> args);

    protected abstract String helperCall(Expr.Call c, List<String> args);

    /** {@code output.set(value)} as a statement, without the semicolon. */
    protected abstract String store(Stmt.Store s);

    /** The array or pointer holding grid {@code name}'s elements. */
    protected abstract String gridArray(String name);

    /** {@code x.get(i0, ...)} with its indices printed; each language checks the extents its own way. */
    protected abstract String arrayRead(Expr.ArrayRead a, List<String> indices);

    /** {@code x.extent(axis)}. */
    protected abstract String arrayExtent(Expr.ArrayExtent x);

    /** A local array's declaration, every element zero; no semicolon. */
    protected abstract String declareArray(Stmt.DeclareArray a);

    /** {@code h[i]} with its index printed. */
    protected abstract String element(Expr.Element e, String index);

    /** {@code h[i] = v} as an expression (it may stand in a for loop's update); no semicolon. */
    protected abstract String storeElement(Stmt.StoreElement s);

    /** The function mapping an index outside {@code [0, n)} to one inside under {@code b} (CLAMP, PERIODIC, REFLECT). */
    protected abstract String boundaryFunction(Boundary b);

    /** The function telling whether an index is inside {@code [0, n)}. */
    protected abstract String insideFunction();

    /** A line to print just before a for loop ({@code #pragma unroll}), or null. */
    protected String loopPragma(Stmt.For f) {
        return null;
    }

    /** A {@code return} statement, whole (a value's or a void kernel's). */
    protected String returnStatement(Stmt.Return r) {
        return r.value() == null ? "return;" : "return " + expr(r.value()) + ";";
    }

    // ---------------------------------------------------------------- statements

    protected String declaration(Stmt.Declare d) {
        return typeName(d.type()) + " " + name(d.name()) + (d.init() == null ? "" : " = " + expr(d.init()));
    }

    protected String assignment(Stmt.Assign a) {
        return name(a.name()) + " = " + expr(a.value());
    }

    protected void statement(Stmt s) {
        s.accept(statements);
    }

    /** How each statement prints: one case per kind, checked by javac. */
    private final Stmt.Visitor<Void> statements = new Stmt.Visitor<>() {
        @Override
        public Void visitDeclare(Stmt.Declare d) {
            line(declaration(d) + ";");
            return null;
        }

        @Override
        public Void visitAssign(Stmt.Assign a) {
            line(assignment(a) + ";");
            return null;
        }

        @Override
        public Void visitDeclareArray(Stmt.DeclareArray a) {
            line(declareArray(a) + ";");
            return null;
        }

        @Override
        public Void visitStoreElement(Stmt.StoreElement se) {
            line(storeElement(se) + ";");
            return null;
        }

        @Override
        public Void visitIf(Stmt.If i) {
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
            return null;
        }

        @Override
        public Void visitWhile(Stmt.While w) {
            line("while (" + expr(w.cond()) + ") {");
            body(w.body());
            line("}");
            return null;
        }

        @Override
        public Void visitDoWhile(Stmt.DoWhile d) {
            line("do {");
            body(d.body());
            line("} while (" + expr(d.cond()) + ");");
            return null;
        }

        @Override
        public Void visitFor(Stmt.For f) {
            forLoop(f);
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
            line(returnStatement(r));
            return null;
        }

        @Override
        public Void visitStore(Stmt.Store st) {
            line(store(st) + ";");
            return null;
        }

        @Override
        public Void visitBlock(Stmt.Block b) {
            line("{");
            body(b);
            line("}");
            return null;
        }
    };

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
        String pragma = loopPragma(f);
        if (pragma != null) {
            line(pragma);
        }
        List<String> updates = new ArrayList<>();
        for (Stmt u : f.update()) {
            updates.add(u instanceof Stmt.Assign a ? assignment(a) : storeElement((Stmt.StoreElement) u));
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

    // ---------------------------------------------------------------- expressions

    public String expr(Expr e) {
        return e.accept(expressions);
    }

    /** How each expression prints: one case per kind, checked by javac. */
    private final Expr.Visitor<String> expressions = new Expr.Visitor<>() {
        @Override
        public String visitLiteral(Expr.Literal l) {
            return literal(l);
        }

        @Override
        public String visitVar(Expr.Var v) {
            return name(v.name());
        }

        @Override
        public String visitUnary(Expr.Unary u) {
            return unary(u);
        }

        @Override
        public String visitBinary(Expr.Binary b) {
            return binary(b);
        }

        @Override
        public String visitCast(Expr.Cast c) {
            return cast(c);
        }

        @Override
        public String visitConditional(Expr.Conditional c) {
            return operand(c.cond(), Precedence.CONDITIONAL + 1) + " ? " + operand(c.then(), Precedence.CONDITIONAL + 1)
                    + " : " + operand(c.otherwise(), Precedence.CONDITIONAL);
        }

        @Override
        public String visitMathCall(Expr.MathCall m) {
            return mathCall(m, m.args().stream().map(CodePrinter.this::expr).toList());
        }

        @Override
        public String visitCall(Expr.Call c) {
            return helperCall(c, c.args().stream().map(CodePrinter.this::expr).toList());
        }

        @Override
        public String visitGridRead(Expr.GridRead g) {
            return gridRead(g);
        }

        @Override
        public String visitArrayRead(Expr.ArrayRead a) {
            return arrayRead(a, a.indices().stream().map(CodePrinter.this::expr).toList());
        }

        @Override
        public String visitElement(Expr.Element el) {
            return element(el, expr(el.index()));
        }

        @Override
        public String visitArrayExtent(Expr.ArrayExtent x) {
            return arrayExtent(x);
        }

        @Override
        public String visitDerivative(Expr.Derivative d) {
            throw new IllegalStateException("internal error: d(..., " + d.var() + ") reached a printer unexpanded");
        }
    };

    // ---------------------------------------------------------------- stencil reads

    /**
     * {@code u.at(1, 0)}: at an interior point {@code u[gf_at + 1]}; near an edge, each axis's
     * index mapped by the boundary rule ({@code u[gf_clamp(gf_i0 + 1, gf_n0) + gf_n0 * gf_i1]}),
     * or, for ZERO and CONSTANT, the constant unless every index is inside. The loops name the
     * point {@code gf_at}, its indices {@code gf_iA} and the extents {@code gf_nA}, in both languages.
     */
    private String gridRead(Expr.GridRead g) {
        GridSpec spec = grids.get(g.grid());
        String array = gridArray(g.grid());
        List<Integer> d = g.offsets();
        if (!nearEdge || d.stream().allMatch(v -> v == 0)) {
            return array + "[" + interiorIndex(d) + "]";
        }
        if (spec.readsConstantOutside()) {
            List<String> inside = new ArrayList<>();
            for (int axis = 0; axis < d.size(); axis++) {
                if (d.get(axis) != 0) {
                    inside.add(insideFunction() + "(" + shifted(axis, d.get(axis)) + ", gf_n" + axis + ")");
                }
            }
            String read = array + "[" + interiorIndex(d) + "]";
            if (inside.isEmpty()) {
                return read;
            }
            Expr.Literal outside = new Expr.Literal(Type.DOUBLE, spec.constant()).castTo(g.type());
            return "(" + String.join(" && ", inside) + " ? " + read + " : " + literal(outside) + ")";
        }
        String[] index = new String[d.size()];
        for (int axis = 0; axis < d.size(); axis++) {
            index[axis] = d.get(axis) == 0 ? "gf_i" + axis
                    : boundaryFunction(spec.boundary()) + "(" + shifted(axis, d.get(axis)) + ", gf_n" + axis + ")";
        }
        String linear = switch (index.length) {
            case 1 -> index[0];
            case 2 -> index[0] + " + gf_n0 * " + index[1];
            default -> index[0] + " + gf_n0 * (" + index[1] + " + gf_n1 * " + index[2] + ")";
        };
        return array + "[" + linear + "]";
    }

    /** {@code gf_i0 < 1 || gf_i0 >= gf_n0 - 1 || ...}: whether the point is nearer an edge than the halo. */
    public static String edgeCondition(int[] halo) {
        List<String> parts = new ArrayList<>();
        for (int axis = 0; axis < 3; axis++) {
            if (halo[axis] > 0) {
                parts.add("gf_i" + axis + " < " + halo[axis] + " || gf_i" + axis + " >= gf_n" + axis + " - " + halo[axis]);
            }
        }
        return String.join(" || ", parts);
    }

    /** {@code gf_iA + d} or {@code gf_iA - d}. */
    private static String shifted(int axis, int d) {
        return "gf_i" + axis + (d < 0 ? " - " + -d : " + " + d);
    }

    /** The point's linear index plus the offsets: {@code gf_at + 1 - gf_n0}. */
    private static String interiorIndex(List<Integer> d) {
        StringBuilder sb = new StringBuilder("gf_at");
        String[] strides = {null, "gf_n0", "gf_n0 * gf_n1"};
        for (int axis = 0; axis < d.size(); axis++) {
            int v = d.get(axis);
            if (v == 0) {
                continue;
            }
            sb.append(v < 0 ? " - " : " + ");
            int m = Math.abs(v);
            if (axis == 0) {
                sb.append(m);
            } else {
                sb.append(m == 1 ? "" : m + " * ").append(strides[axis]);
            }
        }
        return sb.toString();
    }

    /** {@code e} as an operand of an operator binding at {@code minPrecedence}, parenthesised if needed. */
    protected final String operand(Expr e, int minPrecedence) {
        String s = expr(e);
        boolean negativeLiteral = e instanceof Expr.Literal && s.startsWith("-");
        return Precedence.of(e) < minPrecedence || negativeLiteral ? "(" + s + ")" : s;
    }

    protected String unary(Expr.Unary u) {
        String inner = operand(u.operand(), Precedence.UNARY);
        // "- -x" must not print as "--x", nor "-(-1)" as "--1"
        boolean clash = u.op() == UnaryOp.NEG && (inner.startsWith("-") || inner.startsWith("+"));
        return u.op().symbol() + (clash ? "(" + inner + ")" : inner);
    }

    protected String binary(Expr.Binary b) {
        String l = Precedence.needsParens(b, b.left(), false) ? "(" + expr(b.left()) + ")" : operand(b.left(), 0);
        String r = Precedence.needsParens(b, b.right(), true) ? "(" + expr(b.right()) + ")" : operand(b.right(), 0);
        return l + " " + b.op().symbol() + " " + r;
    }

    protected String cast(Expr.Cast c) {
        return "(" + typeName(c.type()) + ") " + operand(c.operand(), Precedence.UNARY);
    }
}
