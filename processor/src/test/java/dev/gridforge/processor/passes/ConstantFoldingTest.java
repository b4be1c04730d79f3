package dev.gridforge.processor.passes;

import static dev.gridforge.processor.ir.IrBuilder.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.gridforge.processor.ir.BinaryOp;
import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.MathFunction;
import dev.gridforge.processor.ir.Stmt;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * fold-constants on IR built directly: operators on literals folded with Java's arithmetic (ints
 * wrap, NaN and -0.0 as Java has them, casts as JLS 5.1.3), an integer division by zero left to
 * throw where it runs, conditionals and short-circuit operators with a literal condition reduced
 * to the branch taken; library calls and anything reading a variable left alone.
 */
class ConstantFoldingTest {
    private static final Expr X = dvar("x");
    private static final Expr C = var("c", BOOLEAN);

    /** {@code e} as fold-constants leaves it in {@code return e;} of a kernel reading x and c. */
    private static Expr fold(Expr e) {
        Kernel k = kernel(e.type(), params(input("x", DOUBLE), input("c", BOOLEAN), input("i", INT)), ret(e));
        Stmt.Return r = (Stmt.Return) new ConstantFolding().apply(k).point().body().statements().get(0);
        return r.value();
    }

    @Test
    void intArithmeticWrapsAsJava() {
        assertEquals(lit(Integer.MIN_VALUE), fold(add(lit(Integer.MAX_VALUE), lit(1))));
        assertEquals(lit(Integer.MIN_VALUE), fold(mul(lit(Integer.MIN_VALUE), lit(-1))));
        assertEquals(lit(Integer.MIN_VALUE), fold(div(lit(Integer.MIN_VALUE), lit(-1))));
        assertEquals(lit(0), fold(rem(lit(Integer.MIN_VALUE), lit(-1))));
        assertEquals(lit(-1), fold(rem(lit(-7), lit(3)))); // the sign of the dividend
        assertEquals(lit(-2), fold(div(lit(-7), lit(3)))); // rounded toward zero
        assertEquals(lit(Long.MIN_VALUE), fold(add(lit(Long.MAX_VALUE), lit(1L))));
        assertEquals(lit(46341 * 46341), fold(mul(lit(46341), lit(46341)))); // -2147479015
        assertEquals(lit(Integer.MIN_VALUE), fold(neg(lit(Integer.MIN_VALUE))));
        assertEquals(lit(-6), fold(new Expr.Unary(dev.gridforge.processor.ir.UnaryOp.BIT_NOT, lit(5))));
    }

    @Test
    void shiftsMaskTheirCountAsJava() {
        assertEquals(lit(2), fold(bin(BinaryOp.SHL, lit(1), lit(33))));
        assertEquals(lit(15), fold(bin(BinaryOp.USHR, lit(-16), lit(28))));
        assertEquals(lit(-1), fold(bin(BinaryOp.SHR, lit(-1), lit(40))));
        assertEquals(lit(2L), fold(bin(BinaryOp.SHL, lit(1L), lit(65))));
        assertEquals(lit(1 << 3), fold(bin(BinaryOp.SHL, lit(1), lit(3L)))); // a long count on an int
    }

    @Test
    void integerDivisionByZeroIsNotFolded() {
        for (BinaryOp op : List.of(BinaryOp.DIV, BinaryOp.REM)) {
            Expr intDiv = bin(op, lit(7), lit(0));
            assertSame(intDiv, fold(intDiv));
            Expr longDiv = bin(op, lit(7L), lit(0L));
            assertSame(longDiv, fold(longDiv));
        }
        // what can be folded around it is, and the division stays to throw where it runs
        assertEquals("(3 / 0) + 1", print(fold(add(div(add(lit(1), lit(2)), lit(0)), lit(1)))));
        assertEquals("0 % 0", print(fold(rem(cast(INT, lit(0.5)), lit(0)))));
    }

    @Test
    void aDivisorThatFoldsToZeroStaysAsItsLiteral() {
        // 5 / (2 - 2): the divisor folds to 0, the division is left as 5 / 0
        assertEquals("5 / 0", print(fold(div(lit(5), sub(lit(2), lit(2))))));
        // a conditional whose taken branch is safe drops the division in the other one (Java never evaluates it)
        assertEquals(lit(2), fold(cond(lit(false), div(lit(1), lit(0)), lit(2))));
    }

    @Test
    void floatingPointAsJavaWithNaNAndSignedZero() {
        assertEquals(lit(Double.POSITIVE_INFINITY), fold(div(lit(1.0), lit(0.0))));
        assertEquals(lit(Double.NEGATIVE_INFINITY), fold(div(lit(-1.0), lit(0.0))));
        assertEquals(lit(Double.NaN), fold(div(lit(0.0), lit(0.0))));
        assertEquals(lit(Double.NaN), fold(rem(lit(1.0), lit(0.0))));
        // -0.0 is a value of its own (Literal equality tells it from 0.0, as Double.equals does)
        assertEquals(lit(-0.0), fold(mul(lit(0.0), lit(-1.0))));
        assertEquals(lit(-0.0), fold(neg(lit(0.0))));
        assertEquals(lit(0.0), fold(add(lit(-0.0), lit(0.0))));
        assertEquals(lit(-0.0), fold(add(lit(-0.0), lit(-0.0))));
        // comparisons: NaN equals nothing, 0.0 == -0.0
        assertEquals(lit(false), fold(eq(lit(Double.NaN), lit(Double.NaN))));
        assertEquals(lit(true), fold(bin(BinaryOp.NE, lit(Double.NaN), lit(Double.NaN))));
        assertEquals(lit(false), fold(lt(lit(Double.NaN), lit(1.0))));
        assertEquals(lit(false), fold(bin(BinaryOp.GE, lit(Double.NaN), lit(1.0))));
        assertEquals(lit(true), fold(eq(lit(0.0), lit(-0.0))));
        assertEquals(lit(false), fold(lt(lit(-0.0), lit(0.0))));
        assertEquals(lit(0.1 + 0.2), fold(add(lit(0.1), lit(0.2))));
    }

    @Test
    void floatArithmeticInFloatPrecision() {
        Expr sum = fold(add(lit(0.1f), lit(0.2f)));
        assertEquals(lit(0.1f + 0.2f), sum);
        assertEquals(lit(16777216f), fold(add(lit(16777216f), lit(1f))));
        assertEquals(lit((double) 0.1f), fold(cast(DOUBLE, lit(0.1f))));
        assertEquals(lit(Float.NaN), fold(div(lit(0f), lit(0f))));
    }

    @Test
    void castsAsJava() {
        assertEquals(lit(Integer.MAX_VALUE), fold(cast(INT, lit(1e10))));
        assertEquals(lit(Integer.MIN_VALUE), fold(cast(INT, lit(Double.NEGATIVE_INFINITY))));
        assertEquals(lit(0), fold(cast(INT, lit(Double.NaN))));
        assertEquals(lit(-1L), fold(cast(LONG, lit(-1.9))));
        assertEquals(lit((int) 3000000000L), fold(cast(INT, lit(3000000000L))));
        assertEquals(lit(16777216f), fold(cast(FLOAT, lit(16777217))));
        assertEquals(lit(0.0), fold(cast(DOUBLE, lit(0))));
        assertEquals(lit(3), fold(cast(INT, cast(LONG, lit(3.7))))); // folded from the inside
    }

    @Test
    void booleanOperatorsAndIntegerComparisons() {
        assertEquals(lit(true), fold(bin(BinaryOp.XOR, lit(true), lit(false))));
        assertEquals(lit(false), fold(bin(BinaryOp.AND, lit(true), lit(false))));
        assertEquals(lit(false), fold(eq(lit(true), lit(false))));
        assertEquals(lit(false), fold(not(lit(true))));
        assertEquals(lit(true), fold(lt(lit(Integer.MIN_VALUE), lit(Integer.MAX_VALUE)))); // no overflow in the comparison
        assertEquals(lit(false), fold(gt(lit(Long.MIN_VALUE), lit(Long.MAX_VALUE))));
        assertEquals(lit(6), fold(bin(BinaryOp.OR, lit(4), lit(2))));
    }

    @Test
    void foldsBottomUpButNeverReassociates() {
        assertEquals(lit(21), fold(mul(add(lit(1), lit(2)), add(lit(3), lit(4)))));
        assertEquals("x + 3.0", print(fold(add(X, add(lit(1.0), lit(2.0))))));
        // (x + 1) + 2 is not x + 3: floating addition does not associate
        Expr leftNested = add(add(X, lit(1.0)), lit(2.0));
        assertSame(leftNested, fold(leftNested));
    }

    @Test
    void identitiesWithAVariableAreNotApplied() {
        // x * 0 is NaN for an infinite x, x + 0.0 is 0.0 for x = -0.0, x * 1 ... each stays as written
        for (Expr e : List.of(mul(X, lit(0.0)), add(X, lit(0.0)), mul(X, lit(1.0)), sub(X, X), div(X, X))) {
            assertSame(e, fold(e), print(e));
        }
        Expr intTimesZero = mul(ivar("i"), lit(0));
        assertSame(intTimesZero, fold(intTimesZero));
    }

    @Test
    void conditionalWithALiteralConditionIsTheBranchTaken() {
        Expr y = dvar("y");
        Kernel k = kernel(params(input("x", DOUBLE), input("y", DOUBLE)), ret(cond(lit(true), X, y)));
        assertEquals(X, ((Stmt.Return) new ConstantFolding().apply(k).point().body().statements().get(0)).value());
        assertEquals("x", print(fold(cond(lit(true), X, mul(X, lit(2.0))))));
        assertEquals("x * 2.0", print(fold(cond(lit(false), X, mul(X, lit(2.0))))));
        // the condition folded first
        assertEquals("x", print(fold(cond(lt(lit(1), lit(2)), X, lit(0.0)))));
        // a condition that is not a literal stays, its branches folded
        assertEquals("c ? 3.0 : x", print(fold(cond(C, add(lit(1.0), lit(2.0)), X))));
    }

    @Test
    void shortCircuitWithALiteralLeftOperand() {
        Expr other = lt(X, lit(1.0));
        assertEquals(lit(false), fold(and(lit(false), other)));
        assertEquals(other, fold(and(lit(true), other)));
        assertEquals(lit(true), fold(or(lit(true), other)));
        assertEquals(other, fold(or(lit(false), other)));
        assertEquals(lit(false), fold(and(lt(lit(2), lit(1)), other))); // the left folded first
        assertEquals(lit(true), fold(or(lit(false), lit(true))));
        // the right operand is never looked at to drop the left: c && false stays (c is read)
        Expr rightLiteral = and(C, lit(false));
        assertSame(rightLiteral, fold(rightLiteral));
    }

    @Test
    void libraryCallsAreNeverFolded() {
        assertEquals("Math.sqrt(4.0)", print(fold(math(MathFunction.SQRT, add(lit(2.0), lit(2.0))))));
        for (Expr call : List.of(math(MathFunction.SIN, lit(0.0)), math(MathFunction.ABS_I, lit(-3)),
                math(MathFunction.MAX_D, lit(1.0), lit(2.0)), math(MathFunction.IS_NAN_D, lit(Double.NaN)),
                math(MathFunction.FLOOR_DIV_I, lit(7), lit(2)))) {
            Expr folded = fold(call);
            assertSame(call, folded, print(call));
        }
        // and an operator over a call stays too
        assertInstanceOf(Expr.Binary.class, fold(add(math(MathFunction.SIN, lit(0.0)), lit(1.0))));
    }

    @Test
    void foldsEveryStatementOfThePointAndOfTheHelpers() {
        Function h = helper("h", DOUBLE, List.of(param("a", DOUBLE)), ret(mul(dvar("a"), add(lit(1.0), lit(1.0)))));
        Kernel k = kernel(DOUBLE, params(input("x", DOUBLE), input("i", INT)), List.of(h),
                newArray("t", DOUBLE, 4),
                setElem("t", add(lit(1), lit(2)), mul(lit(2.0), lit(3.0))),
                ifThen(lt(ivar("i"), add(lit(1), lit(2))), assign("x", call("h", DOUBLE, add(lit(0.5), lit(0.5))))),
                forLoop(List.of(declare("j", INT, add(lit(0), lit(0)))), lt(ivar("j"), mul(lit(2), lit(2))),
                        List.of(assign("j", add(ivar("j"), sub(lit(2), lit(1))))), assign("x", add(dvar("x"), lit(1.0)))),
                whileLoop(gt(ivar("i"), sub(lit(1), lit(1))), assign("i", sub(ivar("i"), lit(1)))),
                ret(add(dvar("x"), elem("t", DOUBLE, add(lit(1), lit(2))))));
        Kernel folded = new ConstantFolding().apply(k);
        assertEquals(List.of(
                "double[] t = new double[4];",
                "t[3] = 6.0;",
                "if (i < 3) {",
                "  x = h(1.0);",
                "}",
                "for (int j = 0; j < 4; j = j + 1) {",
                "  x = x + 1.0;",
                "}",
                "while (i > 0) {",
                "  i = i - 1;",
                "}",
                "return x + t[3];"), bodyLines(folded));
        assertEquals(List.of("return a * 2.0;"), bodyLines(folded.helpers().get(0)));
        assertEquals(k.hoisted(), folded.hoisted());
        assertEquals(k.params(), folded.params());
    }

    @Test
    void nothingToFoldLeavesThePointFunctionAsItWas() {
        Kernel k = kernel(params(input("x", DOUBLE), constant("a", DOUBLE)),
                ddeclare("y", mul(X, dvar("a"))), ret(math(MathFunction.EXP, dvar("y"))));
        assertSame(k.point(), new ConstantFolding().apply(k).point());
    }
}
