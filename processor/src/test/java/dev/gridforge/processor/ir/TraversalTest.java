package dev.gridforge.processor.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every kind of IR node, each built with a distinct variable in every child position: scanning
 * from it must reach every one of them, and a mutation that renames variables must rename every
 * one and rebuild the node (and leave a node with nothing to rename as it was). The list of kinds
 * is checked against the sealed interfaces, so a node added without a case here fails.
 */
class TraversalTest {
    private static final Expr.Var C = bool("c");

    /** One node of each kind, and the variables in its child positions. */
    private static final Map<Class<?>, Supplier<Node>> ONE_OF_EACH = new LinkedHashMap<>();

    static {
        put(Expr.Literal.class, () -> Expr.Literal.of(2.5));
        put(Expr.Var.class, () -> real("a"));
        put(Expr.Unary.class, () -> new Expr.Unary(UnaryOp.NEG, real("a")));
        put(Expr.Binary.class, () -> new Expr.Binary(BinaryOp.ADD, real("a"), real("b")));
        put(Expr.Cast.class, () -> new Expr.Cast(Type.FLOAT, real("a")));
        put(Expr.Conditional.class, () -> new Expr.Conditional(bool("c"), real("a"), real("b")));
        put(Expr.MathCall.class, () -> new Expr.MathCall(MathFunction.ATAN2, List.of(real("a"), real("b"))));
        put(Expr.Call.class, () -> new Expr.Call("h", List.of(real("a"), integer("i")), Type.DOUBLE));
        put(Expr.GridRead.class, () -> new Expr.GridRead("u", Type.DOUBLE, List.of(1, -1)));
        put(Expr.ArrayRead.class, () -> new Expr.ArrayRead("x", Type.DOUBLE, List.of(integer("i"), integer("j"))));
        put(Expr.Element.class, () -> new Expr.Element("t", Type.DOUBLE, integer("i")));
        put(Expr.ArrayExtent.class, () -> new Expr.ArrayExtent("x", 1));
        put(Expr.Derivative.class, () -> new Expr.Derivative(new Expr.Binary(BinaryOp.MUL, real("a"), real("b")), "a", Type.DOUBLE));
        put(Stmt.Declare.class, () -> new Stmt.Declare("s", Type.DOUBLE, real("a")));
        put(Stmt.Assign.class, () -> new Stmt.Assign("s", real("a")));
        put(Stmt.DeclareArray.class, () -> new Stmt.DeclareArray("t", Type.DOUBLE, 4));
        put(Stmt.StoreElement.class, () -> new Stmt.StoreElement("t", integer("i"), real("a")));
        put(Stmt.If.class, () -> new Stmt.If(bool("c"), new Stmt.Assign("s", real("a")), new Stmt.Assign("s", real("b"))));
        put(Stmt.While.class, () -> new Stmt.While(bool("c"), new Stmt.Assign("s", real("a"))));
        put(Stmt.DoWhile.class, () -> new Stmt.DoWhile(new Stmt.Assign("s", real("a")), bool("c")));
        put(Stmt.For.class, () -> new Stmt.For(List.of(new Stmt.Assign("s", real("a")), new Stmt.Declare("k", Type.INT, integer("i"))),
                bool("c"), List.of(new Stmt.Assign("s", real("b"))), new Stmt.Block(List.of(new Stmt.Assign("s", real("d"))))));
        put(Stmt.Break.class, Stmt.Break::new);
        put(Stmt.Continue.class, Stmt.Continue::new);
        put(Stmt.Return.class, () -> new Stmt.Return(real("a")));
        put(Stmt.Store.class, () -> new Stmt.Store(new Output("r", Type.DOUBLE, false), real("a")));
        put(Stmt.Block.class, () -> new Stmt.Block(List.of(new Stmt.Assign("s", real("a")), new Stmt.Return(real("b")))));
    }

    private static void put(Class<?> kind, Supplier<Node> make) {
        ONE_OF_EACH.put(kind, make);
    }

    @Test
    void everyKindOfNodeIsCovered() {
        Set<String> kinds = new TreeSet<>();
        for (Class<?> sealed : List.of(Expr.class, Stmt.class)) {
            Arrays.stream(sealed.getPermittedSubclasses()).map(Class::getName).forEach(kinds::add);
        }
        assertEquals(kinds, ONE_OF_EACH.keySet().stream().map(Class::getName).collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void scanningReachesEveryChild() {
        for (Map.Entry<Class<?>, Supplier<Node>> e : ONE_OF_EACH.entrySet()) {
            Node n = e.getValue().get();
            assertEquals(expectedVariables(n), scannedVariables(n), e.getKey().getSimpleName());
        }
    }

    @Test
    void mutationReachesEveryChildAndRebuildsOnlyWhatChanged() {
        IrMutator rename = new IrMutator() {
            @Override
            public Expr visitVar(Expr.Var v) {
                return new Expr.Var(v.name() + "'", v.type());
            }
        };
        IrMutator identity = new IrMutator();
        for (Map.Entry<Class<?>, Supplier<Node>> e : ONE_OF_EACH.entrySet()) {
            Node n = e.getValue().get();
            Node renamed = n instanceof Expr x ? rename.expr(x) : rename.stmt((Stmt) n);
            List<String> expected = expectedVariables(n).stream().map(v -> v + "'").toList();
            assertEquals(expected, scannedVariables(renamed), e.getKey().getSimpleName());
            if (!expected.isEmpty()) {
                assertNotSame(n, renamed, e.getKey().getSimpleName());
            }
            assertSame(n, n instanceof Expr x ? identity.expr(x) : identity.stmt((Stmt) n), e.getKey().getSimpleName());
        }
    }

    @Test
    void childrenComeInTheOrderOfTheComponents() {
        Stmt.For f = (Stmt.For) ONE_OF_EACH.get(Stmt.For.class).get();
        List<Node> children = f.children();
        assertEquals(List.of(f.init().get(0), f.init().get(1), f.cond(), f.update().get(0), f.body()), children);
        assertEquals(List.of(C), new Stmt.If(C, new Stmt.Break(), null).ownExpressions());
        assertEquals(2, new Stmt.If(C, new Stmt.Break(), null).children().size()); // an absent else is no child
    }

    /** The variables of a node, found by walking its record components directly (not through NodeShape). */
    private static List<String> expectedVariables(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof Expr.Var v) {
            out.add(v.name());
        } else if (o instanceof List<?> list) {
            list.forEach(x -> out.addAll(expectedVariables(x)));
        } else if (o instanceof Record r) {
            for (var c : r.getClass().getRecordComponents()) {
                try {
                    out.addAll(expectedVariables(c.getAccessor().invoke(r)));
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return out;
    }

    private static List<String> scannedVariables(Node n) {
        List<String> out = new ArrayList<>();
        IrScanner scanner = new IrScanner() {
            @Override
            public Void visitVar(Expr.Var v) {
                out.add(v.name());
                return null;
            }
        };
        if (n instanceof Expr e) {
            scanner.expr(e);
        } else {
            scanner.stmt((Stmt) n);
        }
        return out;
    }

    private static Expr.Var real(String name) {
        return new Expr.Var(name, Type.DOUBLE);
    }

    private static Expr.Var integer(String name) {
        return new Expr.Var(name, Type.INT);
    }

    private static Expr.Var bool(String name) {
        return new Expr.Var(name, Type.BOOLEAN);
    }
}
