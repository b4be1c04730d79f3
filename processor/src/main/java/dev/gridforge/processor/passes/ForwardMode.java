package dev.gridforge.processor.passes;

import dev.gridforge.processor.ir.BinaryOp;
import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.MathFunction;
import dev.gridforge.processor.ir.Stmt;
import dev.gridforge.processor.ir.Type;
import dev.gridforge.processor.ir.UnaryOp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One direction of forward-mode differentiation over a function body. Every floating variable
 * that depends on the seeds (the <em>active</em> ones) gets a tangent variable beside it, updated
 * just before the variable itself at every assignment, so that at any point of the body the
 * tangent holds the derivative of the variable's current value along the direction. Control flow
 * is the function's own; a branch or loop bound is read, not differentiated (the derivative of a
 * piecewise function is that of the piece taken, as in every forward-mode tool).
 *
 * <p>A tangent is null where it is known to be zero (a literal, an integer, an array read), so no
 * {@code 0 * x} is ever written: that would turn an infinite {@code x} into NaN.
 */
final class ForwardMode {

    /** Makes (or finds) the tangent of a helper for a pattern of active parameters. */
    interface HelperTangents {
        /** The name of {@code helper}'s tangent function for the active parameters marked in {@code active}. */
        String tangentOf(String helper, boolean[] active);
    }

    private final String prefix;
    private final HelperTangents helpers;
    private final Set<String> active = new HashSet<>();
    /** How many values were computed before their tangents ({@link #evaluatedFirst}), for the locals' names. */
    private int evaluatedFirst;

    /**
     * @param prefix  what tangent variables are named with ({@code gf_d1_} + the variable's name)
     * @param helpers where tangents of called helpers come from
     */
    ForwardMode(String prefix, HelperTangents helpers) {
        this.prefix = prefix;
        this.helpers = helpers;
    }

    String tangentName(String variable) {
        return prefix + variable;
    }

    /**
     * Finds the active variables of {@code body}: the seeds, then, until nothing changes, every
     * floating variable assigned an expression that reads an active one.
     */
    void findActive(List<Function.Parameter> parameters, Stmt.Block body, Set<String> seeds) {
        Assignments assignments = Assignments.of(parameters, body);
        active.addAll(assignments.closure(seeds, (a, in) -> a.type().isFloating() && Assignments.reads(a.value(),
                x -> in.contains(Assignments.nameOf(x)),
                // a derivative (marked for this direction, or a later one's) is not differentiated here
                x -> x instanceof Expr.Derivative || isMarker(x))));
    }

    /** A call of this name stands for a derivative of this direction until its tangent is known. */
    static final String MARKER = "gf_derivative_marker";

    static boolean isMarker(Expr e) {
        return e instanceof Expr.Call c && c.function().equals(MARKER);
    }

    /** Declarations of the tangents of active parameters other than the seeds, which start at zero. */
    List<Stmt> zeroTangentsOfParameters(List<Function.Parameter> parameters, Set<String> seeds) {
        List<Stmt> out = new ArrayList<>();
        for (Function.Parameter p : parameters) {
            if (active.contains(p.name()) && !seeds.contains(p.name())) {
                out.add(new Stmt.Declare(tangentName(p.name()), p.type(), zero(p.type())));
            }
        }
        return out;
    }

    /** The variables with a tangent in this direction. */
    Set<String> activeVariables() {
        return Set.copyOf(active);
    }

    boolean isActive(String variable) {
        return active.contains(variable);
    }

    /** The statements with a tangent update before each assignment to an active variable. */
    List<Stmt> statements(List<Stmt> in) {
        List<Stmt> out = new ArrayList<>();
        for (Stmt s : in) {
            out.addAll(statement(s));
        }
        return out;
    }

    Stmt.Block block(Stmt.Block b) {
        return new Stmt.Block(statements(b.statements()));
    }

    private List<Stmt> statement(Stmt s) {
        return s.accept(withTangents);
    }

    /** Each statement with its tangent updates: one case per kind, checked by javac. */
    private final Stmt.Visitor<List<Stmt>> withTangents = new Stmt.Visitor<>() {
        @Override
        public List<Stmt> visitDeclare(Stmt.Declare d) {
            if (!active.contains(d.name())) {
                return List.of(d);
            }
            if (d.init() == null) {
                return List.of(new Stmt.Declare(tangentName(d.name()), d.type(), null), d);
            }
            List<Stmt> out = new ArrayList<>();
            Expr tangent = tangentOrZero(d.init(), d.type());
            Expr value = evaluatedFirst(d.init(), tangent, d.type(), out);
            out.add(new Stmt.Declare(tangentName(d.name()), d.type(), tangent));
            out.add(new Stmt.Declare(d.name(), d.type(), value));
            return out;
        }

        @Override
        public List<Stmt> visitAssign(Stmt.Assign a) {
            if (!active.contains(a.name())) {
                return List.of(a);
            }
            List<Stmt> out = new ArrayList<>();
            Expr tangent = tangentOrZero(a.value(), a.value().type());
            Expr value = evaluatedFirst(a.value(), tangent, a.value().type(), out);
            out.add(new Stmt.Assign(tangentName(a.name()), tangent));
            out.add(new Stmt.Assign(a.name(), value));
            return out;
        }

        @Override
        public List<Stmt> visitDeclareArray(Stmt.DeclareArray a) {
            return active.contains(a.name()) ? List.of(new Stmt.DeclareArray(tangentName(a.name()), a.type(), a.length()), a)
                    : List.of(a);
        }

        @Override
        public List<Stmt> visitStoreElement(Stmt.StoreElement e) {
            if (!active.contains(e.name())) {
                return List.of(e);
            }
            List<Stmt> out = new ArrayList<>();
            Expr tangent = tangentOrZero(e.value(), e.value().type());
            Expr value = evaluatedFirst(e.value(), tangent, e.value().type(), out);
            out.add(new Stmt.StoreElement(tangentName(e.name()), e.index(), tangent));
            out.add(new Stmt.StoreElement(e.name(), e.index(), value));
            return out;
        }

        @Override
        public List<Stmt> visitIf(Stmt.If i) {
            return List.of(new Stmt.If(i.cond(), single(i.then()), i.otherwise() == null ? null : single(i.otherwise())));
        }

        @Override
        public List<Stmt> visitWhile(Stmt.While w) {
            return List.of(new Stmt.While(w.cond(), single(w.body())));
        }

        @Override
        public List<Stmt> visitDoWhile(Stmt.DoWhile d) {
            return List.of(new Stmt.DoWhile(single(d.body()), d.cond()));
        }

        @Override
        public List<Stmt> visitFor(Stmt.For f) {
            return List.of(new Stmt.For(statements(f.init()), f.cond(), statements(f.update()), single(f.body())));
        }

        @Override
        public List<Stmt> visitBlock(Stmt.Block b) {
            return List.of(block(b));
        }

        // nothing assigned: the statement as it is

        @Override
        public List<Stmt> visitBreak(Stmt.Break b) {
            return List.of(b);
        }

        @Override
        public List<Stmt> visitContinue(Stmt.Continue c) {
            return List.of(c);
        }

        @Override
        public List<Stmt> visitReturn(Stmt.Return r) {
            return List.of(r);
        }

        @Override
        public List<Stmt> visitStore(Stmt.Store st) {
            return List.of(st);
        }
    };

    /**
     * The tangent update stands before its statement, and its formula may evaluate the
     * statement's parts in another order (the product rule reads the right factor first). Where the
     * parts of {@code tangent} that may throw are not the first ones of {@code value}, in the same
     * order, the value is computed first, into a local added to {@code out}, so the first exception
     * is the one Java throws; the tangent then repeats parts that have already succeeded, with the
     * same values, and cannot throw. Returns what the statement then assigns: that local, or the
     * value itself.
     */
    private Expr evaluatedFirst(Expr value, Expr tangent, Type type, List<Stmt> out) {
        if (Throwing.count(value) < 2 || throwsInTheSameOrder(value, tangent)) {
            return value;
        }
        String name = "gf_e" + prefix.substring("gf_".length()) + (++evaluatedFirst);
        out.add(new Stmt.Declare(name, type, value));
        return new Expr.Var(name, type);
    }

    /**
     * Whether what may throw in {@code tangent}, in its order, is the first parts of what may throw
     * in {@code value}, in theirs: then whichever throws first throws what the statement would
     * have. A tangent array's element ({@code gf_d1_h[i]}) stands for its array's ({@code h[i]}).
     */
    private boolean throwsInTheSameOrder(Expr value, Expr tangent) {
        List<Expr> primal = Throwing.inOrder(value);
        List<Expr> derived = Throwing.inOrder(tangent);
        if (derived.size() > primal.size()) {
            return false;
        }
        for (int i = 0; i < derived.size(); i++) {
            Expr t = derived.get(i);
            Expr p = primal.get(i);
            boolean same = t.equals(p) || t instanceof Expr.Element te && p instanceof Expr.Element pe
                    && te.array().equals(tangentName(pe.array())) && te.index().equals(pe.index());
            if (!same) {
                return false;
            }
        }
        return true;
    }

    /** One statement where one was: a block when the tangent added one. */
    private Stmt single(Stmt s) {
        List<Stmt> out = statement(s);
        return out.size() == 1 ? out.get(0) : new Stmt.Block(out);
    }

    Expr tangentOrZero(Expr e, Type type) {
        Expr t = tangent(e);
        return t != null ? t : zero(type);
    }

    /** The derivative of {@code e} along this direction, or null when it is zero. */
    Expr tangent(Expr e) {
        if (!e.type().isFloating()) {
            return null; // integers and booleans are piecewise constant
        }
        return e.accept(tangents);
    }

    /** The tangent of each floating expression (null: zero): one case per kind, checked by javac. */
    private final Expr.Visitor<Expr> tangents = new Expr.Visitor<>() {
        @Override
        public Expr visitVar(Expr.Var v) {
            return active.contains(v.name()) ? new Expr.Var(tangentName(v.name()), v.type()) : null;
        }

        @Override
        public Expr visitElement(Expr.Element el) {
            return active.contains(el.array()) ? new Expr.Element(tangentName(el.array()), el.type(), el.index()) : null;
        }

        @Override
        public Expr visitUnary(Expr.Unary u) {
            Expr t = tangent(u.operand());
            return t == null || u.op() != UnaryOp.NEG ? null : new Expr.Unary(UnaryOp.NEG, t);
        }

        @Override
        public Expr visitBinary(Expr.Binary b) {
            return binary(b);
        }

        @Override
        public Expr visitCast(Expr.Cast c) {
            Expr t = c.operand().type().isFloating() ? tangent(c.operand()) : null;
            return t == null ? null : new Expr.Cast(c.type(), t);
        }

        @Override
        public Expr visitConditional(Expr.Conditional c) {
            Expr a = tangent(c.then());
            Expr b = tangent(c.otherwise());
            return a == null && b == null ? null
                    : new Expr.Conditional(c.cond(), a != null ? a : zero(c.type()), b != null ? b : zero(c.type()));
        }

        @Override
        public Expr visitMathCall(Expr.MathCall m) {
            return MathDerivatives.of(m, m.args().stream().map(ForwardMode.this::tangent).toList());
        }

        @Override
        public Expr visitCall(Expr.Call c) {
            return call(c);
        }

        // constants of this direction: literals, inputs read from grids and arrays, extents

        @Override
        public Expr visitLiteral(Expr.Literal l) {
            return null;
        }

        @Override
        public Expr visitGridRead(Expr.GridRead g) {
            return null;
        }

        @Override
        public Expr visitArrayRead(Expr.ArrayRead a) {
            return null;
        }

        @Override
        public Expr visitArrayExtent(Expr.ArrayExtent x) {
            return null;
        }

        /** A derivative of a later direction: its value is not differentiated in this one. */
        @Override
        public Expr visitDerivative(Expr.Derivative d) {
            return null;
        }
    };

    private Expr binary(Expr.Binary b) {
        Expr x = b.left();
        Expr y = b.right();
        Expr tx = tangent(x);
        Expr ty = tangent(y);
        if (tx == null && ty == null) {
            return null;
        }
        return switch (b.op()) {
            case ADD -> tx == null ? ty : ty == null ? tx : add(tx, ty);
            case SUB -> ty == null ? tx : tx == null ? neg(ty) : sub(tx, ty);
            case MUL -> sum(tx == null ? null : mul(tx, y), ty == null ? null : mul(x, ty));
            // (tx - (x / y) * ty) / y: the quotient rule with the quotient computed as the method does
            case DIV -> div(ty == null ? tx : sub(tx == null ? zero(b.type()) : tx, mul(div(x, y), ty)), y);
            // x % y = x - y * trunc(x / y), and trunc(x / y) = (x - x % y) / y is piecewise constant
            case REM -> ty == null ? tx : sub(tx == null ? zero(b.type()) : tx, mul(ty, div(sub(x, b), y)));
            default -> null;
        };
    }

    private Expr call(Expr.Call c) {
        boolean[] activeArgs = new boolean[c.args().size()];
        List<Expr> tangents = new ArrayList<>();
        boolean any = false;
        for (int i = 0; i < activeArgs.length; i++) {
            Expr t = c.args().get(i).type().isFloating() ? tangent(c.args().get(i)) : null;
            activeArgs[i] = t != null;
            any |= t != null;
            if (t != null) {
                tangents.add(t);
            }
        }
        if (!any) {
            return null;
        }
        List<Expr> args = new ArrayList<>(c.args());
        args.addAll(tangents);
        return new Expr.Call(helpers.tangentOf(c.function(), activeArgs), args, c.type());
    }

    // ---------------------------------------------------------------- building expressions

    static Expr zero(Type t) {
        return new Expr.Literal(Type.INT, 0).castTo(t);
    }

    static Expr one(Type t) {
        return new Expr.Literal(Type.INT, 1).castTo(t);
    }

    static Expr literal(double v, Type t) {
        return new Expr.Literal(Type.DOUBLE, v).castTo(t);
    }

    static Expr add(Expr a, Expr b) {
        return new Expr.Binary(BinaryOp.ADD, a, b);
    }

    static Expr sub(Expr a, Expr b) {
        return new Expr.Binary(BinaryOp.SUB, a, b);
    }

    static Expr mul(Expr a, Expr b) {
        return new Expr.Binary(BinaryOp.MUL, a, b);
    }

    static Expr div(Expr a, Expr b) {
        return new Expr.Binary(BinaryOp.DIV, a, b);
    }

    static Expr neg(Expr a) {
        return new Expr.Unary(UnaryOp.NEG, a);
    }

    /** a + b where either may be zero (null). */
    static Expr sum(Expr a, Expr b) {
        return a == null ? b : b == null ? a : add(a, b);
    }

    static Expr math(MathFunction f, Expr... args) {
        return new Expr.MathCall(f, List.of(args));
    }
}
