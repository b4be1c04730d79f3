package dev.gridforge.processor.ir;

import java.util.List;
import java.util.Objects;

/**
 * A typed, side-effect-free kernel expression. Nodes check their own invariants when made, so
 * a pass that builds a badly typed tree fails at once, in our code, not in the printed output.
 */
public sealed interface Expr extends Node {

    /** One method per kind of expression: an implementation that is not abstract handles every kind, or javac says which it misses. */
    interface Visitor<R> {
        R visitLiteral(Literal literal);

        R visitVar(Var var);

        R visitUnary(Unary unary);

        R visitBinary(Binary binary);

        R visitCast(Cast cast);

        R visitConditional(Conditional conditional);

        R visitMathCall(MathCall mathCall);

        R visitCall(Call call);

        R visitGridRead(GridRead gridRead);

        R visitArrayRead(ArrayRead arrayRead);

        R visitElement(Element element);

        R visitArrayExtent(ArrayExtent arrayExtent);

        R visitDerivative(Derivative derivative);
    }

    <R> R accept(Visitor<R> v);

    Type type();

    /** A literal value: Boolean, Integer, Long, Float or Double matching {@code type}. */
    record Literal(Type type, Object value) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitLiteral(this);
        }

        public Literal {
            Objects.requireNonNull(value);
            Class<?> expected = switch (type) {
                case BOOLEAN -> Boolean.class;
                case INT -> Integer.class;
                case LONG -> Long.class;
                case FLOAT -> Float.class;
                case DOUBLE -> Double.class;
            };
            if (!expected.isInstance(value)) {
                throw new IllegalArgumentException("Literal of type " + type + " holds " + value.getClass());
            }
        }

        public static Literal of(int v) {
            return new Literal(Type.INT, v);
        }

        public static Literal of(long v) {
            return new Literal(Type.LONG, v);
        }

        public static Literal of(double v) {
            return new Literal(Type.DOUBLE, v);
        }

        public static Literal of(float v) {
            return new Literal(Type.FLOAT, v);
        }

        public static Literal of(boolean v) {
            return new Literal(Type.BOOLEAN, v);
        }

        /** This value converted with Java's cast semantics (JLS 5.1.2, 5.1.3). */
        public Literal castTo(Type to) {
            if (to == type) {
                return this;
            }
            if (to == Type.BOOLEAN || type == Type.BOOLEAN) {
                throw new IllegalArgumentException("cast of " + type + " to " + to);
            }
            return switch (type) {
                case INT -> of((int) value, to);
                case LONG -> of((long) value, to);
                case FLOAT -> of((float) value, to);
                case DOUBLE -> of((double) value, to);
                case BOOLEAN -> throw new AssertionError();
            };
        }

        private static Literal of(long v, Type to) {
            return switch (to) {
                case INT -> of((int) v);
                case LONG -> of(v);
                case FLOAT -> of((float) v);
                default -> of((double) v);
            };
        }

        private static Literal of(double v, Type to) {
            return switch (to) {
                case INT -> of((int) v);
                case LONG -> of((long) v);
                case FLOAT -> of((float) v);
                default -> of(v);
            };
        }

        private static Literal of(float v, Type to) {
            return switch (to) {
                case INT -> of((int) v);
                case LONG -> of((long) v);
                case FLOAT -> of(v);
                default -> of((double) v);
            };
        }
    }

    /** A read of a local variable or parameter. */
    record Var(String name, Type type) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitVar(this);
        }

        public Var {
            Objects.requireNonNull(name);
            Objects.requireNonNull(type);
        }
    }

    /** A unary operator; the operand already has the result type (promotion made explicit). */
    record Unary(UnaryOp op, Expr operand) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitUnary(this);
        }

        public Unary {
            switch (op) {
                case NOT -> require(operand.type() == Type.BOOLEAN, "NOT of " + operand.type());
                case NEG -> require(operand.type().isNumeric() && operand.type() != Type.BOOLEAN,
                        "NEG of " + operand.type());
                case BIT_NOT -> require(operand.type().isIntegral(), "BIT_NOT of " + operand.type());
            }
        }

        @Override
        public Type type() {
            return operand.type();
        }
    }

    /**
     * A binary operator. Arithmetic and comparisons take operands of one type (the promoted one,
     * conversions made explicit as {@link Cast}); shifts take an integral left operand of the
     * result type and an integral count; logic takes booleans.
     */
    record Binary(BinaryOp op, Expr left, Expr right) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitBinary(this);
        }

        public Binary {
            Type l = left.type();
            Type r = right.type();
            switch (op.kind()) {
                case ARITHMETIC -> require(l == r && l.isNumeric(), op + " of " + l + " and " + r);
                case BITWISE -> require(l == r && (l.isIntegral() || l == Type.BOOLEAN), op + " of " + l + " and " + r);
                case SHIFT -> require(l.isIntegral() && r.isIntegral(), op + " of " + l + " and " + r);
                case COMPARISON -> require(l == r && l.isNumeric(), op + " of " + l + " and " + r);
                case EQUALITY -> require(l == r, op + " of " + l + " and " + r);
                case LOGICAL -> require(l == Type.BOOLEAN && r == Type.BOOLEAN, op + " of " + l + " and " + r);
            }
        }

        @Override
        public Type type() {
            return switch (op.kind()) {
                case COMPARISON, EQUALITY, LOGICAL -> Type.BOOLEAN;
                default -> left.type();
            };
        }
    }

    /** A primitive conversion with Java's semantics (JLS 5.1.3 for narrowing). */
    record Cast(Type type, Expr operand) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitCast(this);
        }

        public Cast {
            require(type == Type.BOOLEAN ? operand.type() == Type.BOOLEAN : operand.type() != Type.BOOLEAN,
                    "cast of " + operand.type() + " to " + type);
        }
    }

    /** {@code cond ? then : otherwise}; both branches already have the result type. */
    record Conditional(Expr cond, Expr then, Expr otherwise) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitConditional(this);
        }

        public Conditional {
            require(cond.type() == Type.BOOLEAN, "condition of type " + cond.type());
            require(then.type() == otherwise.type(), "branches of " + then.type() + " and " + otherwise.type());
        }

        @Override
        public Type type() {
            return then.type();
        }
    }

    /** A call of a library function ({@code Math.sin}, {@code Double.isNaN}); arguments already converted. */
    record MathCall(MathFunction function, List<Expr> args) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitMathCall(this);
        }

        public MathCall {
            args = List.copyOf(args);
            require(args.size() == function.parameterTypes().size(), function + " takes "
                    + function.parameterTypes().size() + " arguments");
            for (int i = 0; i < args.size(); i++) {
                require(args.get(i).type() == function.parameterTypes().get(i),
                        function + " argument " + i + " of type " + args.get(i).type());
            }
        }

        @Override
        public Type type() {
            return function.returnType();
        }
    }

    /** A call of a {@code @Device} helper, by its generated name; arguments already converted. */
    record Call(String function, List<Expr> args, Type type) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitCall(this);
        }

        public Call {
            args = List.copyOf(args);
        }
    }

    /**
     * {@code grid.at(d0, d1, ...)}: the grid parameter's value at the point plus constant offsets,
     * one per axis of the grid; outside the grid, what its boundary rule says.
     */
    record GridRead(String grid, Type type, List<Integer> offsets) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitGridRead(this);
        }

        public GridRead {
            Objects.requireNonNull(grid);
            offsets = List.copyOf(offsets);
            require(type.isNumeric(), "grid of " + type);
            require(!offsets.isEmpty() && offsets.size() <= 3, "grid read with " + offsets.size() + " offsets");
        }
    }

    /**
     * {@code x.get(i0, i1, ...)}: an element of the array parameter {@code x}, one int index per
     * axis of the array, axis 0 first. Out of range, the JVM throws as the method does; CUDA reads 0
     * and reports the read (docs/arrays.md).
     */
    record ArrayRead(String array, Type type, List<Expr> indices) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitArrayRead(this);
        }

        public ArrayRead {
            Objects.requireNonNull(array);
            indices = List.copyOf(indices);
            require(type.isNumeric(), "array of " + type);
            require(!indices.isEmpty() && indices.size() <= 4, "array read with " + indices.size() + " indices");
            indices.forEach(i -> require(i.type() == Type.INT, "array index of type " + i.type()));
        }
    }

    /** {@code name[index]}: an element of a local array. */
    record Element(String array, Type type, Expr index) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitElement(this);
        }

        public Element {
            Objects.requireNonNull(array);
            require(type.isNumeric() && index.type() == Type.INT, array + "[" + index.type() + "] of " + type);
        }
    }

    /** {@code x.extent(axis)} with a constant axis inside the array's rank: its size along that axis. */
    record ArrayExtent(String array, int axis) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitArrayExtent(this);
        }

        public ArrayExtent {
            Objects.requireNonNull(array);
            require(axis >= 0 && axis < 4, "array extent of axis " + axis);
        }

        @Override
        public Type type() {
            return Type.INT;
        }
    }

    /**
     * {@code d(expr, var)}: the derivative of {@code expr} with respect to the kernel parameter
     * {@code var}. The front end makes it; expand-derivatives replaces every one by its forward-mode
     * formula, so the printers never see it.
     */
    record Derivative(Expr expr, String var, Type type) implements Expr {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitDerivative(this);
        }

        public Derivative {
            Objects.requireNonNull(var);
            require(type.isFloating() && expr.type() == type, "d(" + expr.type() + ", " + var + ") of type " + type);
        }
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("badly typed IR: " + what);
        }
    }
}
