package dev.gridforge.processor.ir;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The children of one kind of IR node, read off its record components: an {@link Expr} or
 * {@link Stmt} component is a child, a {@code List<Expr>} or {@code List<Stmt>} one a list of
 * children, anything else (names, types, offsets) data. Rebuilding goes through the canonical
 * constructor, so a rebuilt node checks its invariants again.
 */
final class NodeShape {
    /** What a component holds. */
    enum Part { EXPR, STMT, EXPRS, STMTS, DATA }

    private static final ClassValue<NodeShape> SHAPES = new ClassValue<>() {
        @Override
        protected NodeShape computeValue(Class<?> type) {
            return new NodeShape(type);
        }
    };

    private final Class<?> type;
    private final RecordComponent[] components;
    private final Method[] accessors;
    private final Part[] parts;
    private final Constructor<?> canonical;

    private NodeShape(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalStateException("internal error: IR node " + type.getName() + " is not a record");
        }
        this.type = type;
        this.components = type.getRecordComponents();
        this.parts = new Part[components.length];
        this.accessors = new Method[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            parts[i] = partOf(components[i]);
            accessors[i] = components[i].getAccessor();
            types[i] = components[i].getType();
        }
        try {
            this.canonical = type.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("internal error: no canonical constructor for " + type.getName(), e);
        }
    }

    static NodeShape of(Class<?> type) {
        return SHAPES.get(type);
    }

    private static Part partOf(RecordComponent c) {
        if (Expr.class.isAssignableFrom(c.getType())) {
            return Part.EXPR;
        }
        if (Stmt.class.isAssignableFrom(c.getType())) {
            return Part.STMT;
        }
        if (c.getType() == List.class && c.getGenericType() instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] instanceof Class<?> element) {
            if (Expr.class.isAssignableFrom(element)) {
                return Part.EXPRS;
            }
            if (Stmt.class.isAssignableFrom(element)) {
                return Part.STMTS;
            }
        }
        if (Node.class.isAssignableFrom(c.getType()) || c.getType() == List.class && c.getGenericType().getTypeName().contains("Node")) {
            throw new IllegalStateException("internal error: component " + c + " of " + c.getDeclaringRecord().getName()
                    + " holds nodes in a form NodeShape does not know");
        }
        return Part.DATA;
    }

    List<Node> children(Node n) {
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < components.length; i++) {
            Object v = get(n, i);
            switch (parts[i]) {
                case EXPR, STMT -> {
                    if (v != null) {
                        out.add((Node) v);
                    }
                }
                case EXPRS, STMTS -> {
                    for (Object child : (List<?>) v) {
                        out.add((Node) child);
                    }
                }
                case DATA -> {
                    // not a child
                }
            }
        }
        return out;
    }

    /** What rebuilding does with each kind of part. */
    interface Rewriter {
        Expr expr(Expr e);

        Stmt stmt(Stmt s);

        List<Expr> exprs(List<Expr> es);

        List<Stmt> stmts(List<Stmt> ss);
    }

    /** {@code n} with every child part rewritten; {@code n} itself when every part came back the same object. */
    @SuppressWarnings("unchecked")
    <N extends Node> N rebuild(N n, Rewriter r) {
        Object[] values = new Object[components.length];
        boolean changed = false;
        for (int i = 0; i < components.length; i++) {
            Object v = get(n, i);
            Object w = v == null ? null : switch (parts[i]) {
                case EXPR -> r.expr((Expr) v);
                case STMT -> r.stmt((Stmt) v);
                case EXPRS -> r.exprs((List<Expr>) v);
                case STMTS -> r.stmts((List<Stmt>) v);
                case DATA -> v;
            };
            changed |= w != v;
            values[i] = w;
        }
        if (!changed) {
            return n;
        }
        try {
            return (N) canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re; // a node's own invariant check: badly typed IR
            }
            throw new IllegalStateException("internal error: rebuilding " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw new IllegalStateException("internal error: rebuilding " + type.getSimpleName() + " from "
                    + Arrays.toString(values), e);
        }
    }

    private Object get(Node n, int i) {
        try {
            return accessors[i].invoke(n);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("internal error: reading " + components[i], e);
        }
    }
}
