package dev.gridforge.processor.ir;

import dev.gridforge.Boundary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds IR directly, for tests of the passes and the plan that need no javac: short names for
 * the constructors ({@code add(var("x", DOUBLE), lit(1.0))}), kernel parameters by role, and a
 * kernel from its parameters and body (the point function's parameters and the rank made as the
 * front end makes them). Use with {@code import static dev.gridforge.processor.ir.IrBuilder.*}.
 */
public final class IrBuilder {
    public static final Type BOOLEAN = Type.BOOLEAN;
    public static final Type INT = Type.INT;
    public static final Type LONG = Type.LONG;
    public static final Type FLOAT = Type.FLOAT;
    public static final Type DOUBLE = Type.DOUBLE;

    private IrBuilder() {
    }

    // ---------------------------------------------------------------- expressions

    public static Expr.Var var(String name, Type type) {
        return new Expr.Var(name, type);
    }

    /** A double variable. */
    public static Expr.Var dvar(String name) {
        return var(name, DOUBLE);
    }

    /** An int variable. */
    public static Expr.Var ivar(String name) {
        return var(name, INT);
    }

    public static Expr.Literal lit(int v) {
        return Expr.Literal.of(v);
    }

    public static Expr.Literal lit(long v) {
        return Expr.Literal.of(v);
    }

    public static Expr.Literal lit(float v) {
        return Expr.Literal.of(v);
    }

    public static Expr.Literal lit(double v) {
        return Expr.Literal.of(v);
    }

    public static Expr.Literal lit(boolean v) {
        return Expr.Literal.of(v);
    }

    public static Expr bin(BinaryOp op, Expr a, Expr b) {
        return new Expr.Binary(op, a, b);
    }

    public static Expr add(Expr a, Expr b) {
        return bin(BinaryOp.ADD, a, b);
    }

    public static Expr sub(Expr a, Expr b) {
        return bin(BinaryOp.SUB, a, b);
    }

    public static Expr mul(Expr a, Expr b) {
        return bin(BinaryOp.MUL, a, b);
    }

    public static Expr div(Expr a, Expr b) {
        return bin(BinaryOp.DIV, a, b);
    }

    public static Expr rem(Expr a, Expr b) {
        return bin(BinaryOp.REM, a, b);
    }

    public static Expr lt(Expr a, Expr b) {
        return bin(BinaryOp.LT, a, b);
    }

    public static Expr gt(Expr a, Expr b) {
        return bin(BinaryOp.GT, a, b);
    }

    public static Expr eq(Expr a, Expr b) {
        return bin(BinaryOp.EQ, a, b);
    }

    /** {@code a && b}. */
    public static Expr and(Expr a, Expr b) {
        return bin(BinaryOp.COND_AND, a, b);
    }

    /** {@code a || b}. */
    public static Expr or(Expr a, Expr b) {
        return bin(BinaryOp.COND_OR, a, b);
    }

    public static Expr neg(Expr a) {
        return new Expr.Unary(UnaryOp.NEG, a);
    }

    public static Expr not(Expr a) {
        return new Expr.Unary(UnaryOp.NOT, a);
    }

    public static Expr cast(Type to, Expr a) {
        return new Expr.Cast(to, a);
    }

    public static Expr cond(Expr c, Expr then, Expr otherwise) {
        return new Expr.Conditional(c, then, otherwise);
    }

    public static Expr.MathCall math(MathFunction f, Expr... args) {
        return new Expr.MathCall(f, List.of(args));
    }

    /** A call of a {@code @Device} helper. */
    public static Expr call(String helper, Type type, Expr... args) {
        return new Expr.Call(helper, List.of(args), type);
    }

    /** {@code grid.at(offsets...)}. */
    public static Expr at(String grid, Type type, Integer... offsets) {
        return new Expr.GridRead(grid, type, List.of(offsets));
    }

    /** {@code array.get(indices...)}. */
    public static Expr get(String array, Type type, Expr... indices) {
        return new Expr.ArrayRead(array, type, List.of(indices));
    }

    /** {@code array[index]} of a local array. */
    public static Expr elem(String array, Type type, Expr index) {
        return new Expr.Element(array, type, index);
    }

    public static Expr extent(String array, int axis) {
        return new Expr.ArrayExtent(array, axis);
    }

    /** {@code d(e, var)}, of e's type. */
    public static Expr d(Expr e, String var) {
        return new Expr.Derivative(e, var, e.type());
    }

    // ---------------------------------------------------------------- statements

    public static Stmt.Declare declare(String name, Type type, Expr init) {
        return new Stmt.Declare(name, type, init);
    }

    /** {@code double name = init;}. */
    public static Stmt.Declare ddeclare(String name, Expr init) {
        return declare(name, DOUBLE, init);
    }

    public static Stmt.Assign assign(String name, Expr value) {
        return new Stmt.Assign(name, value);
    }

    public static Stmt.DeclareArray newArray(String name, Type type, int length) {
        return new Stmt.DeclareArray(name, type, length);
    }

    /** {@code name[index] = value;}. */
    public static Stmt.StoreElement setElem(String name, Expr index, Expr value) {
        return new Stmt.StoreElement(name, index, value);
    }

    /** {@code out.set(value);} for an {@code Out} parameter of the value's type. */
    public static Stmt.Store set(String output, Expr value) {
        return new Stmt.Store(new Output(output, value.type(), false), value);
    }

    public static Stmt.Return ret(Expr value) {
        return new Stmt.Return(value);
    }

    public static Stmt.If ifThen(Expr c, Stmt then) {
        return new Stmt.If(c, then, null);
    }

    public static Stmt.If ifElse(Expr c, Stmt then, Stmt otherwise) {
        return new Stmt.If(c, then, otherwise);
    }

    public static Stmt.While whileLoop(Expr c, Stmt... body) {
        return new Stmt.While(c, block(body));
    }

    public static Stmt.For forLoop(List<Stmt> init, Expr c, List<Stmt> update, Stmt... body) {
        return new Stmt.For(init, c, update, block(body));
    }

    /** {@code for (int j = from; j < to; j = j + 1) { body }}, as the front end translates {@code j++}. */
    public static Stmt.For counted(String j, int from, int to, Stmt... body) {
        return forLoop(List.of(declare(j, INT, lit(from))), lt(ivar(j), lit(to)), List.of(assign(j, add(ivar(j), lit(1)))), body);
    }

    public static Stmt.Block block(Stmt... statements) {
        return new Stmt.Block(List.of(statements));
    }

    // ---------------------------------------------------------------- kernels

    /** A plain primitive parameter: the input field's element at the point. */
    public static KernelParam input(String name, Type type) {
        return new KernelParam(name, type, KernelParam.Role.INPUT, -1, false);
    }

    public static KernelParam coord(String name, int axis) {
        return new KernelParam(name, DOUBLE, KernelParam.Role.COORD, axis, false);
    }

    public static KernelParam index(String name, int axis) {
        return new KernelParam(name, INT, KernelParam.Role.INDEX, axis, false);
    }

    public static KernelParam extentParam(String name, int axis) {
        return new KernelParam(name, INT, KernelParam.Role.EXTENT, axis, false);
    }

    /** {@code @Const}: one value per launch, passed at run time. */
    public static KernelParam constant(String name, Type type) {
        return new KernelParam(name, type, KernelParam.Role.CONST, -1, false);
    }

    /** {@code @Const(specialize = true)}: baked into the compiled CUDA code. */
    public static KernelParam specialized(String name, Type type) {
        return new KernelParam(name, type, KernelParam.Role.CONST, -1, true);
    }

    public static KernelParam output(String name, Type type) {
        return KernelParam.output(name, type);
    }

    public static KernelParam grid(String name, Type type, int rank) {
        return KernelParam.grid(name, type, new GridSpec(rank, Boundary.CLAMP, 0));
    }

    public static KernelParam array(String name, Type type, int rank) {
        return KernelParam.array(name, type, rank);
    }

    public static List<KernelParam> params(KernelParam... ps) {
        return List.of(ps);
    }

    /**
     * A kernel named {@code k} as the front end makes it: the point function takes the parameters
     * that carry a value, returns {@code returnType} (null: it writes its {@code Out} parameters),
     * and the rank is the highest axis read + 1.
     */
    public static Kernel kernel(Type returnType, List<KernelParam> params, Stmt... body) {
        return kernel(returnType, params, List.of(), body);
    }

    /** {@link #kernel(Type, List, Stmt...)} with {@code @Device} helpers. */
    public static Kernel kernel(Type returnType, List<KernelParam> params, List<Function> helpers, Stmt... body) {
        List<Function.Parameter> fnParams = params.stream().filter(KernelParam::isPointValue)
                .map(p -> new Function.Parameter(p.name(), p.type())).toList();
        Function point = new Function("k_point", "test.K.k", returnType, fnParams, block(body));
        int rank = params.stream().mapToInt(p -> p.grid() != null ? p.grid().rank() : p.axis() + 1).max().orElse(0);
        return new Kernel("k", "test.K.k", params, point, List.of(), helpers, rank);
    }

    /** A kernel returning a double. */
    public static Kernel kernel(List<KernelParam> params, Stmt... body) {
        return kernel(DOUBLE, params, body);
    }

    /** A {@code @Device} helper: {@code returnType name(params) { body }}. */
    public static Function helper(String name, Type returnType, List<Function.Parameter> params, Stmt... body) {
        return new Function(name, "test.K." + name, returnType, params, block(body));
    }

    public static Function.Parameter param(String name, Type type) {
        return new Function.Parameter(name, type);
    }

    // ---------------------------------------------------------------- reading results

    /** The kernel as IrPrinter prints it. */
    public static String print(Kernel k) {
        return IrPrinter.kernel(k);
    }

    public static String print(Expr e) {
        return IrPrinter.expression(e);
    }

    /**
     * The point function's body as IrPrinter prints it, one string per line, without the signature
     * and the closing brace; a nested statement keeps two spaces per level of nesting.
     */
    public static List<String> bodyLines(Kernel k) {
        return bodyLines(k.point());
    }

    /** {@link #bodyLines(Kernel)} of any function (a helper). */
    public static List<String> bodyLines(Function f) {
        Kernel alone = new Kernel("k", "test.K.k", f.isVoid() ? List.of(output("r", DOUBLE)) : List.of(), f, List.of(), List.of(), 0);
        List<String> lines = new ArrayList<>(Arrays.asList(IrPrinter.kernel(alone).split("\n")));
        lines.remove(0);
        lines.remove(lines.size() - 1);
        return lines.stream().map(l -> l.substring(4)).toList();
    }
}
