package dev.gridforge.processor.passes;

import static dev.gridforge.processor.ir.IrBuilder.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * expand-derivatives on IR built directly: every {@code d(e, var)} replaced by the tangent of
 * {@code e} along {@code var} (forward mode, a {@code gf_dN_} tangent beside each active local,
 * seeded with {@code gf_dN_var = 1}), zero where {@code e} does not depend on {@code var}; nested
 * derivatives one direction after another; helpers called with active arguments get one tangent
 * function per pattern. Checked by the structure of simple cases and by running the expanded IR
 * (IrInterpreter) against the analytic derivative.
 */
class ExpandDerivativesTest {
    private static final Expr X = dvar("x");
    private static final Expr Y = dvar("y");
    private static final List<KernelParam> PARAMS = params(input("x", DOUBLE), input("y", DOUBLE));

    private static Kernel expand(Stmt... body) {
        return new ExpandDerivatives().apply(kernel(PARAMS, body));
    }

    private static double at(Kernel k, double x, double y) {
        return IrInterpreter.run(k, Map.of("x", x, "y", y));
    }

    private static void assertNoDerivativeLeft(Kernel k) {
        assertFalse(ExpandDerivatives.containsDerivative(k.point().body()), print(k));
        assertFalse(print(k).contains("d("), print(k));
    }

    @Test
    void theDerivativeOfXTimesX() {
        Kernel k = expand(ret(d(mul(X, X), "x")));
        assertEquals(List.of("double gf_d1_x = 1.0;", "return (gf_d1_x * x) + (x * gf_d1_x);"), bodyLines(k));
        assertEquals(2 * 1.5, at(k, 1.5, 0));
    }

    @Test
    void throughALocalTheTangentIsUpdatedBesideIt() {
        Kernel k = expand(ddeclare("u", mul(X, X)), ret(d(dvar("u"), "x")));
        assertEquals(List.of("double gf_d1_x = 1.0;", "double gf_d1_u = (gf_d1_x * x) + (x * gf_d1_x);", "double u = x * x;",
                "return gf_d1_u;"), bodyLines(k));
    }

    @Test
    void theDerivativeOfWhatDoesNotDependOnTheVariableIsZero() {
        Kernel k = expand(ddeclare("v", mul(Y, lit(2.0))), ret(add(d(dvar("v"), "x"), d(lit(3.0), "x"))));
        assertEquals(List.of("double gf_d1_x = 1.0;", "double v = y * 2.0;", "return 0.0 + 0.0;"), bodyLines(k));
        // integers are piecewise constant: d((double) (int) x * y, x) is 0
        Kernel ints = expand(declare("n", INT, cast(INT, X)), ret(d(mul(cast(DOUBLE, ivar("n")), Y), "x")));
        assertEquals("return 0.0;", bodyLines(ints).get(bodyLines(ints).size() - 1));
    }

    @Test
    void aFloatKernelGetsFloatTangents() {
        Expr xf = var("x", FLOAT);
        Kernel k = new ExpandDerivatives().apply(kernel(FLOAT, params(input("x", FLOAT)), ret(d(mul(xf, xf), "x"))));
        assertEquals(List.of("float gf_d1_x = 1.0f;", "return (gf_d1_x * x) + (x * gf_d1_x);"), bodyLines(k));
    }

    @Test
    void aKernelWithoutDerivativesIsLeftAsItWas() {
        Kernel k = kernel(PARAMS, ddeclare("u", mul(X, X)), ret(dvar("u")));
        assertSame(k, new ExpandDerivatives().apply(k));
    }

    @Test
    void twoVariablesTwoDirections() {
        Kernel k = expand(ret(add(d(mul(X, Y), "x"), d(mul(X, Y), "y"))));
        assertNoDerivativeLeft(k);
        assertTrue(bodyLines(k).containsAll(List.of("double gf_d1_x = 1.0;", "double gf_d2_y = 1.0;")), print(k));
        assertEquals(0.7 + 1.3, at(k, 1.3, 0.7));
    }

    @Test
    void aSecondDerivativeByForwardOverForward() {
        // u = x * x: d(d(u, x), x) = 2 from the tangent of the first direction's tangent
        Kernel k = expand(ddeclare("u", mul(X, X)), ret(d(d(dvar("u"), "x"), "x")));
        assertNoDerivativeLeft(k);
        assertEquals("return gf_d2_gf_d1_u;", bodyLines(k).get(bodyLines(k).size() - 1));
        assertEquals(2.0, at(k, 0.3, 0));
        assertEquals(2.0, at(k, -7, 0));

        // u = sin(x) * x: u'' = 2 cos x - x sin x
        Kernel sin = expand(ddeclare("u", mul(math(MathFunction.SIN, X), X)), ret(d(d(dvar("u"), "x"), "x")));
        for (double x : new double[] {-1.1, 0.2, 2.5}) {
            assertEquals(2 * Math.cos(x) - x * Math.sin(x), at(sin, x, 0), 1e-14);
        }
    }

    @Test
    void aSecondDirectionAlongTheSameVariableReadsTheFirstsTangents() {
        // the outer x of d(d(u, x), x) would compute gf_d2_u = gf_d1_u again: it reads gf_d1_u and gf_d1_x instead,
        // so that once unread tangents are dropped only the first direction's and the second derivative remain
        Kernel k = new DropUnusedTangents().apply(expand(ddeclare("u", mul(X, X)), ret(d(d(dvar("u"), "x"), "x"))));
        assertEquals(List.of("double gf_d1_x = 1.0;", "double gf_d2_gf_d1_u = (gf_d1_x * gf_d1_x) + (gf_d1_x * gf_d1_x);",
                "double u = x * x;", "return gf_d2_gf_d1_u;"), bodyLines(k));
    }

    @Test
    void aMixedSecondDerivative() {
        // u = x^2 y: d(d(u, x), y) = 2x
        Kernel k = expand(ddeclare("u", mul(mul(X, X), Y)), ret(d(d(dvar("u"), "x"), "y")));
        assertNoDerivativeLeft(k);
        assertEquals(2 * 1.25, at(k, 1.25, -3));
    }

    @Test
    void theDerivativeOfAnExpressionReadingADerivative() {
        // d(x * d(x * x, x), x) = d(2 x^2, x) = 4x
        Kernel k = expand(ret(d(mul(X, d(mul(X, X), "x")), "x")));
        assertNoDerivativeLeft(k);
        assertEquals(4 * 0.6, at(k, 0.6, 0), 1e-15);
        // through locals: ux = d(u, x) = 2x, v = ux * u = 2x^3, d(v, x) = 6x^2
        Kernel locals = expand(ddeclare("u", mul(X, X)), ddeclare("ux", d(dvar("u"), "x")), ddeclare("v", mul(dvar("ux"), dvar("u"))),
                ret(d(dvar("v"), "x")));
        assertNoDerivativeLeft(locals);
        assertEquals(6 * 0.6 * 0.6, at(locals, 0.6, 0), 1e-15);
    }

    @Test
    void loopsAndBranchesAreTheFunctionsOwn() {
        // s = sum over three iterations of x * x: d(s, x) = 6x
        Kernel loop = expand(ddeclare("s", lit(0.0)), counted("j", 0, 3, assign("s", add(dvar("s"), mul(X, X)))), ret(d(dvar("s"), "x")));
        assertEquals(6 * 0.4, at(loop, 0.4, 0), 1e-15);
        // the derivative of the piece taken
        Kernel branch = expand(ddeclare("u", lit(0.0)),
                ifElse(gt(X, lit(0.0)), assign("u", mul(mul(X, X), X)), assign("u", neg(X))), ret(d(dvar("u"), "x")));
        assertEquals(3 * 0.5 * 0.5, at(branch, 0.5, 0), 1e-15);
        assertEquals(-1.0, at(branch, -0.5, 0));
    }

    @Test
    void localArraysGetTangentArrays() {
        Kernel k = expand(newArray("h", DOUBLE, 2), setElem("h", lit(0), mul(X, X)),
                setElem("h", lit(1), mul(elem("h", DOUBLE, lit(0)), X)), ret(d(elem("h", DOUBLE, lit(1)), "x")));
        assertTrue(bodyLines(k).contains("double[] gf_d1_h = new double[2];"), print(k));
        assertEquals(3 * 0.9 * 0.9, at(k, 0.9, 0), 1e-15);
    }

    @Test
    void aHelperGetsOneTangentFunctionPerPatternOfActiveArguments() {
        Function mulH = helper("m", DOUBLE, List.of(param("a", DOUBLE), param("b", DOUBLE)), ret(mul(dvar("a"), dvar("b"))));
        Kernel k = new ExpandDerivatives().apply(kernel(DOUBLE, PARAMS, List.of(mulH),
                ret(add(add(d(call("m", DOUBLE, X, Y), "x"), d(call("m", DOUBLE, X, lit(2.0)), "x")),
                        d(call("m", DOUBLE, X, X), "x")))));
        assertNoDerivativeLeft(k);
        assertEquals(List.of("m", "gf_d10_m", "gf_d11_m"), k.helpers().stream().map(Function::name).toList());
        Function d10 = k.helpers().get(1);
        assertEquals("test.K.m, differentiated along a", d10.sourceName());
        assertEquals(List.of(param("a", DOUBLE), param("b", DOUBLE), param("gf_t1_a", DOUBLE)), d10.parameters());
        assertEquals(List.of("return gf_t1_a * b;"), bodyLines(d10));
        assertEquals("test.K.m, differentiated along a and b", k.helpers().get(2).sourceName());
        // d(x y, x) + d(2x, x) + d(x^2, x)
        assertEquals(0.5 + 2 + 2 * 1.5, at(k, 1.5, 0.5), 1e-15);
    }

    @Test
    void aLocalHoldingADerivativeOfItselfCannotBeOrdered() {
        Kernel k = kernel(PARAMS, ddeclare("u", mul(X, X)), assign("u", d(dvar("u"), "x")), ret(d(dvar("u"), "x")));
        PassException e = assertThrows(PassException.class, () -> new ExpandDerivatives().apply(k));
        assertEquals("k", e.kernel());
        assertTrue(e.getMessage().contains("cannot order them"), e.getMessage());
    }

    @Test
    void theChainRuleOfEachLibraryFunctionAgreesWithDifferences() {
        Map<MathFunction, DoubleUnaryOperator> unary = new java.util.LinkedHashMap<>();
        unary.put(MathFunction.SIN, Math::sin);
        unary.put(MathFunction.COS, Math::cos);
        unary.put(MathFunction.TAN, Math::tan);
        unary.put(MathFunction.ASIN, Math::asin);
        unary.put(MathFunction.ACOS, Math::acos);
        unary.put(MathFunction.ATAN, Math::atan);
        unary.put(MathFunction.SINH, Math::sinh);
        unary.put(MathFunction.COSH, Math::cosh);
        unary.put(MathFunction.TANH, Math::tanh);
        unary.put(MathFunction.EXP, Math::exp);
        unary.put(MathFunction.EXPM1, Math::expm1);
        unary.put(MathFunction.LOG, Math::log);
        unary.put(MathFunction.LOG10, Math::log10);
        unary.put(MathFunction.LOG1P, Math::log1p);
        unary.put(MathFunction.SQRT, Math::sqrt);
        unary.put(MathFunction.CBRT, Math::cbrt);
        unary.put(MathFunction.TO_RADIANS, Math::toRadians);
        unary.put(MathFunction.TO_DEGREES, Math::toDegrees);
        unary.put(MathFunction.ABS_D, Math::abs);
        double x = 0.37;
        for (Map.Entry<MathFunction, DoubleUnaryOperator> f : unary.entrySet()) {
            Kernel k = expand(ret(d(math(f.getKey(), mul(X, Y)), "x"))); // the inner x y for the chain rule: times y
            double y = 1.3;
            DoubleUnaryOperator g = v -> f.getValue().applyAsDouble(v * y);
            assertClose(central(g, x), at(k, x, y), f.getKey().name());
        }
        // two arguments, along each
        assertClose(central(v -> Math.atan2(v, 0.8), x), at(expand(ret(d(math(MathFunction.ATAN2, X, Y), "x"))), x, 0.8), "atan2 y");
        assertClose(central(v -> Math.atan2(0.8, v), x), at(expand(ret(d(math(MathFunction.ATAN2, Y, X), "x"))), x, 0.8), "atan2 x");
        assertClose(central(v -> Math.pow(v, 2.5), x), at(expand(ret(d(math(MathFunction.POW, X, Y), "x"))), x, 2.5), "pow base");
        assertClose(central(v -> Math.pow(2.5, v), x), at(expand(ret(d(math(MathFunction.POW, Y, X), "x"))), x, 2.5), "pow exponent");
        assertClose(central(v -> Math.hypot(v, 0.8), x), at(expand(ret(d(math(MathFunction.HYPOT, X, Y), "x"))), x, 0.8), "hypot");
        // min and max take the tangent of the argument they return
        assertEquals(1.0, at(expand(ret(d(math(MathFunction.MIN_D, X, Y), "x"))), 0.1, 0.8));
        assertEquals(0.0, at(expand(ret(d(math(MathFunction.MIN_D, X, Y), "x"))), 0.9, 0.8));
        assertEquals(0.0, at(expand(ret(d(math(MathFunction.MAX_D, X, Y), "x"))), 0.1, 0.8));
        // piecewise constant: floor has derivative 0
        assertEquals("return 0.0;", bodyLines(expand(ret(d(math(MathFunction.FLOOR, X), "x")))).get(1));
    }

    /** pow with a constant exponent stays finite at a negative base (no log(x) term): pow(x, 2) at -1 is -2. */
    @Test
    void powWithAConstantExponentAtANegativeBase() {
        Kernel k = expand(ret(d(math(MathFunction.POW, X, lit(2.0)), "x")));
        assertEquals(-2.0, at(k, -1, 0));
        // an exponent whose tangent is zero where it runs: the log(x) term is 0, not NaN
        Kernel both = expand(ddeclare("e", lit(2.0)), ifThen(gt(X, lit(5.0)), assign("e", X)), ret(d(math(MathFunction.POW, X, dvar("e")), "x")));
        assertEquals(-2.0, at(both, -1, 0));
    }

    private static double central(DoubleUnaryOperator f, double x) {
        double h = 1e-6;
        return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-7 * Math.max(1, Math.abs(expected)), what);
    }

    /**
     * A tangent update stands before the statement it differentiates and may evaluate that
     * statement's parts in another order: for {@code double w = (x + h[n + 5]) * (x * (double) (n / m));}
     * the method reads h[6] first and throws ArrayIndexOutOfBounds, while
     * {@code gf_d1_w = (gf_d1_x * (x * (double) (n / m))) + ((x + h[n + 5]) * ...)} divides by m = 0 first
     * and threw ArithmeticException. Such a value is now computed first, into a local.
     */
    @Test
    void aTangentUpdateThrowsWhatItsStatementWould() {
        List<KernelParam> ps = params(input("x", DOUBLE), input("n", INT), input("m", INT));
        Expr h = elem("h", DOUBLE, add(ivar("n"), lit(5)));
        Stmt w = ddeclare("w", mul(add(X, h), mul(X, cast(DOUBLE, div(ivar("n"), ivar("m"))))));
        Map<String, Double> at = Map.of("x", 0.5, "n", 1.0, "m", 0.0);
        Kernel primal = kernel(ps, newArray("h", DOUBLE, 2), w, ret(dvar("w")));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> IrInterpreter.run(primal, at)); // as Java runs it
        Kernel k = new ExpandDerivatives().apply(kernel(ps, newArray("h", DOUBLE, 2), w, ret(d(dvar("w"), "x"))));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> IrInterpreter.run(k, at), print(k));
    }
}
