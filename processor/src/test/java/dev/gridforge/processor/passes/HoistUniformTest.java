package dev.gridforge.processor.passes;

import static dev.gridforge.processor.ir.IrBuilder.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.KernelParam;
import dev.gridforge.processor.ir.MathFunction;
import dev.gridforge.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * hoist-uniform on IR built directly: the largest expression that reads only (unassigned,
 * unspecialised) {@code @Const} parameters becomes one hoisted value, passed to the point function
 * as a parameter and reused wherever it is written again; what can throw (integer division,
 * floorDiv/floorMod, helper calls), what is per point, what a specialised constant reads and what
 * is not worth a parameter (a literal, a plain read, a cast or negation of one) stays in place.
 */
class HoistUniformTest {
    private static final Expr X = dvar("x");
    private static final Expr A = dvar("a");
    private static final Expr B = dvar("b");
    private static final Expr N = ivar("n");
    private static final Expr M = ivar("m");

    /** x a point value; a, b, n, m run-time constants; s specialised; u a grid; xs an array. */
    private static final List<KernelParam> PARAMS = params(input("x", DOUBLE), constant("a", DOUBLE), constant("b", DOUBLE),
            constant("n", INT), constant("m", INT), specialized("s", DOUBLE), grid("u", DOUBLE, 1), array("xs", DOUBLE, 1));

    private static Kernel hoist(Stmt... body) {
        return new HoistUniform().apply(kernel(PARAMS, body));
    }

    private static List<String> hoisted(Kernel k) {
        return k.hoisted().stream().map(h -> h.name() + " = " + print(h.value())).toList();
    }

    private static List<String> pointParams(Kernel k) {
        return k.point().parameters().stream().map(p -> p.type().javaName() + " " + p.name()).toList();
    }

    @Test
    void theLargestUniformExpressionIsHoistedOnceAndPassedAsAParameter() {
        Kernel k = hoist(ret(add(X, add(mul(A, B), A))));
        assertEquals(List.of("gf_h0 = (a * b) + a"), hoisted(k)); // whole, not a * b on its own
        assertEquals(List.of("return x + gf_h0;"), bodyLines(k));
        assertEquals(List.of("double x", "double a", "double b", "int n", "int m", "double s", "double gf_h0"), pointParams(k));
        assertEquals(DOUBLE, k.hoisted().get(0).value().type());
    }

    @Test
    void aRepeatReusesTheSameValue() {
        Kernel k = hoist(ddeclare("p", mul(A, B)), ddeclare("q", mul(X, mul(A, B))), ifThen(gt(mul(A, B), X), assign("p", X)),
                ret(add(dvar("p"), add(dvar("q"), math(MathFunction.SQRT, A)))));
        assertEquals(List.of("gf_h0 = a * b", "gf_h1 = Math.sqrt(a)"), hoisted(k)); // in order of first appearance
        assertEquals(List.of("double p = gf_h0;", "double q = x * gf_h0;", "if (gf_h0 > x) {", "  p = x;", "}",
                "return p + (q + gf_h1);"), bodyLines(k));
        assertEquals(1, pointParams(k).stream().filter(p -> p.endsWith(" gf_h0")).count());
        assertEquals(1, pointParams(k).stream().filter(p -> p.endsWith(" gf_h1")).count());
    }

    @Test
    void aUniformConditionIsHoistedAsABoolean() {
        Kernel k = hoist(ifThen(and(gt(A, B), gt(X, lit(0.0))), ret(X)), ret(A));
        assertEquals(List.of("gf_h0 = a > b"), hoisted(k));
        assertEquals(BOOLEAN, k.hoisted().get(0).value().type());
        assertTrue(pointParams(k).contains("boolean gf_h0"), pointParams(k).toString());
    }

    @Test
    void aCastOfAUniformExpressionIsHoistedWithIt() {
        Kernel k = hoist(ret(mul(X, cast(DOUBLE, add(N, M)))));
        assertEquals(List.of("gf_h0 = (double) (n + m)"), hoisted(k));
        assertEquals(List.of("return x * gf_h0;"), bodyLines(k));
    }

    @Test
    void integerDivisionIsNeverHoisted() {
        // n / m throws when m is 0; computed once per launch it would fail a launch whose branch never runs it
        for (Expr division : List.of(div(N, M), rem(N, M), div(cast(LONG, N), cast(LONG, M)), rem(cast(LONG, N), cast(LONG, M)))) {
            Kernel k = hoist(ifThen(gt(X, lit(0.0)), ret(cast(DOUBLE, division))), ret(X));
            assertEquals(List.of(), k.hoisted(), print(division));
            assertEquals("if (x > 0.0) {", bodyLines(k).get(0));
            assertEquals("  return (double) (" + print(division) + ");", bodyLines(k).get(1));
        }
        // around it, what does not divide is hoisted on its own
        Kernel k = hoist(ret(add(mul(cast(DOUBLE, div(N, M)), mul(A, B)), cast(DOUBLE, add(div(N, M), M)))));
        assertEquals(List.of("gf_h0 = a * b"), hoisted(k));
        assertEquals(List.of("return (((double) (n / m)) * gf_h0) + ((double) ((n / m) + m));"), bodyLines(k));
    }

    @Test
    void floatingDivisionIsHoisted() {
        Kernel k = hoist(ret(mul(X, div(A, B))));
        assertEquals(List.of("gf_h0 = a / b"), hoisted(k));
    }

    @Test
    void throwingLibraryFunctionsAreNotHoistedOthersAre() {
        for (MathFunction f : List.of(MathFunction.FLOOR_DIV_I, MathFunction.FLOOR_MOD_I)) {
            Kernel k = hoist(ret(mul(X, cast(DOUBLE, math(f, N, M)))));
            assertEquals(List.of(), k.hoisted(), f.name());
        }
        Kernel k = hoist(ret(mul(X, cast(DOUBLE, math(MathFunction.MAX_I, N, M)))));
        assertEquals(List.of("gf_h0 = (double) Math.max(n, m)"), hoisted(k));
        // inside a throwing call, a part that cannot throw is still hoisted
        Kernel inside = hoist(ret(mul(X, cast(DOUBLE, math(MathFunction.FLOOR_DIV_I, add(N, M), M)))));
        assertEquals(List.of("gf_h0 = n + m"), hoisted(inside));
        assertEquals(List.of("return x * ((double) Math.floorDiv(gf_h0, m));"), bodyLines(inside));
    }

    @Test
    void helperCallsAreNotHoistedTheirUniformArgumentsAre() {
        Function h = helper("h", DOUBLE, List.of(param("p", DOUBLE)), ret(mul(dvar("p"), dvar("p"))));
        Kernel k = new HoistUniform().apply(kernel(DOUBLE, PARAMS, List.of(h),
                ret(add(call("h", DOUBLE, A), call("h", DOUBLE, mul(A, B))))));
        assertEquals(List.of("gf_h0 = a * b"), hoisted(k));
        assertEquals(List.of("return h(a) + h(gf_h0);"), bodyLines(k));
        assertSame(h, k.helpers().get(0)); // helpers are per point: nothing hoisted out of them
    }

    @Test
    void aConstantAssignedInTheBodyIsNotUniform() {
        // a = a + 1 anywhere (even after the use): a is not the launch's value everywhere
        Kernel k = hoist(ddeclare("p", add(mul(A, B), mul(B, B))), assign("a", add(A, lit(1.0))), ret(add(dvar("p"), A)));
        assertEquals(List.of("gf_h0 = b * b"), hoisted(k));
        assertEquals(List.of("double p = (a * b) + gf_h0;", "a = a + 1.0;", "return p + a;"), bodyLines(k));
    }

    @Test
    void specialisedConstantsAreNotHoisted() {
        // a specialised constant is a literal in the compiled CUDA code: NVRTC folds with it
        Kernel k = hoist(ret(add(mul(dvar("s"), lit(2.0)), add(mul(dvar("s"), A), mul(A, A)))));
        assertEquals(List.of("gf_h0 = a * a"), hoisted(k));
        assertEquals(List.of("return (s * 2.0) + ((s * a) + gf_h0);"), bodyLines(k));
    }

    @Test
    void literalsPlainReadsAndTheirCastsAndNegationsAreNotWorthAParameter() {
        List<Expr> notWorth = List.of(A, neg(A), cast(DOUBLE, N), neg(cast(DOUBLE, N)), cast(DOUBLE, neg(N)), lit(2.0));
        for (Expr e : notWorth) {
            Kernel before = kernel(PARAMS, ret(add(X, e)));
            Kernel k = new HoistUniform().apply(before);
            assertEquals(List.of(), k.hoisted(), print(e));
            assertEquals(before.point().body(), k.point().body(), print(e));
            assertEquals(before.point().parameters(), k.point().parameters(), print(e));
        }
    }

    @Test
    void whatIsReadPerPointOrOnlyByTheLaunchIsNotUniform() {
        List<Expr> perPoint = List.of(mul(A, X), mul(A, at("u", DOUBLE, 1)), mul(A, get("xs", DOUBLE, N)),
                mul(A, cast(DOUBLE, extent("xs", 0))), mul(A, d(mul(A, X), "x")));
        for (Expr e : perPoint) {
            Kernel k = hoist(ret(e));
            assertEquals(List.of(), k.hoisted(), print(e));
        }
        // a local array's element is per point too, even indexed by a constant
        Kernel k = hoist(newArray("t", DOUBLE, 2), setElem("t", lit(0), A), ret(mul(A, elem("t", DOUBLE, lit(0)))));
        assertEquals(List.of(), k.hoisted());
    }

    @Test
    void applyingItAgainChangesNothing() {
        Kernel once = hoist(ddeclare("p", mul(A, B)), ret(add(dvar("p"), mul(X, add(A, B)))));
        Kernel twice = new HoistUniform().apply(once);
        assertEquals(once.hoisted(), twice.hoisted());
        assertEquals(once.point(), twice.point());
    }

    @Test
    void aValueHoistedBeforeIsReusedByName() {
        Kernel k = kernel(PARAMS, ret(add(X, mul(A, B))));
        List<Function.Parameter> params = new ArrayList<>(k.point().parameters());
        params.add(param("gf_h0", DOUBLE));
        Kernel seeded = k.withPoint(k.point().withParameters(params), List.of(new Kernel.Hoisted("gf_h0", mul(A, B))));
        Kernel out = new HoistUniform().apply(seeded);
        assertEquals(List.of("gf_h0 = a * b"), hoisted(out));
        assertEquals(List.of("return x + gf_h0;"), bodyLines(out));
        assertEquals(params, out.point().parameters());
    }
}
