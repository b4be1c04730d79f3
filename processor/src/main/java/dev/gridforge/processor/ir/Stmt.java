package dev.gridforge.processor.ir;

import java.util.List;
import java.util.Objects;

/** Kernel statements. Assignments are statements only: kernel expressions have no side effects. */
public sealed interface Stmt {

    /** {@code type name = init;} ({@code init} may be null: declared, assigned later). */
    record Declare(String name, Type type, Expr init) implements Stmt {
        public Declare {
            Objects.requireNonNull(name);
            if (init != null && init.type() != type) {
                throw new IllegalArgumentException("badly typed IR: " + type + " " + name + " = " + init.type());
            }
        }
    }

    /** {@code name = value;} — compound assignments arrive desugared with their implicit cast. */
    record Assign(String name, Expr value) implements Stmt {
        public Assign {
            Objects.requireNonNull(name);
            Objects.requireNonNull(value);
        }
    }

    /** {@code type[] name = new type[length];}: a local array, every element zero, as in Java. */
    record DeclareArray(String name, Type type, int length) implements Stmt {
        public DeclareArray {
            Objects.requireNonNull(name);
            if (!type.isNumeric() || length < 1) {
                throw new IllegalArgumentException("badly typed IR: " + type + "[" + length + "] " + name);
            }
        }
    }

    /** {@code name[index] = value;} into a local array; the value has the element type. */
    record StoreElement(String name, Expr index, Expr value) implements Stmt {
        public StoreElement {
            Objects.requireNonNull(name);
            if (index.type() != Type.INT) {
                throw new IllegalArgumentException("badly typed IR: " + name + "[" + index.type() + "]");
            }
        }
    }

    record If(Expr cond, Stmt then, Stmt otherwise) implements Stmt {
        public If {
            requireBoolean(cond);
            Objects.requireNonNull(then);
        }
    }

    record While(Expr cond, Stmt body) implements Stmt {
        public While {
            requireBoolean(cond);
        }
    }

    record DoWhile(Stmt body, Expr cond) implements Stmt {
        public DoWhile {
            requireBoolean(cond);
        }
    }

    /** A for loop; {@code cond} null means forever. */
    record For(List<Stmt> init, Expr cond, List<Stmt> update, Stmt body) implements Stmt {
        public For {
            init = List.copyOf(init);
            update = List.copyOf(update);
            if (cond != null) {
                requireBoolean(cond);
            }
        }
    }

    record Break() implements Stmt {
    }

    record Continue() implements Stmt {
    }

    /** {@code return value;} — the value already has the function's return type; null in a kernel that returns nothing. */
    record Return(Expr value) implements Stmt {
    }

    /** {@code output.set(value);} — writes the point's element of a result field; the value has its type. */
    record Store(Output output, Expr value) implements Stmt {
        public Store {
            Objects.requireNonNull(output);
            if (value.type() != output.type()) {
                throw new IllegalArgumentException("badly typed IR: " + output.type() + " " + output.name() + ".set(" + value.type() + ")");
            }
        }
    }

    record Block(List<Stmt> statements) implements Stmt {
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
