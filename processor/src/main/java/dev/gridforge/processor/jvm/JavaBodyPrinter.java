package dev.gridforge.processor.jvm;

import dev.gridforge.Boundary;
import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.KernelParam;
import dev.gridforge.processor.ir.Stmt;
import dev.gridforge.processor.ir.Type;
import dev.gridforge.processor.print.CodePrinter;
import java.util.List;

/**
 * Prints kernel IR back as Java source for the JVM backend. Every conversion the front end
 * made implicit in the user's code is explicit here, so this code computes what the user's
 * method computes only if the front end typed it as Java does: the oracle tests check that.
 *
 * <p>Helpers print as method bodies. A kernel's point function prints inline, inside the loop
 * over the points, as a labelled block: a {@code return} leaves the block (storing the returned
 * value first), and {@code out.set(v)} assigns the output's local.
 */
public final class JavaBodyPrinter extends CodePrinter {
    /** The label of the inlined point body. */
    static final String POINT_LABEL = "gf_point";
    /** The local that receives a kernel's returned value. */
    static final String RESULT = "gf_result";

    private final boolean inline;
    /** The local arrays the loops around the body make once per piece of work, which the body zeroes. */
    private java.util.Set<String> madeOutside = java.util.Set.of();

    private JavaBodyPrinter(boolean inline, int indent) {
        this.inline = inline;
        this.indent = indent;
    }

    /** The statements of a method body, one per line, without the enclosing braces. */
    public static String methodBody(Function f) {
        JavaBodyPrinter p = new JavaBodyPrinter(false, 0);
        f.body().statements().forEach(p::statement);
        return p.out.toString();
    }

    /**
     * A kernel's point body as a labelled block, to be placed where its parameters are locals
     * and its outputs (or {@link #RESULT}) are assigned; its grid reads for a point near an edge
     * or for an interior one.
     */
    static String inlinePoint(Kernel k, boolean nearEdge, java.util.Set<String> arraysMadeOutside) {
        JavaBodyPrinter p = new JavaBodyPrinter(true, 0);
        p.madeOutside = arraysMadeOutside;
        k.paramsWith(KernelParam.Role.GRID).forEach(g -> p.grids.put(g.name(), g.grid()));
        p.nearEdge = nearEdge;
        p.line(POINT_LABEL + ": {");
        p.body(k.point().body());
        p.line("}");
        return p.out.toString();
    }

    public static String expression(Expr e) {
        return new JavaBodyPrinter(false, 0).expr(e);
    }

    @Override
    protected String returnStatement(Stmt.Return r) {
        if (!inline) {
            return super.returnStatement(r);
        }
        String leave = "break " + POINT_LABEL + ";";
        return r.value() == null ? leave : RESULT + " = " + expr(r.value()) + "; " + leave;
    }

    @Override
    protected String store(Stmt.Store s) {
        return inline ? s.output().name() + " = " + expr(s.value()) : s.output().name() + ".set(" + expr(s.value()) + ")";
    }

    @Override
    protected String gridArray(String name) {
        return "gf_in_" + name;
    }

    /** The generated code reads through the same view class the method does, so a read outside throws the same way. */
    @Override
    protected String arrayRead(Expr.ArrayRead a, List<String> indices) {
        return name(a.array()) + ".get(" + String.join(", ", indices) + ")";
    }

    @Override
    protected String arrayExtent(Expr.ArrayExtent x) {
        return name(x.array()) + ".extent(" + x.axis() + ")";
    }

    /**
     * Plain Java arrays: zeroed by new, and an index outside throws where the method's would. An
     * array the loops made is zeroed instead: the same values, with no allocation per point.
     */
    @Override
    protected String declareArray(Stmt.DeclareArray a) {
        if (madeOutside.contains(a.name())) {
            return "java.util.Arrays.fill(" + name(a.name()) + ", " + zero(a.type()) + ")";
        }
        return typeName(a.type()) + "[] " + name(a.name()) + " = new " + typeName(a.type()) + "[" + a.length() + "]";
    }

    /** Java's zero of {@code t}, as a literal: what a local array is filled with and a result starts from. */
    static String zero(Type t) {
        return switch (t) {
            case LONG -> "0L";
            case FLOAT -> "0f";
            case DOUBLE -> "0.0";
            default -> "0";
        };
    }

    @Override
    protected String element(Expr.Element e, String index) {
        return name(e.array()) + "[" + index + "]";
    }

    @Override
    protected String storeElement(Stmt.StoreElement s) {
        return name(s.name()) + "[" + expr(s.index()) + "] = " + expr(s.value());
    }

    /** The launcher's own helpers (a user name such as {@code dev} could hide a qualified {@code dev.gridforge.Boundary}). */
    @Override
    protected String boundaryFunction(Boundary b) {
        return switch (b) {
            case CLAMP -> "gf_clamp";
            case PERIODIC -> "gf_wrap";
            case REFLECT -> "gf_reflect";
            case ZERO, CONSTANT -> throw new IllegalArgumentException("no index function for " + b);
        };
    }

    @Override
    protected String insideFunction() {
        return "gf_inside";
    }

    @Override
    protected String name(String javaName) {
        return javaName;
    }

    @Override
    protected String typeName(Type t) {
        return t.javaName();
    }

    @Override
    protected String mathCall(Expr.MathCall m, List<String> args) {
        return m.function().owner() + "." + m.function().javaName() + "(" + String.join(", ", args) + ")";
    }

    @Override
    protected String helperCall(Expr.Call c, List<String> args) {
        return c.function() + "(" + String.join(", ", args) + ")";
    }

    @Override
    protected String literal(Expr.Literal l) {
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
