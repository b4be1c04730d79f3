package dev.gridforge.processor.ir;

import static dev.gridforge.processor.ir.Type.BOOLEAN;
import static dev.gridforge.processor.ir.Type.DOUBLE;
import static dev.gridforge.processor.ir.Type.FLOAT;
import static dev.gridforge.processor.ir.Type.INT;
import static dev.gridforge.processor.ir.Type.LONG;

import java.util.ArrayList;
import java.util.List;

/**
 * The library functions a kernel may call: one constant per Java overload, so the IR records
 * exactly which method Java would have called. Each printer maps these to its own spelling.
 */
public enum MathFunction {
    SIN("Math", "sin", DOUBLE, DOUBLE), COS("Math", "cos", DOUBLE, DOUBLE), TAN("Math", "tan", DOUBLE, DOUBLE),
    ASIN("Math", "asin", DOUBLE, DOUBLE), ACOS("Math", "acos", DOUBLE, DOUBLE), ATAN("Math", "atan", DOUBLE, DOUBLE),
    ATAN2("Math", "atan2", DOUBLE, DOUBLE, DOUBLE),
    SINH("Math", "sinh", DOUBLE, DOUBLE), COSH("Math", "cosh", DOUBLE, DOUBLE), TANH("Math", "tanh", DOUBLE, DOUBLE),
    EXP("Math", "exp", DOUBLE, DOUBLE), EXPM1("Math", "expm1", DOUBLE, DOUBLE),
    LOG("Math", "log", DOUBLE, DOUBLE), LOG10("Math", "log10", DOUBLE, DOUBLE), LOG1P("Math", "log1p", DOUBLE, DOUBLE),
    SQRT("Math", "sqrt", DOUBLE, DOUBLE), CBRT("Math", "cbrt", DOUBLE, DOUBLE),
    POW("Math", "pow", DOUBLE, DOUBLE, DOUBLE), HYPOT("Math", "hypot", DOUBLE, DOUBLE, DOUBLE),
    FLOOR("Math", "floor", DOUBLE, DOUBLE), CEIL("Math", "ceil", DOUBLE, DOUBLE), RINT("Math", "rint", DOUBLE, DOUBLE),
    IEEE_REMAINDER("Math", "IEEEremainder", DOUBLE, DOUBLE, DOUBLE),
    TO_RADIANS("Math", "toRadians", DOUBLE, DOUBLE), TO_DEGREES("Math", "toDegrees", DOUBLE, DOUBLE),
    FMA_D("Math", "fma", DOUBLE, DOUBLE, DOUBLE, DOUBLE), FMA_F("Math", "fma", FLOAT, FLOAT, FLOAT, FLOAT),
    COPY_SIGN_D("Math", "copySign", DOUBLE, DOUBLE, DOUBLE), COPY_SIGN_F("Math", "copySign", FLOAT, FLOAT, FLOAT),
    SIGNUM_D("Math", "signum", DOUBLE, DOUBLE), SIGNUM_F("Math", "signum", FLOAT, FLOAT),
    ABS_I("Math", "abs", INT, INT), ABS_L("Math", "abs", LONG, LONG),
    ABS_F("Math", "abs", FLOAT, FLOAT), ABS_D("Math", "abs", DOUBLE, DOUBLE),
    MIN_I("Math", "min", INT, INT, INT), MIN_L("Math", "min", LONG, LONG, LONG),
    MIN_F("Math", "min", FLOAT, FLOAT, FLOAT), MIN_D("Math", "min", DOUBLE, DOUBLE, DOUBLE),
    MAX_I("Math", "max", INT, INT, INT), MAX_L("Math", "max", LONG, LONG, LONG),
    MAX_F("Math", "max", FLOAT, FLOAT, FLOAT), MAX_D("Math", "max", DOUBLE, DOUBLE, DOUBLE),
    ROUND_F("Math", "round", INT, FLOAT), ROUND_D("Math", "round", LONG, DOUBLE),
    FLOOR_DIV_I("Math", "floorDiv", INT, INT, INT), FLOOR_DIV_LI("Math", "floorDiv", LONG, LONG, INT),
    FLOOR_DIV_L("Math", "floorDiv", LONG, LONG, LONG),
    FLOOR_MOD_I("Math", "floorMod", INT, INT, INT), FLOOR_MOD_LI("Math", "floorMod", INT, LONG, INT),
    FLOOR_MOD_L("Math", "floorMod", LONG, LONG, LONG),
    IS_NAN_D("Double", "isNaN", BOOLEAN, DOUBLE), IS_INFINITE_D("Double", "isInfinite", BOOLEAN, DOUBLE),
    IS_FINITE_D("Double", "isFinite", BOOLEAN, DOUBLE),
    IS_NAN_F("Float", "isNaN", BOOLEAN, FLOAT), IS_INFINITE_F("Float", "isInfinite", BOOLEAN, FLOAT),
    IS_FINITE_F("Float", "isFinite", BOOLEAN, FLOAT);

    private final String owner;
    private final String javaName;
    private final Type returnType;
    private final List<Type> parameterTypes;

    MathFunction(String owner, String javaName, Type returnType, Type... parameterTypes) {
        this.owner = owner;
        this.javaName = javaName;
        this.returnType = returnType;
        this.parameterTypes = List.of(parameterTypes);
    }

    /** The simple name of the {@code java.lang} class that declares it. */
    public String owner() {
        return owner;
    }

    public String javaName() {
        return javaName;
    }

    public Type returnType() {
        return returnType;
    }

    public List<Type> parameterTypes() {
        return parameterTypes;
    }

    /** Whether Java throws for some arguments (integer division by zero). */
    public boolean canThrow() {
        return isIntegerDivision();
    }

    /** Math.floorDiv and Math.floorMod: they throw when the second argument is zero. */
    public boolean isIntegerDivision() {
        return switch (this) {
            case FLOOR_DIV_I, FLOOR_DIV_LI, FLOOR_DIV_L, FLOOR_MOD_I, FLOOR_MOD_LI, FLOOR_MOD_L -> true;
            default -> false;
        };
    }

    /** For {@link #isIntegerDivision()}: floorMod, whose report says {@code %}. */
    public boolean isRemainder() {
        return this == FLOOR_MOD_I || this == FLOOR_MOD_LI || this == FLOOR_MOD_L;
    }

    /** Every overload of {@code owner.name}, in declaration order. */
    public static List<MathFunction> overloads(String owner, String name) {
        List<MathFunction> found = new ArrayList<>();
        for (MathFunction f : values()) {
            if (f.owner.equals(owner) && f.javaName.equals(name)) {
                found.add(f);
            }
        }
        return found;
    }
}
