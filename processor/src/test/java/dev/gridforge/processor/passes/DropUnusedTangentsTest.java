package dev.gridforge.processor.passes;

import static dev.gridforge.processor.ir.IrBuilder.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.KernelParam;
import dev.gridforge.processor.ir.MathFunction;
import dev.gridforge.processor.ir.Stmt;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * drop-unused-tangents on IR built directly: a tangent ({@code gf_d...} or {@code gf_t...}
 * local or local array) that nothing the result depends on reads is removed, with every update
 * and store of it, also one that only feeds itself or other dropped tangents; a tangent something
 * useful reads stays, with the tangents it reads; the user's own statements all stay, read or not.
 */
class DropUnusedTangentsTest {
    private static final Expr X = dvar("x");
    private static final List<KernelParam> PARAMS = params(input("x", DOUBLE), input("n", INT));

    private static Kernel drop(Stmt... body) {
        return new DropUnusedTangents().apply(kernel(PARAMS, body));
    }

    @Test
    void aTangentNothingReadsIsDropped() {
        Kernel k = drop(ddeclare("gf_d1_x", lit(1.0)), ddeclare("gf_d1_u", mul(dvar("gf_d1_x"), X)), ddeclare("u", mul(X, X)),
                ret(dvar("u")));
        assertEquals(List.of("double u = x * x;", "return u;"), bodyLines(k));
    }

    @Test
    void aTangentTheResultReadsStaysWithWhatItReads() {
        Kernel k = drop(ddeclare("gf_d1_x", lit(1.0)), ddeclare("gf_d1_u", mul(dvar("gf_d1_x"), X)), ddeclare("u", mul(X, X)),
                ddeclare("gf_d1_v", lit(0.0)), ddeclare("v", add(dvar("u"), lit(1.0))), ret(add(dvar("v"), dvar("gf_d1_u"))));
        assertEquals(List.of("double gf_d1_x = 1.0;", "double gf_d1_u = gf_d1_x * x;", "double u = x * x;",
                "double v = u + 1.0;", "return v + gf_d1_u;"), bodyLines(k));
    }

    @Test
    void aChainOfTangentsReadByNothingGoesAtOnce() {
        Kernel k = drop(ddeclare("gf_d1_x", lit(1.0)), ddeclare("gf_d1_a", mul(dvar("gf_d1_x"), lit(2.0))),
                ddeclare("gf_d1_b", mul(dvar("gf_d1_a"), dvar("gf_d1_x"))), ddeclare("gf_d1_c", dvar("gf_d1_b")), ret(X));
        assertEquals(List.of("return x;"), bodyLines(k));
    }

    @Test
    void aTangentThatOnlyFeedsItselfIsDropped() {
        // gf_d1_s = gf_d1_s + gf_d1_x in a loop reads gf_d1_s, but nothing else does
        Kernel k = drop(ddeclare("gf_d1_x", lit(1.0)), ddeclare("gf_d1_s", lit(0.0)), ddeclare("s", lit(0.0)),
                counted("j", 0, 4, assign("gf_d1_s", add(dvar("gf_d1_s"), dvar("gf_d1_x"))), assign("s", add(dvar("s"), X))),
                ret(dvar("s")));
        assertEquals(List.of("double s = 0.0;", "for (int j = 0; j < 4; j = j + 1) {", "  s = s + x;", "}", "return s;"), bodyLines(k));
    }

    @Test
    void twoTangentsFeedingEachOtherOnlyAreDropped() {
        Kernel k = drop(ddeclare("gf_d1_a", lit(0.0)), ddeclare("gf_d1_b", lit(1.0)),
                whileLoop(gt(X, lit(0.0)), assign("gf_d1_a", dvar("gf_d1_b")), assign("gf_d1_b", dvar("gf_d1_a")),
                        assign("x", sub(X, lit(1.0)))),
                ret(X));
        assertEquals(List.of("while (x > 0.0) {", "  x = x - 1.0;", "}", "return x;"), bodyLines(k));
    }

    @Test
    void theUsersStatementsAreNeverDroppedReadOrNot() {
        Kernel before = kernel(PARAMS, ddeclare("unused", mul(X, lit(2.0))), ddeclare("alsoUnused", lit(0.0)),
                assign("alsoUnused", dvar("unused")), newArray("h", DOUBLE, 2), setElem("h", lit(0), X), ddeclare("gf", X),
                ddeclare("gf_s1", math(MathFunction.EXP, X)), ret(X));
        Kernel k = new DropUnusedTangents().apply(before);
        assertEquals(bodyLines(before), bodyLines(k));
    }

    @Test
    void whatAUsersConditionReadsIsKept() {
        // conditions of if, while and for, a store to an output, an element store's index, a user's local all keep the tangent they read
        Kernel k = drop(ddeclare("gf_d1_a", X), ddeclare("gf_d1_b", X), ddeclare("gf_d1_c", X), ddeclare("gf_d1_d", X),
                ddeclare("gf_d1_e", X), newArray("h", DOUBLE, 2),
                ifThen(gt(dvar("gf_d1_a"), lit(0.0)), assign("x", lit(0.0))),
                whileLoop(gt(dvar("gf_d1_b"), X), assign("x", add(X, lit(1.0)))),
                forLoop(List.of(), gt(dvar("gf_d1_c"), X), List.of(), assign("x", add(X, lit(1.0)))),
                setElem("h", cast(INT, dvar("gf_d1_d")), X),
                ddeclare("y", dvar("gf_d1_e")),
                ret(X));
        assertEquals(List.of("double gf_d1_a = x;", "double gf_d1_b = x;", "double gf_d1_c = x;", "double gf_d1_d = x;",
                "double gf_d1_e = x;"), bodyLines(k).subList(0, 5));
    }

    @Test
    void tangentLocalArraysGoWithTheirStores() {
        Kernel k = drop(newArray("gf_d1_h", DOUBLE, 4), newArray("h", DOUBLE, 4),
                counted("j", 0, 4, setElem("gf_d1_h", ivar("j"), lit(1.0)), setElem("h", ivar("j"), X)),
                ret(elem("h", DOUBLE, lit(3))));
        assertEquals(List.of("double[] h = new double[4];", "for (int j = 0; j < 4; j = j + 1) {", "  h[j] = x;", "}", "return h[3];"),
                bodyLines(k));
        Kernel kept = drop(newArray("gf_d1_h", DOUBLE, 4), setElem("gf_d1_h", lit(0), lit(1.0)),
                ret(elem("gf_d1_h", DOUBLE, lit(0))));
        assertEquals(List.of("double[] gf_d1_h = new double[4];", "gf_d1_h[0] = 1.0;", "return gf_d1_h[0];"), bodyLines(kept));
    }

    @Test
    void aTangentReadOnlyInADroppedTangentsStoreIsDroppedToo() {
        // gf_d1_u is read only by the index and the value of a store into a tangent array nothing reads
        Kernel k = drop(ddeclare("gf_d1_u", X), newArray("gf_d1_h", DOUBLE, 2),
                setElem("gf_d1_h", cast(INT, dvar("gf_d1_u")), dvar("gf_d1_u")), ret(X));
        assertEquals(List.of("return x;"), bodyLines(k));
    }

    @Test
    void tangentsInForLoopInitialisersAndUpdatesAreDroppedThere() {
        Kernel k = drop(ddeclare("s", lit(0.0)),
                forLoop(List.of(declare("j", INT, lit(0)), ddeclare("gf_d1_t", lit(0.0))), lt(ivar("j"), lit(2)),
                        List.of(assign("j", add(ivar("j"), lit(1))), assign("gf_d1_t", add(dvar("gf_d1_t"), lit(1.0)))),
                        assign("s", add(dvar("s"), X))),
                ret(dvar("s")));
        Stmt.For loop = (Stmt.For) k.point().body().statements().get(1);
        assertEquals(List.of(declare("j", INT, lit(0))), loop.init());
        assertEquals(List.of(assign("j", add(ivar("j"), lit(1)))), loop.update());
    }

    @Test
    void helpersTangentFunctionsAreCleanedToo() {
        // a tangent function's own tangents are gf_t..., dropped where its returned tangent does not read them
        Function tangent = helper("gf_d1_sq", DOUBLE, List.of(param("a", DOUBLE), param("gf_t1_a", DOUBLE)),
                ddeclare("gf_t1_b", mul(dvar("gf_t1_a"), lit(3.0))), ddeclare("b", mul(dvar("a"), lit(3.0))),
                ret(mul(lit(2.0), mul(dvar("a"), dvar("gf_t1_a")))));
        Kernel k = new DropUnusedTangents().apply(kernel(DOUBLE, PARAMS, List.of(tangent), ret(call("gf_d1_sq", DOUBLE, X, lit(1.0)))));
        assertEquals(List.of("double b = a * 3.0;", "return 2.0 * (a * gf_t1_a);"), bodyLines(k.helpers().get(0)));
        assertEquals(List.of("return gf_d1_sq(x, 1.0);"), bodyLines(k));
    }

    @Test
    void nothingToDropLeavesTheKernelAsItWas() {
        Kernel before = kernel(PARAMS, ddeclare("gf_d1_x", lit(1.0)), ret(dvar("gf_d1_x")));
        Kernel k = new DropUnusedTangents().apply(before);
        assertEquals(before.point(), k.point());
    }

    @Test
    void afterExpandDerivativesOnlyTheTangentsTheDerivativeNeedsRemain() {
        // double u = x * x; double v = sin(x); return d(u, x) + v: v's tangent is not needed
        Kernel k = kernel(PARAMS, ddeclare("u", mul(X, X)), ddeclare("v", math(MathFunction.SIN, X)), ret(add(d(dvar("u"), "x"), dvar("v"))));
        Kernel expanded = new ExpandDerivatives().apply(k);
        assertEquals(1, bodyLines(expanded).stream().filter(l -> l.startsWith("double gf_d1_v")).count(), print(expanded));
        Kernel dropped = new DropUnusedTangents().apply(expanded);
        assertEquals(List.of("double gf_d1_x = 1.0;", "double gf_d1_u = (gf_d1_x * x) + (x * gf_d1_x);", "double u = x * x;",
                "double v = Math.sin(x);", "return gf_d1_u + v;"), bodyLines(dropped));
    }
}
