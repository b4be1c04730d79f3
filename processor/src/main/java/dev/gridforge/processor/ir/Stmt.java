package dev.gridforge.processor.ir;

import java.util.List;
import java.util.Objects;

/** Kernel statements. Assignments are statements only: kernel expressions have no side effects. */
public sealed interface Stmt extends Node {

    /** One method per kind of statement: an implementation that is not abstract handles every kind, or javac says which it misses. */
    interface Visitor<R> {
        R visitDeclare(Declare declare);

        R visitAssign(Assign assign);

        R visitDeclareArray(DeclareArray declareArray);

        R visitStoreElement(StoreElement storeElement);

        R visitIf(If node);

        R visitWhile(While node);

        R visitDoWhile(DoWhile node);

        R visitFor(For node);

        R visitBreak(Break node);

        R visitContinue(Continue node);

        R visitReturn(Return node);

        R visitStore(Store store);

        R visitBlock(Block block);
    }

    <R> R accept(Visitor<R> v);

    /**
     * The local (variable or local array) this statement itself declares or gives a value, or null;
     * not those of statements nested in it.
     */
    String target();

    /** The expressions this statement evaluates itself, in order: not those of statements nested in it. */
    default List<Expr> ownExpressions() {
        return children().stream().filter(c -> c instanceof Expr).map(c -> (Expr) c).toList();
    }

    /** {@code type name = init;} ({@code init} may be null: declared, assigned later). */
    record Declare(String name, Type type, Expr init) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitDeclare(this);
        }

        @Override
        public String target() {
            return name;
        }

        public Declare {
            Objects.requireNonNull(name);
            if (init != null && init.type() != type) {
                throw new IllegalArgumentException("badly typed IR: " + type + " " + name + " = " + init.type());
            }
        }
    }

    /** {@code name = value;} — compound assignments arrive desugared with their implicit cast. */
    record Assign(String name, Expr value) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitAssign(this);
        }

        @Override
        public String target() {
            return name;
        }

        public Assign {
            Objects.requireNonNull(name);
            Objects.requireNonNull(value);
        }
    }

    /** {@code type[] name = new type[length];}: a local array, every element zero, as in Java. */
    record DeclareArray(String name, Type type, int length) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitDeclareArray(this);
        }

        @Override
        public String target() {
            return name;
        }

        public DeclareArray {
            Objects.requireNonNull(name);
            if (!type.isNumeric() || length < 1) {
                throw new IllegalArgumentException("badly typed IR: " + type + "[" + length + "] " + name);
            }
        }
    }

    /** {@code name[index] = value;} into a local array; the value has the element type. */
    record StoreElement(String name, Expr index, Expr value) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitStoreElement(this);
        }

        @Override
        public String target() {
            return name;
        }

        public StoreElement {
            Objects.requireNonNull(name);
            if (index.type() != Type.INT) {
                throw new IllegalArgumentException("badly typed IR: " + name + "[" + index.type() + "]");
            }
        }
    }

    record If(Expr cond, Stmt then, Stmt otherwise) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitIf(this);
        }

        @Override
        public String target() {
            return null;
        }

        public If {
            requireBoolean(cond);
            Objects.requireNonNull(then);
        }
    }

    record While(Expr cond, Stmt body) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitWhile(this);
        }

        @Override
        public String target() {
            return null;
        }

        public While {
            requireBoolean(cond);
        }
    }

    record DoWhile(Stmt body, Expr cond) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitDoWhile(this);
        }

        @Override
        public String target() {
            return null;
        }

        public DoWhile {
            requireBoolean(cond);
        }
    }

    /** A for loop; {@code cond} null means forever. */
    record For(List<Stmt> init, Expr cond, List<Stmt> update, Stmt body) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitFor(this);
        }

        @Override
        public String target() {
            return null;
        }

        public For {
            init = List.copyOf(init);
            update = List.copyOf(update);
            if (cond != null) {
                requireBoolean(cond);
            }
        }
    }

    record Break() implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitBreak(this);
        }

        @Override
        public String target() {
            return null;
        }

    }

    record Continue() implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitContinue(this);
        }

        @Override
        public String target() {
            return null;
        }

    }

    /** {@code return value;} — the value already has the function's return type; null in a kernel that returns nothing. */
    record Return(Expr value) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitReturn(this);
        }

        @Override
        public String target() {
            return null;
        }

    }

    /** {@code output.set(value);} — writes the point's element of a result field; the value has its type. */
    record Store(Output output, Expr value) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitStore(this);
        }

        @Override
        public String target() {
            return null;
        }

        public Store {
            Objects.requireNonNull(output);
            if (value.type() != output.type()) {
                throw new IllegalArgumentException("badly typed IR: " + output.type() + " " + output.name() + ".set(" + value.type() + ")");
            }
        }
    }

    record Block(List<Stmt> statements) implements Stmt {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.visitBlock(this);
        }

        @Override
        public String target() {
            return null;
        }

        public Block {
            statements = List.copyOf(statements);
        }
    }

    private static void requireBoolean(Expr cond) {
        if (cond.type() != Type.BOOLEAN) {
            throw new IllegalArgumentException("badly typed IR: condition of type " + cond.type());
        }
    }
}
