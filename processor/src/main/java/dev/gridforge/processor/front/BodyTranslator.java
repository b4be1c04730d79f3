package dev.gridforge.processor.front;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import dev.gridforge.processor.diag.Messages;
import dev.gridforge.processor.ir.BinaryOp;
import dev.gridforge.processor.ir.Evaluator;
import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.KernelParam;
import dev.gridforge.processor.ir.MathFunction;
import dev.gridforge.processor.ir.Output;
import dev.gridforge.processor.ir.Stmt;
import dev.gridforge.processor.ir.Type;
import dev.gridforge.processor.ir.UnaryOp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Translates one method body from javac trees to kernel IR, type-checking it with Java's rules
 * (the body is not attributed while annotation processing runs). Every construct outside the
 * kernel language is reported at its own position; translation then goes on, so one build
 * shows every error. A sub-tree that failed yields null, and its parents stay silent.
 */
final class BodyTranslator {
    private final ErrorSink errors;
    private final NameResolver names;
    private final HelperTable helpers;
    private final TypeElement owner;
    private final CompilationUnitTree unit;
    private final Deque<Map<String, Local>> scopes = new ArrayDeque<>();

    /** A local in scope: its type (null when its declaration failed), and its value if it is a Java constant variable. */
    private record Local(Type type, Expr.Literal constant, int length) {
        Local(Type type, Expr.Literal constant) {
            this(type, constant, 0);
        }

        boolean isArray() {
            return length > 0;
        }
    }

    /** The most elements a local array may have: it lives in each GPU thread's registers or local memory. */
    static final int MAX_LOCAL_ARRAY = 4096;
    /** The kernel's Out parameters by name (empty in helpers): written with set, never read. */
    private final Map<String, Output> outputs = new HashMap<>();
    /** The kernel's grid parameters by name (empty in helpers): read with at(offsets...). */
    private final Map<String, KernelParam> grids = new HashMap<>();
    /** The kernel's array parameters by name (empty in helpers): read with get(indices...), sized with extent(axis). */
    private final Map<String, KernelParam> arrays = new HashMap<>();
    /** The kernel's parameters by name (empty in helpers): what d(expr, var) may differentiate by. */
    private final Map<String, KernelParam> kernelParameters = new HashMap<>();
    private Type returnType;

    BodyTranslator(ErrorSink errors, NameResolver names, HelperTable helpers, TypeElement owner,
                   CompilationUnitTree unit) {
        this.errors = errors;
        this.names = names;
        this.helpers = helpers;
        this.owner = owner;
        this.unit = unit;
    }

    /** A kernel's body: as {@link #translate}, with its Out parameters writable by {@code set}. */
    Stmt.Block translateKernel(List<Function.Parameter> parameters, List<KernelParam> kernelParams, Type returnType,
                               BlockTree body) {
        for (KernelParam p : kernelParams) {
            if (p.role() == KernelParam.Role.OUTPUT) {
                outputs.put(p.name(), new Output(p.name(), p.type(), false));
            } else if (p.role() == KernelParam.Role.GRID) {
                grids.put(p.name(), p);
            } else if (p.role() == KernelParam.Role.ARRAY) {
                arrays.put(p.name(), p);
            }
            kernelParameters.put(p.name(), p);
        }
        return translate(parameters, returnType, body);
    }

    /** The IR body of a method whose parameters are already typed; null parts mean errors were reported. */
    Stmt.Block translate(List<Function.Parameter> parameters, Type returnType, BlockTree body) {
        this.returnType = returnType;
        scopes.push(new HashMap<>());
        for (Function.Parameter p : parameters) {
            scopes.peek().put(p.name(), new Local(p.type(), null));
        }
        Stmt.Block block = block(body);
        scopes.pop();
        return block;
    }

    // ---------------------------------------------------------------- statements

    private Stmt.Block block(BlockTree tree) {
        scopes.push(new HashMap<>());
        List<Stmt> out = new ArrayList<>();
        for (StatementTree s : tree.getStatements()) {
            Stmt t = statement(s);
            if (t != null) {
                out.add(t);
            }
        }
        scopes.pop();
        return new Stmt.Block(out);
    }

    /** A statement in its own scope (the body of an if or a loop). */
    private Stmt nested(StatementTree tree) {
        if (tree instanceof BlockTree b) {
            return block(b);
        }
        scopes.push(new HashMap<>());
        Stmt s = statement(tree);
        scopes.pop();
        return s == null ? new Stmt.Block(List.of()) : s;
    }

    private Stmt statement(StatementTree tree) {
        switch (tree.getKind()) {
            case BLOCK:
                return block((BlockTree) tree);
            case VARIABLE:
                return declaration((VariableTree) tree);
            case EXPRESSION_STATEMENT:
                return expressionStatement(((ExpressionStatementTree) tree).getExpression());
            case IF: {
                IfTree t = (IfTree) tree;
                Expr cond = condition(t.getCondition());
                Stmt then = nested(t.getThenStatement());
                Stmt otherwise = t.getElseStatement() == null ? null : nested(t.getElseStatement());
                return cond == null ? null : new Stmt.If(cond, then, otherwise);
            }
            case WHILE_LOOP: {
                WhileLoopTree t = (WhileLoopTree) tree;
                Expr cond = condition(t.getCondition());
                Stmt body = nested(t.getStatement());
                return cond == null ? null : new Stmt.While(cond, body);
            }
            case DO_WHILE_LOOP: {
                DoWhileLoopTree t = (DoWhileLoopTree) tree;
                Stmt body = nested(t.getStatement());
                Expr cond = condition(t.getCondition());
                return cond == null ? null : new Stmt.DoWhile(body, cond);
            }
            case FOR_LOOP:
                return forLoop((ForLoopTree) tree);
            case RETURN:
                return returnStatement((ReturnTree) tree);
            case BREAK:
                if (((BreakTree) tree).getLabel() != null) {
                    return unsupported(tree, "a labelled break", "restructure the loop or use a boolean flag");
                }
                return new Stmt.Break();
            case CONTINUE:
                if (((ContinueTree) tree).getLabel() != null) {
                    return unsupported(tree, "a labelled continue", "restructure the loop or use a boolean flag");
                }
                return new Stmt.Continue();
            case EMPTY_STATEMENT:
                return null;
            case ENHANCED_FOR_LOOP:
                return unsupported(tree, "a for-each loop", "loop over an int index: for (int i = 0; i < n; i++)");
            case SWITCH:
                return unsupported(tree, "'switch'", "use if/else");
            case TRY:
                return unsupported(tree, "'try'", "kernels cannot catch exceptions; check values with if instead");
            case THROW:
                return unsupported(tree, "'throw'", "kernels cannot throw; return a sentinel value such as Double.NaN");
            case SYNCHRONIZED:
                return unsupported(tree, "'synchronized'", "remove it: each point is computed independently");
            case LABELED_STATEMENT:
                return unsupported(tree, "a labelled statement", "remove the label");
            case ASSERT:
                return unsupported(tree, "'assert'", "check the inputs before the launch");
            case CLASS:
                return unsupported(tree, "a local class", "move it out of the kernel; kernels use primitives only");
            default:
                return unsupported(tree, "this statement (" + tree.getKind() + ")", "write it with locals, if and loops");
        }
    }

    private Stmt declaration(VariableTree tree) {
        String name = tree.getName().toString();
        if (ReservedNames.isReserved(name)) {
            errors.error(ReservedNames.message(name), tree, unit);
        }
        Tree typeTree = tree.getType();
        if (typeTree instanceof ArrayTypeTree || tree.getInitializer() instanceof NewArrayTree) {
            return arrayDeclaration(tree, name);
        }
        boolean isVar = typeTree == null || (typeTree instanceof IdentifierTree id && id.getName().contentEquals("var"));
        Expr init = tree.getInitializer() == null ? null : expression(tree.getInitializer());
        Type type;
        if (isVar) {
            if (tree.getInitializer() == null || init == null) {
                declare(name, null);
                return null;
            }
            type = init.type();
        } else {
            type = primitiveType(typeTree);
            if (type == null) {
                declare(name, null);
                return null;
            }
        }
        declare(name, type);
        if (init == null) {
            return tree.getInitializer() == null ? new Stmt.Declare(name, type, null) : null;
        }
        Expr converted = assignable(init, type, tree.getInitializer());
        if (converted != null && tree.getModifiers().getFlags().contains(javax.lang.model.element.Modifier.FINAL)) {
            // A final local with a constant initializer is a constant in Java (JLS 4.12.4), usable as a stencil offset.
            Expr.Literal constant = Evaluator.constant(withConstantLocals(converted));
            if (constant != null) {
                scopes.peek().put(name, new Local(type, constant));
            }
        }
        return converted == null ? null : new Stmt.Declare(name, type, converted);
    }

    /** {@code double[] h = new double[32];}: a local array of a constant length, zeroed. */
    private Stmt arrayDeclaration(VariableTree tree, String name) {
        declare(name, null);
        if (kernelParameters.isEmpty()) {
            return unsupported(tree, "a local array in a @Device helper", "declare it in the kernel and pass the values"
                    + " a helper needs");
        }
        Tree typeTree = tree.getType();
        Type element = typeTree instanceof ArrayTypeTree a && a.getType() instanceof PrimitiveTypeTree p
                ? Type.ofJavaName(p.getPrimitiveTypeKind().name().toLowerCase(java.util.Locale.ROOT)) : null;
        if (element == null || element == Type.BOOLEAN) {
            return unsupported(typeTree == null ? tree : typeTree, "a local of type " + typeTree, "local arrays are"
                    + " one-dimensional: int[], long[], float[] or double[]");
        }
        String example = element.javaName() + "[] " + name + " = new " + element.javaName() + "[32];";
        if (!(tree.getInitializer() instanceof NewArrayTree init) || init.getDimensions().size() != 1
                || init.getInitializers() != null) {
            return unsupported(tree.getInitializer() == null ? tree : tree.getInitializer(), "this array initializer",
                    "create a local array with a constant length and assign its elements: " + example);
        }
        if (!(init.getType() instanceof PrimitiveTypeTree p)
                || Type.ofJavaName(p.getPrimitiveTypeKind().name().toLowerCase(java.util.Locale.ROOT)) != element) {
            return typeError(init, "'" + init + "' is not " + article(element) + " array; write " + example);
        }
        ExpressionTree dimension = init.getDimensions().get(0);
        Expr length = expression(dimension);
        Expr.Literal value = length == null ? null : Evaluator.constant(withConstantLocals(length));
        if (value == null || value.type() != Type.INT) {
            return unsupported(dimension, "an array length that is not an int constant ('" + dimension + "')",
                    "give the length as a literal or a constant (static final int, or a final local), e.g. " + example);
        }
        int n = (Integer) value.value();
        if (n < 1 || n > MAX_LOCAL_ARRAY) {
            return unsupported(dimension, "a local array of " + n + " elements", "a local array has 1 to " + MAX_LOCAL_ARRAY
                    + " elements (each GPU thread holds its own)");
        }
        scopes.peek().put(name, new Local(element, null, n));
        return new Stmt.DeclareArray(name, element, n);
    }

    /** The local array {@code tree} names (not hidden by a scalar), or null. */
    private Local localArray(ExpressionTree tree) {
        if (tree instanceof IdentifierTree id) {
            for (Map<String, Local> scope : scopes) {
                Local l = scope.get(id.getName().toString());
                if (l != null) {
                    return l.isArray() ? l : null;
                }
            }
        }
        return null;
    }

    /** {@code h[i]}: the array and its int index, or null when reported. */
    private Expr element(ArrayAccessTree tree) {
        Local array = localArray(tree.getExpression());
        if (array == null) {
            return unsupported(tree, "indexing '" + tree.getExpression() + "'", "index a local array declared in the kernel"
                    + " (double[] h = new double[32];); read an input array through an Array1...Array4 parameter with get(...)");
        }
        Expr index = expression(tree.getIndex());
        if (index == null) {
            return null;
        }
        if (index.type() != Type.INT) {
            return typeError(tree.getIndex(), "an array index is an int, not " + article(index.type()));
        }
        return new Expr.Element(tree.getExpression().toString(), array.type(), index);
    }

    /** {@code h[i] = v}, {@code h[i] += v}, {@code h[i]++}: the store of a local array's element. */
    private Stmt storeElement(ArrayAccessTree target, BinaryOp op, Expr value, Tree where) {
        Expr element = element(target);
        if (element == null || value == null) {
            return null;
        }
        Expr.Element el = (Expr.Element) element;
        Expr stored;
        if (op == null) {
            stored = assignable(value, el.type(), where);
        } else {
            stored = Operators.compound(op, el, value);
            if (stored == null) {
                return typeError(where, "operator cannot combine " + el.type().javaName() + " and " + value.type().javaName());
            }
        }
        return stored == null ? null : new Stmt.StoreElement(el.array(), el.index(), stored);
    }

    private Stmt forLoop(ForLoopTree tree) {
        scopes.push(new HashMap<>());
        List<Stmt> init = new ArrayList<>();
        for (StatementTree s : tree.getInitializer()) {
            Stmt t = statement(s);
            if (t != null) {
                init.add(t);
            }
        }
        Expr cond = tree.getCondition() == null ? null : condition(tree.getCondition());
        List<Stmt> update = new ArrayList<>();
        for (ExpressionStatementTree s : tree.getUpdate()) {
            Stmt t = expressionStatement(s.getExpression());
            if (t != null) {
                update.add(t);
            }
        }
        Stmt body = nested(tree.getStatement());
        scopes.pop();
        if (tree.getCondition() != null && cond == null) {
            return null;
        }
        return new Stmt.For(init, cond, update, body);
    }

    private Stmt returnStatement(ReturnTree tree) {
        if (returnType == null) {
            return tree.getExpression() == null ? new Stmt.Return(null) : typeError(tree, "this kernel returns nothing: "
                    + "set its results through its Out parameters (" + String.join(", ", outputs.keySet()) + ") and write 'return;'");
        }
        if (tree.getExpression() == null) {
            return unsupported(tree, "'return' without a value", "return the point's value");
        }
        Expr value = expression(tree.getExpression());
        if (value == null) {
            return null;
        }
        Expr converted = assignable(value, returnType, tree.getExpression());
        return converted == null ? null : new Stmt.Return(converted);
    }

    private Stmt expressionStatement(ExpressionTree tree) {
        switch (tree.getKind()) {
            case ASSIGNMENT: {
                AssignmentTree t = (AssignmentTree) tree;
                if (t.getVariable() instanceof ArrayAccessTree a) {
                    return storeElement(a, null, expression(t.getExpression()), t.getExpression());
                }
                String target = assignedLocal(t.getVariable());
                Expr value = expression(t.getExpression());
                if (target == null || value == null) {
                    return null;
                }
                Expr converted = assignable(value, lookup(target), t.getExpression());
                return converted == null ? null : new Stmt.Assign(target, converted);
            }
            case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT: {
                UnaryTree t = (UnaryTree) tree;
                boolean up = tree.getKind() == Tree.Kind.PREFIX_INCREMENT || tree.getKind() == Tree.Kind.POSTFIX_INCREMENT;
                if (t.getExpression() instanceof ArrayAccessTree a) {
                    return storeElement(a, up ? BinaryOp.ADD : BinaryOp.SUB, new Expr.Literal(Type.INT, 1), tree);
                }
                String target = assignedLocal(t.getExpression());
                if (target == null) {
                    return null;
                }
                Type type = lookup(target);
                if (!type.isNumeric()) {
                    return typeError(tree, "++/-- needs a number, not " + type.javaName());
                }
                Expr v = Operators.compound(up ? BinaryOp.ADD : BinaryOp.SUB, new Expr.Var(target, type), Operators.one(type));
                return new Stmt.Assign(target, v);
            }
            case METHOD_INVOCATION:
                return invocationStatement((MethodInvocationTree) tree);
            default:
                if (tree instanceof CompoundAssignmentTree t && t.getVariable() instanceof ArrayAccessTree a) {
                    BinaryOp op = binaryOp(tree.getKind());
                    return op == null ? unsupported(tree, "this compound assignment", "write h[i] = h[i] op v")
                            : storeElement(a, op, expression(t.getExpression()), tree);
                }
                if (tree instanceof CompoundAssignmentTree t) {
                    String target = assignedLocal(t.getVariable());
                    Expr value = expression(t.getExpression());
                    if (target == null || value == null) {
                        return null;
                    }
                    BinaryOp op = binaryOp(tree.getKind());
                    Expr v = op == null ? null : Operators.compound(op, new Expr.Var(target, lookup(target)), value);
                    if (v == null) {
                        return typeError(tree, "operator " + tree.getKind() + " cannot combine "
                                + lookup(target).javaName() + " and " + value.type().javaName());
                    }
                    return new Stmt.Assign(target, v);
                }
                return unsupported(tree, "this expression as a statement", "assign its value to a local");
        }
    }

    /** A call as a statement: an output's {@code set}; anything else computes a value nobody uses. */
    private Stmt invocationStatement(MethodInvocationTree tree) {
        if (tree.getMethodSelect() instanceof MemberSelectTree sel) {
            Output output = outputNamed(sel.getExpression());
            if (output != null && !(sel.getIdentifier().contentEquals("set") && tree.getArguments().size() == 1)) {
                return unsupported(tree, "'" + sel + "(...)'", "an output is only written, with '" + sel.getExpression()
                        + ".set(value);' (one value)");
            }
            if (output != null) {
                Expr value = expression(tree.getArguments().get(0));
                if (value == null) {
                    return null;
                }
                Expr converted = assignable(value, output.type(), tree.getArguments().get(0));
                return converted == null ? null : new Stmt.Store(output, converted);
            }
            String receiver = NameResolver.dottedName(sel.getExpression());
            if (("System.out".equals(receiver) || "System.err".equals(receiver)) && lookup("System") == null) {
                return unsupported(tree, "printing", "a kernel cannot print. To look at its values, call the method "
                        + "directly (it is plain Java) or run it on the JVM backend (on(Backend.JVM)) in a debugger");
            }
        }
        if (expression(tree) == null) {
            return null; // what is wrong with the call itself was reported
        }
        return unsupported(tree, "a call whose result is not used",
                "kernel helpers are pure functions: use the value they return");
    }

    /** The grid parameter {@code tree} names, or null. */
    private KernelParam gridNamed(ExpressionTree tree) {
        return tree instanceof IdentifierTree id && lookup(id.getName().toString()) == null
                ? grids.get(id.getName().toString()) : null;
    }

    static final String DERIVATIVES = "dev.gridforge.Derivatives";

    /**
     * {@code d(expr, var)}: expr of a floating type, var the name of a floating parameter of the
     * kernel; the result is double, or float when both are float (the overload Java picks).
     */
    private Expr derivative(MethodInvocationTree tree, String method, List<Expr> args) {
        if (!method.equals("d")) {
            return unsupported(tree, "'Derivatives." + method + "'", "a kernel takes derivatives with d(expr, var)");
        }
        if (kernelParameters.isEmpty()) {
            return unsupported(tree, "d(expr, var) in a @Device helper", "take the derivative in the kernel: d(helper(x), x)"
                    + " differentiates through the helper");
        }
        if (args.size() != 2) {
            return typeError(tree, "d takes an expression and the parameter to differentiate by, not " + args.size()
                    + " arguments");
        }
        ExpressionTree varTree = tree.getArguments().get(1);
        KernelParam var = varTree instanceof IdentifierTree id ? kernelParameters.get(id.getName().toString()) : null;
        if (var == null || !var.isPointValue()) {
            return unsupported(varTree, "d(expr, " + varTree + "), a derivative by something that is not a parameter of"
                    + " the kernel", "differentiate by a double or float parameter (an input, a @Coord or a @Const), e.g."
                    + " d(u, x) where x is a parameter; for a derivative by an intermediate value, write it in terms of"
                    + " the parameters");
        }
        if (!var.type().isFloating()) {
            return typeError(varTree, "d(expr, " + var.name() + "): '" + var.name() + "' is " + article(var.type())
                    + " parameter, which has no derivative; differentiate by a double or float parameter");
        }
        Expr expr = args.get(0);
        if (!expr.type().isFloating()) {
            return typeError(tree.getArguments().get(0), "d takes the derivative of a double or float expression, not of "
                    + article(expr.type()) + (expr.type().isIntegral() ? " (integers are piecewise constant: cast to"
                    + " double first if you mean the value as a real number)" : ""));
        }
        Type type = expr.type() == Type.FLOAT && var.type() == Type.FLOAT ? Type.FLOAT : Type.DOUBLE;
        return new Expr.Derivative(Operators.convert(expr, type), var.name(), type);
    }

    /** The array parameter {@code tree} names, or null. */
    private KernelParam arrayNamed(ExpressionTree tree) {
        return tree instanceof IdentifierTree id && lookup(id.getName().toString()) == null
                ? arrays.get(id.getName().toString()) : null;
    }

    /** {@code x.get(i0, ...)}, one int index per axis, or {@code x.extent(axis)} with a constant axis. */
    private Expr arrayCall(MethodInvocationTree tree, KernelParam array, String method, List<Expr> args) {
        int rank = array.arrayRank();
        String name = array.name();
        String example = name + ".get(" + String.join(", ", java.util.stream.IntStream.range(0, rank)
                .mapToObj(a -> "i" + a).toList()) + ")";
        if (method.equals("extent")) {
            if (args.size() != 1) {
                return typeError(tree, name + ".extent takes one axis, not " + args.size() + " arguments");
            }
            Expr.Literal axis = Evaluator.constant(withConstantLocals(args.get(0)));
            ExpressionTree where = tree.getArguments().get(0);
            if (axis == null || axis.type() != Type.INT) {
                return unsupported(where, "an array axis that is not an int constant ('" + where + "')",
                        "write the axis as a literal, e.g. " + name + ".extent(0), or keep each extent in a local");
            }
            int a = (Integer) axis.value();
            if (a < 0 || a >= rank) {
                return typeError(where, "'" + name + "' is a " + rank + "-dimensional array: its axes are 0.." + (rank - 1)
                        + ", not " + a);
            }
            return new Expr.ArrayExtent(name, a);
        }
        if (!method.equals("get")) {
            return unsupported(tree, "'" + name + "." + method + "(...)'", "an array is read with " + example
                    + " and sized with " + name + ".extent(axis)");
        }
        if (args.size() != rank) {
            return typeError(tree, "'" + name + "' is a " + rank + "-dimensional array: " + example + " takes " + rank
                    + " ind" + (rank == 1 ? "ex" : "ices") + ", axis 0 first, not " + args.size());
        }
        List<Expr> indices = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            Expr index = args.get(i);
            if (index.type() != Type.INT) {
                return typeError(tree.getArguments().get(i), "an array index is an int, not " + article(index.type())
                        + "; cast it with (int) if you mean to");
            }
            indices.add(index);
        }
        return new Expr.ArrayRead(name, array.type(), indices);
    }

    /** How far a stencil may read: far enough for any real stencil, near enough that index arithmetic cannot overflow. */
    static final int MAX_OFFSET = 1024;

    /** {@code u.at(d0, d1)}: one constant int offset per axis of the grid. */
    private Expr gridRead(MethodInvocationTree tree, KernelParam grid, String method, List<Expr> args) {
        int rank = grid.grid().rank();
        String example = grid.name() + ".at(" + zeros(rank) + ")";
        if (!method.equals("at")) {
            return unsupported(tree, "'" + grid.name() + "." + method + "(...)'", "a grid is read with " + example
                    + " and offsets to its neighbours; its extents are @Extent parameters");
        }
        if (args.size() != rank) {
            return typeError(tree, "'" + grid.name() + "' is a " + rank + "-dimensional grid: " + grid.name()
                    + ".at takes " + rank + " offset" + (rank == 1 ? "" : "s") + ", one per axis, not " + args.size());
        }
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            ExpressionTree where = tree.getArguments().get(i);
            Expr.Literal value = Evaluator.constant(withConstantLocals(args.get(i)));
            if (value == null) {
                return unsupported(where, "a stencil offset that is not a compile-time constant ('" + where + "')",
                        "offsets are int literals or constants (static final, or final locals with a constant value), e.g. "
                                + grid.name() + ".at(" + zeros(rank)
                                .replaceFirst("0", "1") + "); write one read per neighbour");
            }
            if (value.type() != Type.INT) {
                return typeError(where, "a stencil offset is an int, not " + article(value.type()));
            }
            int offset = (Integer) value.value();
            if (Math.abs((long) offset) > MAX_OFFSET) {
                return unsupported(where, "an offset of " + offset, "stencils read at most " + MAX_OFFSET + " points away");
            }
            offsets.add(offset);
        }
        return new Expr.GridRead(grid.name(), grid.type(), offsets);
    }

    /** {@code e} with its reads of final constant locals replaced by their values. */
    private Expr withConstantLocals(Expr e) {
        return new dev.gridforge.processor.ir.IrMutator() {
            @Override
            public Expr visitVar(Expr.Var v) {
                Expr.Literal c = constantLocal(v.name());
                return c != null ? c : v;
            }
        }.expr(e);
    }

    private static String zeros(int rank) {
        return String.join(", ", java.util.Collections.nCopies(rank, "0"));
    }

    /** The Out parameter {@code tree} names, or null. */
    private Output outputNamed(ExpressionTree tree) {
        return tree instanceof IdentifierTree id && lookup(id.getName().toString()) == null
                ? outputs.get(id.getName().toString()) : null;
    }

    private String assignedLocal(ExpressionTree target) {
        if (localArray(target) != null) {
            unsupported(target, "assigning to the local array '" + target + "'", "a local array keeps the one it was"
                    + " created with: assign its elements (" + target + "[i] = v)");
            return null;
        }
        if (target instanceof IdentifierTree id && lookup(id.getName().toString()) != null) {
            return id.getName().toString();
        }
        if (target instanceof IdentifierTree id && scopeHas(id.getName().toString())) {
            return null; // declared with an error already reported
        }
        unsupported(target, "assigning to '" + target + "'", "only local variables and parameters can be assigned");
        return null;
    }

    // ---------------------------------------------------------------- expressions

    private Expr condition(ExpressionTree tree) {
        Expr e = expression(tree);
        if (e != null && e.type() != Type.BOOLEAN) {
            return typeError(tree, "a condition must be boolean, not " + e.type().javaName());
        }
        return e;
    }

    Expr expression(ExpressionTree tree) {
        switch (tree.getKind()) {
            case PARENTHESIZED:
                return expression(((ParenthesizedTree) tree).getExpression());
            case INT_LITERAL, LONG_LITERAL, FLOAT_LITERAL, DOUBLE_LITERAL, BOOLEAN_LITERAL:
                return ConstantValues.literal(((LiteralTree) tree).getValue());
            case CHAR_LITERAL:
                return unsupported(tree, "a char literal", "use an int code point");
            case STRING_LITERAL:
                return unsupported(tree, "a string", "kernels compute numbers only");
            case NULL_LITERAL:
                return unsupported(tree, "null", "kernels use primitive values only");
            case IDENTIFIER:
                return identifier((IdentifierTree) tree);
            case MEMBER_SELECT:
                return memberSelect((MemberSelectTree) tree);
            case METHOD_INVOCATION:
                return invocation((MethodInvocationTree) tree);
            case CONDITIONAL_EXPRESSION: {
                ConditionalExpressionTree t = (ConditionalExpressionTree) tree;
                Expr c = expression(t.getCondition());
                Expr a = expression(t.getTrueExpression());
                Expr b = expression(t.getFalseExpression());
                if (c == null || a == null || b == null) {
                    return null;
                }
                Expr e = Operators.conditional(c, a, b);
                return e != null ? e : typeError(tree, "'?:' cannot have a " + c.type().javaName()
                        + " condition and branches of " + a.type().javaName() + " and " + b.type().javaName());
            }
            case TYPE_CAST:
                return cast((TypeCastTree) tree);
            case UNARY_PLUS, UNARY_MINUS, LOGICAL_COMPLEMENT, BITWISE_COMPLEMENT:
                return unary((UnaryTree) tree);
            case PREFIX_INCREMENT, POSTFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_DECREMENT:
                return unsupported(tree, "++ or -- inside an expression", "write it as its own statement");
            case ASSIGNMENT:
                return unsupported(tree, "an assignment inside an expression", "write it as its own statement");
            case NEW_CLASS:
                return unsupported(tree, "'new'", "allocate outside the kernel and pass values in");
            case NEW_ARRAY:
                return unsupported(tree, "creating an array", "allocate outside the kernel and pass values in");
            case ARRAY_ACCESS:
                return element((ArrayAccessTree) tree);
            case LAMBDA_EXPRESSION:
                return unsupported(tree, "a lambda", "call a static @Device helper instead");
            case MEMBER_REFERENCE:
                return unsupported(tree, "a method reference", "call a static @Device helper instead");
            case INSTANCE_OF:
                return unsupported(tree, "'instanceof'", "kernels use primitive values only");
            default:
                if (tree instanceof BinaryTree b) {
                    return binary(b);
                }
                if (tree instanceof CompoundAssignmentTree) {
                    return unsupported(tree, "a compound assignment inside an expression", "write it as its own statement");
                }
                return unsupported(tree, "this expression (" + tree.getKind() + ")", "write it with arithmetic, Math and helper calls");
        }
    }

    private Expr identifier(IdentifierTree tree) {
        String name = tree.getName().toString();
        if (name.equals("this") || name.equals("super")) {
            return unsupported(tree, "'" + name + "'", "kernels are static: pass values as parameters");
        }
        if (localArray(tree) != null) {
            return unsupported(tree, "using the local array '" + name + "' as a value", "read its elements (" + name
                    + "[i]); a helper takes values, not arrays");
        }
        Type local = lookup(name);
        if (local != null) {
            return new Expr.Var(name, local);
        }
        if (scopeHas(name)) {
            return null; // its declaration failed and was reported
        }
        if (outputs.containsKey(name)) {
            return unsupported(tree, "reading the output '" + name + "'", "an output is only written: '" + name
                    + ".set(value)'; keep the value in a local if you need it again");
        }
        if (arrays.containsKey(name)) {
            return unsupported(tree, "using the array '" + name + "' as a value", "read an element with " + name + ".get(...)"
                    + " or its size with " + name + ".extent(axis); a helper takes the values read, not the array");
        }
        if (grids.containsKey(name)) {
            return unsupported(tree, "using the grid '" + name + "' as a value", "read it with " + name + ".at("
                    + zeros(grids.get(name).grid().rank()) + ") (the point itself) or with offsets to a neighbour;"
                    + " a helper takes the values read, not the grid");
        }
        VariableElement field = names.field(owner, name, true);
        if (field == null) {
            TypeElement imported = names.staticImportOwner(name, unit);
            field = imported == null ? null : names.field(imported, name, false);
        }
        if (field != null) {
            return constantField(field, tree);
        }
        return nameError(tree, "cannot find '" + name + "': a kernel can read its parameters, its locals and static final constants");
    }

    private Expr memberSelect(MemberSelectTree tree) {
        Local array = localArray(tree.getExpression());
        if (array != null) {
            return tree.getIdentifier().contentEquals("length") ? new Expr.Literal(Type.INT, array.length())
                    : unsupported(tree, "'" + tree + "'", "a local array has its elements and its length only");
        }
        String qualifier = NameResolver.dottedName(tree.getExpression());
        if (qualifier != null && lookup(qualifier) == null) {
            TypeElement type = names.resolveType(qualifier, owner, unit);
            if (type != null) {
                VariableElement field = names.field(type, tree.getIdentifier().toString(), false);
                if (field != null) {
                    return constantField(field, tree);
                }
                return nameError(tree, "cannot find the field '" + tree.getIdentifier() + "' in " + type.getQualifiedName());
            }
        }
        return unsupported(tree, "'" + tree + "' (a field of an object)", "kernels use primitive values: pass the value as a parameter");
    }

    private Expr constantField(VariableElement field, Tree tree) {
        Object value = field.getConstantValue();
        boolean isStatic = field.getModifiers().contains(Modifier.STATIC);
        if (!isStatic) {
            return unsupported(tree, "the instance field '" + field.getSimpleName() + "'",
                    "kernels are static: pass the value as a @Const parameter");
        }
        if (value == null || !field.getModifiers().contains(Modifier.FINAL)) {
            return unsupported(tree, "the field '" + field.getSimpleName() + "', which is not a compile-time constant,",
                    "make it a static final primitive with a constant initializer, or pass it as a @Const parameter");
        }
        Expr.Literal lit = ConstantValues.literal(value);
        if (lit == null) {
            return unsupported(tree, "the " + value.getClass().getSimpleName() + " constant '" + field.getSimpleName() + "'",
                    "kernels compute numbers only");
        }
        return lit;
    }

    private Expr invocation(MethodInvocationTree tree) {
        if (!tree.getTypeArguments().isEmpty()) {
            return unsupported(tree, "explicit type arguments", "kernel helpers are not generic");
        }
        List<Expr> args = new ArrayList<>();
        boolean failed = false;
        for (ExpressionTree a : tree.getArguments()) {
            Expr e = expression(a);
            failed |= e == null;
            args.add(e);
        }
        ExpressionTree select = tree.getMethodSelect();
        String method;
        TypeElement target;
        boolean unqualified;
        if (select instanceof IdentifierTree id) {
            method = id.getName().toString();
            target = owner;
            unqualified = true;
            TypeElement imported = names.methods(owner, method, true).isEmpty() ? names.staticImportOwner(method, unit) : null;
            if (imported != null) {
                target = imported;
                unqualified = false;
            }
        } else if (select instanceof MemberSelectTree sel) {
            method = sel.getIdentifier().toString();
            KernelParam grid = gridNamed(sel.getExpression());
            if (grid != null) {
                return failed ? null : gridRead(tree, grid, method, args);
            }
            KernelParam array = arrayNamed(sel.getExpression());
            if (array != null) {
                return failed ? null : arrayCall(tree, array, method, args);
            }
            Output output = outputNamed(sel.getExpression());
            if (output != null) {
                return unsupported(tree, "'" + sel + "(...)' inside an expression", method.equals("set")
                        ? "set returns nothing: write '" + sel + "(value);' as its own statement"
                        : "an output is only written, with '" + sel.getExpression() + ".set(value);'");
            }
            String qualifier = NameResolver.dottedName(sel.getExpression());
            target = qualifier == null || lookup(qualifier) != null ? null : names.resolveType(qualifier, owner, unit);
            if (target == null) {
                int before = errors.count();
                expression(sel.getExpression()); // report what the receiver is, if it is itself unsupported
                return errors.count() > before ? null : unsupported(tree, "calling a method on a value ('" + select + "')",
                        "kernels are static: call Math functions or static @Device helpers");
            }
            unqualified = false;
        } else {
            return unsupported(tree, "this call", "call Math functions or static @Device helpers");
        }
        if (failed) {
            return null;
        }
        String qualified = target.getQualifiedName().toString();
        if (qualified.equals(DERIVATIVES)) {
            return derivative(tree, method, args);
        }
        if (qualified.equals("java.lang.Math") || qualified.equals("java.lang.StrictMath")
                || qualified.equals("java.lang.Double") || qualified.equals("java.lang.Float")) {
            return library(tree, target.getSimpleName().toString(), method, args);
        }
        return helpers.call(tree, unit, target, method, unqualified, args);
    }

    private Expr library(MethodInvocationTree tree, String owner, String method, List<Expr> args) {
        if (owner.equals("StrictMath")) {
            return unsupported(tree, "StrictMath", "use Math (gridforge's JVM backend calls the same Math method)");
        }
        List<MathFunction> overloads = MathFunction.overloads(owner, method);
        if (overloads.isEmpty()) {
            return unsupported(tree, "'" + owner + "." + method + "'",
                    "kernels can call these " + owner + " functions: " + supportedNames(owner));
        }
        MathFunction chosen = mostSpecific(overloads, args);
        if (chosen == null) {
            return typeError(tree, "no " + owner + "." + method + " takes (" + typeList(args) + ")");
        }
        List<Expr> converted = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            converted.add(Operators.convert(args.get(i), chosen.parameterTypes().get(i)));
        }
        return new Expr.MathCall(chosen, converted);
    }

    /** JLS 15.12.2: the applicable overload (by widening) that is more specific than every other one. */
    static MathFunction mostSpecific(List<MathFunction> overloads, List<Expr> args) {
        List<MathFunction> applicable = new ArrayList<>();
        for (MathFunction f : overloads) {
            if (f.parameterTypes().size() != args.size()) {
                continue;
            }
            boolean ok = true;
            for (int i = 0; i < args.size() && ok; i++) {
                ok = args.get(i).type().widensTo(f.parameterTypes().get(i));
            }
            if (ok) {
                applicable.add(f);
            }
        }
        for (MathFunction candidate : applicable) {
            boolean best = true;
            for (MathFunction other : applicable) {
                for (int i = 0; i < args.size() && best; i++) {
                    best = candidate.parameterTypes().get(i).widensTo(other.parameterTypes().get(i));
                }
            }
            if (best) {
                return candidate;
            }
        }
        return null;
    }

    private static String supportedNames(String owner) {
        return String.join(", ", new java.util.TreeSet<>(java.util.Arrays.stream(MathFunction.values())
                .filter(f -> f.owner().equals(owner)).map(MathFunction::javaName).toList()));
    }

    static String typeList(List<Expr> args) {
        return String.join(", ", args.stream().map(a -> a.type().javaName()).toList());
    }

    private Expr cast(TypeCastTree tree) {
        Type to = primitiveType(tree.getType());
        Expr e = expression(tree.getExpression());
        if (to == null || e == null) {
            return null;
        }
        if ((to == Type.BOOLEAN) != (e.type() == Type.BOOLEAN)) {
            return typeError(tree, "cannot cast " + e.type().javaName() + " to " + to.javaName());
        }
        return Operators.convert(e, to);
    }

    private Expr unary(UnaryTree tree) {
        Expr e = expression(tree.getExpression());
        if (e == null) {
            return null;
        }
        if (tree.getKind() == Tree.Kind.UNARY_PLUS) {
            return e.type().isNumeric() ? e : typeError(tree, "unary + needs a number, not " + e.type().javaName());
        }
        UnaryOp op = switch (tree.getKind()) {
            case UNARY_MINUS -> UnaryOp.NEG;
            case LOGICAL_COMPLEMENT -> UnaryOp.NOT;
            default -> UnaryOp.BIT_NOT;
        };
        Expr result = Operators.unary(op, e);
        return result != null ? result : typeError(tree, "operator " + op.symbol() + " cannot apply to " + e.type().javaName());
    }

    private Expr binary(BinaryTree tree) {
        Expr l = expression(tree.getLeftOperand());
        Expr r = expression(tree.getRightOperand());
        if (l == null || r == null) {
            return null;
        }
        BinaryOp op = binaryOp(tree.getKind());
        if (op == null) {
            return unsupported(tree, "operator " + tree.getKind(), "write it with arithmetic and comparisons");
        }
        Expr e = Operators.binary(op, l, r);
        return e != null ? e : typeError(tree, "operator " + op.symbol() + " cannot combine "
                + l.type().javaName() + " and " + r.type().javaName());
    }

    static BinaryOp binaryOp(Tree.Kind kind) {
        return switch (kind) {
            case MULTIPLY, MULTIPLY_ASSIGNMENT -> BinaryOp.MUL;
            case DIVIDE, DIVIDE_ASSIGNMENT -> BinaryOp.DIV;
            case REMAINDER, REMAINDER_ASSIGNMENT -> BinaryOp.REM;
            case PLUS, PLUS_ASSIGNMENT -> BinaryOp.ADD;
            case MINUS, MINUS_ASSIGNMENT -> BinaryOp.SUB;
            case LEFT_SHIFT, LEFT_SHIFT_ASSIGNMENT -> BinaryOp.SHL;
            case RIGHT_SHIFT, RIGHT_SHIFT_ASSIGNMENT -> BinaryOp.SHR;
            case UNSIGNED_RIGHT_SHIFT, UNSIGNED_RIGHT_SHIFT_ASSIGNMENT -> BinaryOp.USHR;
            case LESS_THAN -> BinaryOp.LT;
            case LESS_THAN_EQUAL -> BinaryOp.LE;
            case GREATER_THAN -> BinaryOp.GT;
            case GREATER_THAN_EQUAL -> BinaryOp.GE;
            case EQUAL_TO -> BinaryOp.EQ;
            case NOT_EQUAL_TO -> BinaryOp.NE;
            case AND, AND_ASSIGNMENT -> BinaryOp.AND;
            case OR, OR_ASSIGNMENT -> BinaryOp.OR;
            case XOR, XOR_ASSIGNMENT -> BinaryOp.XOR;
            case CONDITIONAL_AND -> BinaryOp.COND_AND;
            case CONDITIONAL_OR -> BinaryOp.COND_OR;
            default -> null;
        };
    }

    // ---------------------------------------------------------------- types, scopes, errors

    /** The primitive type a type tree names; reports anything else. */
    private Type primitiveType(Tree tree) {
        if (tree instanceof PrimitiveTypeTree p) {
            Type t = Type.ofJavaName(p.getPrimitiveTypeKind().name().toLowerCase(java.util.Locale.ROOT));
            if (t != null) {
                return t;
            }
            unsupported(tree, "the type " + p, "use int, long, float, double or boolean");
            return null;
        }
        unsupported(tree, "the type " + tree, "kernel locals are int, long, float, double or boolean");
        return null;
    }

    /** Assignment conversion (JLS 5.2): identity or widening. */
    private Expr assignable(Expr value, Type to, Tree where) {
        if (value.type().widensTo(to)) {
            return Operators.convert(value, to);
        }
        return typeError(where, "cannot assign " + article(value.type()) + " to " + article(to)
                + (to.isNumeric() && value.type().isNumeric() ? "; add an explicit cast (" + to.javaName() + ")" : ""));
    }

    /** "a double", "an int". */
    static String article(Type t) {
        return (t == Type.INT ? "an " : "a ") + t.javaName();
    }

    private void declare(String name, Type type) {
        scopes.peek().put(name, new Local(type, null));
    }

    /** The type of a visible local, or null (also for a local whose declaration failed). */
    private Type lookup(String name) {
        for (Map<String, Local> scope : scopes) {
            if (scope.containsKey(name)) {
                Local l = scope.get(name);
                return l == null || l.isArray() ? null : l.type(); // an array is never a scalar value
            }
        }
        return null;
    }

    private boolean scopeHas(String name) {
        for (Map<String, Local> scope : scopes) {
            if (scope.containsKey(name)) {
                return true;
            }
        }
        return false;
    }

    /** The value of a final local with a constant initializer, or null. */
    private Expr.Literal constantLocal(String name) {
        for (Map<String, Local> scope : scopes) {
            if (scope.containsKey(name)) {
                return scope.get(name).constant();
            }
        }
        return null;
    }

    private <T> T unsupported(Tree tree, String construct, String instead) {
        errors.error(Messages.unsupported(construct, instead), tree, unit);
        return null;
    }

    private <T> T typeError(Tree tree, String what) {
        errors.error(Messages.type(what), tree, unit);
        return null;
    }

    private <T> T nameError(Tree tree, String what) {
        errors.error(Messages.name(what), tree, unit);
        return null;
    }
}
