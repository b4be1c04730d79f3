package dev.gridforge.processor.passes;

import static dev.gridforge.processor.ir.IrBuilder.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.IrInterpreter;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.KernelParam;
import dev.gridforge.processor.ir.MathFunction;
import dev.gridforge.processor.ir.Stmt;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * share-subexpressions on IR built directly: a floating library call written twice or more in a
 * run of straight-line statements of one block, nothing it reads assigned in between, is computed
 * once into a {@code gf_sN} local declared before its first use; nested calls innermost first. Not
 * across an assignment (or local-array store) to what it reads, not across a nested statement, not
 * into a loop's condition, not into a nested block's statements.
 */
class ShareSubexpressionsTest {
    private static final Expr X = dvar("x");
    private static final Expr Y = dvar("y");
    private static final Expr.MathCall EXP_X = math(MathFunction.EXP, X);
    private static final List<KernelParam> PARAMS = params(input("x", DOUBLE), input("y", DOUBLE), input("i", INT));

    private static Kernel share(Stmt... body) {
        return new ShareSubexpressions().apply(kernel(PARAMS, body));
    }

    @Test
    void aCallRepeatedInStraightLineStatementsIsComputedOnce() {
        Kernel before = kernel(PARAMS, ddeclare("p", add(EXP_X, lit(1.0))), ddeclare("q", mul(EXP_X, Y)), ret(add(dvar("p"), EXP_X)));
        Kernel k = new ShareSubexpressions().apply(before);
        assertEquals(List.of("double gf_s1 = Math.exp(x);", "double p = gf_s1 + 1.0;", "double q = gf_s1 * y;", "return p + gf_s1;"),
                bodyLines(k));
        Map<String, Double> at = Map.of("x", 0.3, "y", -1.5, "i", 0.0);
        assertEquals(IrInterpreter.run(before, at), IrInterpreter.run(k, at));
    }

    @Test
    void twiceInOneStatementIsShared() {
        assertEquals(List.of("double gf_s1 = Math.sin(x);", "return gf_s1 * gf_s1;"),
                bodyLines(share(ret(mul(math(MathFunction.SIN, X), math(MathFunction.SIN, X))))));
    }

    @Test
    void onceIsLeftAlone() {
        Kernel before = kernel(PARAMS, ddeclare("p", EXP_X), ret(add(dvar("p"), math(MathFunction.EXP, Y))));
        Kernel k = new ShareSubexpressions().apply(before);
        assertEquals(before.point(), k.point());
    }

    @Test
    void sharedUpToTheLastUseBeforeAnAssignmentToWhatItReads() {
        // x = ... : an exp(x) after it is another value
        Kernel k = share(ddeclare("p", EXP_X), ddeclare("q", add(EXP_X, lit(1.0))), assign("x", add(X, lit(1.0))),
                ret(add(add(dvar("p"), dvar("q")), EXP_X)));
        assertEquals(List.of("double gf_s1 = Math.exp(x);", "double p = gf_s1;", "double q = gf_s1 + 1.0;", "x = x + 1.0;",
                "return (p + q) + Math.exp(x);"), bodyLines(k));
    }

    @Test
    void notAcrossAnAssignmentToWhatItReads() {
        Kernel before = kernel(PARAMS, ddeclare("p", EXP_X), assign("x", add(X, lit(1.0))), ret(add(dvar("p"), EXP_X)));
        Kernel k = new ShareSubexpressions().apply(before);
        assertEquals(before.point(), k.point());
        Map<String, Double> at = Map.of("x", 0.3, "y", 0.0, "i", 0.0);
        assertEquals(Math.exp(0.3) + Math.exp(1.3), IrInterpreter.run(k, at));
    }

    @Test
    void theAssignmentThatReadsItBeforeChangingItShares() {
        // x = exp(x) + 1 reads the old x: shared with the line before, not with the line after
        Kernel k = share(ddeclare("p", EXP_X), assign("x", add(EXP_X, lit(1.0))), ret(add(dvar("p"), EXP_X)));
        assertEquals(List.of("double gf_s1 = Math.exp(x);", "double p = gf_s1;", "x = gf_s1 + 1.0;", "return p + Math.exp(x);"),
                bodyLines(k));
    }

    @Test
    void anAssignmentToSomethingElseDoesNotStopIt() {
        Kernel k = share(ddeclare("p", EXP_X), assign("y", add(Y, lit(1.0))), ret(add(dvar("p"), EXP_X)));
        assertEquals(List.of("double gf_s1 = Math.exp(x);", "double p = gf_s1;", "y = y + 1.0;", "return p + gf_s1;"), bodyLines(k));
    }

    @Test
    void notAcrossAStoreIntoALocalArrayItReads() {
        Expr expH = math(MathFunction.EXP, elem("h", DOUBLE, lit(0)));
        Kernel before = kernel(PARAMS, newArray("h", DOUBLE, 2), setElem("h", lit(0), X), ddeclare("p", expH),
                setElem("h", lit(1), Y), ddeclare("q", expH), setElem("h", lit(0), Y), ret(add(add(dvar("p"), dvar("q")), expH)));
        Kernel k = new ShareSubexpressions().apply(before);
        // nothing is shared: even a store into another element (h[1]) changes h, as far as the pass knows (it does not
        // compare indices), and a store into h[0] changes what exp(h[0]) reads
        assertEquals(List.of("double[] h = new double[2];", "h[0] = x;", "double p = Math.exp(h[0]);", "h[1] = y;",
                "double q = Math.exp(h[0]);", "h[0] = y;", "return (p + q) + Math.exp(h[0]);"), bodyLines(k));
        Map<String, Double> at = Map.of("x", 0.3, "y", -0.7, "i", 0.0);
        assertEquals(IrInterpreter.run(before, at), IrInterpreter.run(k, at));
    }

    @Test
    void notAcrossControlFlow() {
        for (Stmt between : List.of(ifThen(gt(Y, lit(0.0)), assign("y", lit(0.0))), whileLoop(gt(Y, lit(0.0)), assign("y", lit(0.0))),
                counted("j", 0, 2, assign("y", Y)), block(assign("y", Y)))) {
            Kernel before = kernel(PARAMS, ddeclare("p", EXP_X), between, ret(add(dvar("p"), EXP_X)));
            Kernel k = new ShareSubexpressions().apply(before);
            assertEquals("double p = Math.exp(x);", bodyLines(k).get(0), print(before));
            assertTrue(bodyLines(k).get(bodyLines(k).size() - 1).equals("return p + Math.exp(x);"), print(k));
        }
    }

    @Test
    void intoAnIfConditionButNotIntoItsBranches() {
        Kernel k = share(ddeclare("p", EXP_X), ifElse(gt(EXP_X, lit(1.0)), ret(EXP_X), ret(dvar("p"))));
        assertEquals(List.of("double gf_s1 = Math.exp(x);", "double p = gf_s1;", "if (gf_s1 > 1.0) {", "  return Math.exp(x);",
                "} else {", "  return p;", "}"), bodyLines(k));
    }

    @Test
    void notIntoALoopCondition() {
        // the condition is evaluated again after each iteration, whose body may change x
        Kernel k = share(ddeclare("p", EXP_X), whileLoop(lt(EXP_X, lit(3.0)), assign("x", add(X, lit(1.0)))),
                forLoop(List.of(), lt(EXP_X, lit(3.0)), List.of(), assign("x", add(X, lit(1.0)))),
                new Stmt.DoWhile(block(assign("x", add(X, lit(1.0)))), lt(EXP_X, lit(9.0))),
                ret(dvar("p")));
        assertEquals(List.of("double p = Math.exp(x);", "while (Math.exp(x) < 3.0) {", "  x = x + 1.0;", "}",
                "for (; Math.exp(x) < 3.0; ) {", "  x = x + 1.0;", "}", "do {", "  x = x + 1.0;", "} while (Math.exp(x) < 9.0);",
                "return p;"), bodyLines(k));
    }

    @Test
    void nestedCallsAreSharedInnermostFirst() {
        Expr sinExp = math(MathFunction.SIN, EXP_X);
        Kernel k = share(ddeclare("p", sinExp), ddeclare("q", mul(sinExp, EXP_X)), ret(add(dvar("p"), dvar("q"))));
        assertEquals(List.of("double gf_s1 = Math.exp(x);", "double gf_s2 = Math.sin(gf_s1);", "double p = gf_s2;",
                "double q = gf_s2 * gf_s1;", "return p + q;"), bodyLines(k));
    }

    @Test
    void anInnerCallRepeatedUnderDifferentOuterCallsIsSharedAlone() {
        Kernel k = share(ret(add(math(MathFunction.SIN, EXP_X), math(MathFunction.COS, EXP_X))));
        assertEquals(List.of("double gf_s1 = Math.exp(x);", "return Math.sin(gf_s1) + Math.cos(gf_s1);"), bodyLines(k));
    }

    @Test
    void withinANestedBlockOnly() {
        Kernel k = share(ddeclare("s", lit(0.0)), counted("j", 0, 3, assign("s", add(dvar("s"), EXP_X)), assign("s", mul(dvar("s"), EXP_X))),
                ret(add(dvar("s"), EXP_X)));
        assertEquals(List.of("double s = 0.0;", "for (int j = 0; j < 3; j = j + 1) {", "  double gf_s1 = Math.exp(x);",
                "  s = s + gf_s1;", "  s = s * gf_s1;", "}", "return s + Math.exp(x);"), bodyLines(k));
    }

    @Test
    void onlyFloatingCallsThatCannotThrow() {
        Expr absI = math(MathFunction.ABS_I, ivar("i"));
        Expr isNaN = math(MathFunction.IS_NAN_D, X);
        Expr floorDiv = math(MathFunction.FLOOR_DIV_I, ivar("i"), lit(3));
        Kernel before = kernel(PARAMS, declare("a", INT, add(absI, absI)), declare("b", BOOLEAN, and(isNaN, isNaN)),
                declare("c", INT, add(floorDiv, floorDiv)), ret(cast(DOUBLE, ivar("a"))));
        assertEquals(before.point(), new ShareSubexpressions().apply(before).point());
    }

    @Test
    void aHelperIsSharedInTooAndNumbersRunOnWithinAFunction() {
        Expr expP = math(MathFunction.EXP, dvar("p"));
        Function h = helper("h", DOUBLE, List.of(param("p", DOUBLE)), ret(mul(expP, expP)));
        Kernel k = new ShareSubexpressions().apply(kernel(DOUBLE, PARAMS, List.of(h),
                ddeclare("a", mul(EXP_X, EXP_X)), ddeclare("b", mul(math(MathFunction.COS, Y), math(MathFunction.COS, Y))),
                ret(add(call("h", DOUBLE, dvar("a")), dvar("b")))));
        assertEquals(List.of("double gf_s1 = Math.exp(x);", "double a = gf_s1 * gf_s1;", "double gf_s2 = Math.cos(y);",
                "double b = gf_s2 * gf_s2;", "return h(a) + b;"), bodyLines(k));
        assertEquals(List.of("double gf_s1 = Math.exp(p);", "return gf_s1 * gf_s1;"), bodyLines(k.helpers().get(0)));
    }

    @Test
    void sharedIntoAStoreAndAnElementStore() {
        Kernel k = new ShareSubexpressions().apply(kernel(null, params(input("x", DOUBLE), output("r", DOUBLE)),
                newArray("h", DOUBLE, 1), setElem("h", lit(0), EXP_X), set("r", add(elem("h", DOUBLE, lit(0)), EXP_X))));
        assertEquals(List.of("double[] h = new double[1];", "double gf_s1 = Math.exp(x);", "h[0] = gf_s1;", "r.set(h[0] + gf_s1);"),
                bodyLines(k));
    }

    /**
     * A for loop's update list holds assignments and element stores only (the printers print
     * nothing else there): a call repeated in it must not be shared by a declaration put into it.
     * {@code for (int j = 0; j < 3; j++, s += Math.exp(x), t += Math.exp(x))} failed the processor
     * with a ClassCastException (Stmt$Declare to Stmt$StoreElement) in CodePrinter.forLoop.
     */
    @Test
    void aForLoopsUpdateListGetsNoDeclaration() {
        Kernel before = kernel(PARAMS, ddeclare("s", lit(0.0)), ddeclare("t", lit(0.0)),
                forLoop(List.of(declare("j", INT, lit(0))), lt(ivar("j"), lit(3)),
                        List.of(assign("j", add(ivar("j"), lit(1))), assign("s", add(dvar("s"), EXP_X)), assign("t", add(dvar("t"), EXP_X)))),
                ret(add(dvar("s"), dvar("t"))));
        Kernel k = new ShareSubexpressions().apply(before);
        for (Stmt s : k.point().body().statements()) {
            if (s instanceof Stmt.For loop) {
                for (Stmt u : loop.update()) {
                    assertTrue(u instanceof Stmt.Assign || u instanceof Stmt.StoreElement, "in the update list: " + print(k));
                }
            }
        }
        Map<String, Double> at = Map.of("x", 0.25, "y", 0.0, "i", 0.0);
        assertEquals(IrInterpreter.run(before, at), IrInterpreter.run(k, at));
    }

    /**
     * Java evaluates a statement left to right: in {@code double p = (n / m) + Math.exp(h[n + 5]);}
     * with m = 0 the division throws before the element is read. A shared call's declaration stands
     * before the whole statement, so a call whose argument can throw is shared only where nothing in
     * its statement could throw before it (it read h[6] first and threw ArrayIndexOutOfBounds).
     */
    @Test
    void aSharedCallIsNotEvaluatedBeforeWhatItsStatementEvaluatesFirst() {
        Expr n = ivar("n");
        Expr expH = math(MathFunction.EXP, elem("h", DOUBLE, add(n, lit(5))));
        Kernel before = kernel(params(input("n", INT), input("m", INT)), newArray("h", DOUBLE, 2),
                ddeclare("p", add(cast(DOUBLE, div(n, ivar("m"))), expH)), ddeclare("q", expH), ret(add(dvar("p"), dvar("q"))));
        Map<String, Integer> at = Map.of("n", 1, "m", 0);
        assertThrows(ArithmeticException.class, () -> IrInterpreter.run(before, at)); // as Java runs it
        Kernel k = new ShareSubexpressions().apply(before);
        assertThrows(ArithmeticException.class, () -> IrInterpreter.run(k, at), print(k));
    }
}
