package dev.gridforge.processor.cuda;

import dev.gridforge.processor.ir.MathFunction;
import java.util.EnumMap;
import java.util.Map;

/**
 * The CUDA spelling of each library function. Functions whose C behaviour differs from Java's
 * (min/max with NaN and -0.0, round, signum, floorDiv) go to the prelude's {@code gf_} versions.
 * A function without a mapping is an internal error that names it.
 */
final class CudaMath {
    private static final Map<MathFunction, String> NAMES = new EnumMap<>(MathFunction.class);

    static {
        for (MathFunction f : new MathFunction[] {MathFunction.SIN, MathFunction.COS, MathFunction.TAN,
                MathFunction.ASIN, MathFunction.ACOS, MathFunction.ATAN, MathFunction.ATAN2, MathFunction.SINH,
                MathFunction.COSH, MathFunction.TANH, MathFunction.EXP, MathFunction.EXPM1, MathFunction.LOG,
                MathFunction.LOG10, MathFunction.LOG1P, MathFunction.SQRT, MathFunction.CBRT, MathFunction.POW,
                MathFunction.HYPOT, MathFunction.FLOOR, MathFunction.CEIL, MathFunction.RINT}) {
            NAMES.put(f, f.javaName());
        }
        NAMES.put(MathFunction.IEEE_REMAINDER, "remainder");
        NAMES.put(MathFunction.TO_RADIANS, "gf_to_radians");
        NAMES.put(MathFunction.TO_DEGREES, "gf_to_degrees");
        NAMES.put(MathFunction.FMA_D, "fma");
        NAMES.put(MathFunction.FMA_F, "fmaf");
        NAMES.put(MathFunction.COPY_SIGN_D, "copysign");
        NAMES.put(MathFunction.COPY_SIGN_F, "copysignf");
        NAMES.put(MathFunction.SIGNUM_D, "gf_signum");
        NAMES.put(MathFunction.SIGNUM_F, "gf_signum");
        NAMES.put(MathFunction.ABS_I, "gf_abs");
        NAMES.put(MathFunction.ABS_L, "gf_abs");
        NAMES.put(MathFunction.ABS_F, "fabsf");
        NAMES.put(MathFunction.ABS_D, "fabs");
        for (MathFunction f : new MathFunction[] {MathFunction.MIN_I, MathFunction.MIN_L, MathFunction.MIN_F, MathFunction.MIN_D}) {
            NAMES.put(f, "gf_min");
        }
        for (MathFunction f : new MathFunction[] {MathFunction.MAX_I, MathFunction.MAX_L, MathFunction.MAX_F, MathFunction.MAX_D}) {
            NAMES.put(f, "gf_max");
        }
        NAMES.put(MathFunction.ROUND_F, "gf_round");
        NAMES.put(MathFunction.ROUND_D, "gf_round");
        NAMES.put(MathFunction.FLOOR_DIV_I, "gf_floor_div");
        NAMES.put(MathFunction.FLOOR_DIV_L, "gf_floor_div");
        NAMES.put(MathFunction.FLOOR_MOD_I, "gf_floor_mod");
        NAMES.put(MathFunction.FLOOR_MOD_L, "gf_floor_mod");
        NAMES.put(MathFunction.IS_NAN_D, "gf_is_nan");
        NAMES.put(MathFunction.IS_NAN_F, "gf_is_nan");
        NAMES.put(MathFunction.IS_INFINITE_D, "gf_is_infinite");
        NAMES.put(MathFunction.IS_INFINITE_F, "gf_is_infinite");
        NAMES.put(MathFunction.IS_FINITE_D, "gf_is_finite");
        NAMES.put(MathFunction.IS_FINITE_F, "gf_is_finite");
    }

    private CudaMath() {
    }

    /** The C call for {@code f} applied to the printed arguments. */
    static String call(MathFunction f, java.util.List<String> args) {
        switch (f) {
            case FLOOR_DIV_LI:
                return "gf_floor_div(" + args.get(0) + ", (long long) (" + args.get(1) + "))";
            case FLOOR_MOD_LI:
                return "(int) gf_floor_mod(" + args.get(0) + ", (long long) (" + args.get(1) + "))";
            default:
                String name = NAMES.get(f);
                if (name == null) {
                    throw new IllegalStateException("internal error: no CUDA mapping for " + f);
                }
                return name + "(" + String.join(", ", args) + ")";
        }
    }
}
