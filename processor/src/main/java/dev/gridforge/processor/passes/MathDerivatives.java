package dev.gridforge.processor.passes;

import static dev.gridforge.processor.passes.ForwardMode.add;
import static dev.gridforge.processor.passes.ForwardMode.div;
import static dev.gridforge.processor.passes.ForwardMode.literal;
import static dev.gridforge.processor.passes.ForwardMode.math;
import static dev.gridforge.processor.passes.ForwardMode.mul;
import static dev.gridforge.processor.passes.ForwardMode.neg;
import static dev.gridforge.processor.passes.ForwardMode.one;
import static dev.gridforge.processor.passes.ForwardMode.sub;
import static dev.gridforge.processor.passes.ForwardMode.sum;

import dev.gridforge.processor.ir.BinaryOp;
import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.MathFunction;
import dev.gridforge.processor.ir.Type;
import java.util.List;

/**
 * The chain rule for every library function a kernel may call: the derivative of
 * {@code f(a, b, ...)} from the arguments and their tangents (null where zero). Functions that
 * are piecewise constant (floor, ceil, rint, round, signum, the integer ones) have derivative 0
 * where they have one; min and max take the tangent of the argument they return, abs that of
 * its argument times its sign (0 at 0). docs/derivatives.md lists them.
 */
final class MathDerivatives {
    private MathDerivatives() {
    }

    static Expr of(Expr.MathCall m, List<Expr> t) {
        if (t.stream().allMatch(x -> x == null)) {
            return null;
        }
        List<Expr> a = m.args();
        Expr x = a.get(0);
        Expr tx = t.get(0);
        Type type = m.type();
        return switch (m.function()) {
            case SIN -> mul(math(MathFunction.COS, x), tx);
            case COS -> neg(mul(math(MathFunction.SIN, x), tx));
            // tan' = 1 / cos^2, written so that it stays finite as long as tan does
            case TAN -> div(tx, mul(math(MathFunction.COS, x), math(MathFunction.COS, x)));
            case ASIN -> div(tx, math(MathFunction.SQRT, sub(one(type), mul(x, x))));
            case ACOS -> neg(div(tx, math(MathFunction.SQRT, sub(one(type), mul(x, x)))));
            case ATAN -> div(tx, add(one(type), mul(x, x)));
            case ATAN2 -> atan2(x, a.get(1), tx, t.get(1));
            case SINH -> mul(math(MathFunction.COSH, x), tx);
            case COSH -> mul(math(MathFunction.SINH, x), tx);
            case TANH -> mul(sub(one(type), mul(m, m)), tx);
            case EXP -> mul(m, tx);
            case EXPM1 -> mul(math(MathFunction.EXP, x), tx);
            case LOG -> div(tx, x);
            case LOG10 -> div(tx, mul(x, literal(Math.log(10), type)));
            case LOG1P -> div(tx, add(one(type), x));
            case SQRT -> div(tx, mul(literal(2, type), m));
            case CBRT -> div(tx, mul(literal(3, type), mul(m, m)));
            case POW -> pow(m, x, a.get(1), tx, t.get(1));
            case HYPOT -> div(sum(tx == null ? null : mul(x, tx), t.get(1) == null ? null : mul(a.get(1), t.get(1))), m);
            case IEEE_REMAINDER -> t.get(1) == null ? tx
                    : sub(tx == null ? ForwardMode.zero(type) : tx, mul(t.get(1),
                            math(MathFunction.RINT, div(x, a.get(1)))));
            case TO_RADIANS -> mul(tx, literal(Math.PI / 180, type));
            case TO_DEGREES -> mul(tx, literal(180 / Math.PI, type));
            case FMA_D, FMA_F -> sum(sum(tx == null ? null : mul(tx, a.get(1)), t.get(1) == null ? null : mul(x, t.get(1))),
                    t.get(2));
            // copySign(x, y) = |x| * sign(y): the sign of x times the sign of y, times tx
            case COPY_SIGN_D, COPY_SIGN_F -> tx == null ? null : mul(tx, mul(sign(x, type), sign(a.get(1), type)));
            case ABS_F, ABS_D -> mul(tx, math(m.function() == MathFunction.ABS_D ? MathFunction.SIGNUM_D : MathFunction.SIGNUM_F, x));
            // Java's min returns a when a <= b (NaN and -0.0 aside): so does its derivative
            case MIN_F, MIN_D -> pick(m, BinaryOp.LE, x, a.get(1), tx, t.get(1));
            case MAX_F, MAX_D -> pick(m, BinaryOp.GE, x, a.get(1), tx, t.get(1));
            default -> null; // floor, ceil, rint, round, signum, integer and boolean functions: piecewise constant
        };
    }

    /** atan2(y, x)' = (x ty - y tx) / (x^2 + y^2). */
    private static Expr atan2(Expr y, Expr x, Expr ty, Expr tx) {
        Expr numerator = ty == null ? neg(mul(y, tx)) : tx == null ? mul(x, ty) : sub(mul(x, ty), mul(y, tx));
        return div(numerator, add(mul(x, x), mul(y, y)));
    }

    /**
     * pow(x, y)' = y x^(y-1) tx + x^y log(x) ty. With a constant exponent only the first term,
     * which is finite for x <= 0 too (pow(x, 2) at x = -1); with a constant base only the second,
     * and 0 where ty is 0.
     */
    private static Expr pow(Expr m, Expr x, Expr y, Expr tx, Expr ty) {
        Type type = m.type();
        Expr byBase = tx == null ? null : mul(mul(y, math(MathFunction.POW, x, sub(y, one(type)))), tx);
        // log(x) is NaN for a negative base: where the exponent's tangent is 0 when the kernel runs (a branch
        // left it constant), that term must be 0, not NaN * 0
        Expr byExponent = ty == null ? null : new Expr.Conditional(new Expr.Binary(BinaryOp.EQ, ty, ForwardMode.zero(type)),
                ForwardMode.zero(type), mul(mul(m, math(MathFunction.LOG, x)), ty));
        return sum(byBase, byExponent);
    }

    /** The tangent of whichever argument {@code min} or {@code max} returns. */
    private static Expr pick(Expr.MathCall m, BinaryOp firstWhen, Expr a, Expr b, Expr ta, Expr tb) {
        Type type = m.type();
        return new Expr.Conditional(new Expr.Binary(firstWhen, a, b), ta != null ? ta : ForwardMode.zero(type),
                tb != null ? tb : ForwardMode.zero(type));
    }

    /** copySign(1, v): +1 or -1 by the sign bit of v. */
    private static Expr sign(Expr v, Type type) {
        return math(type == Type.FLOAT ? MathFunction.COPY_SIGN_F : MathFunction.COPY_SIGN_D, one(type), v);
    }
}
