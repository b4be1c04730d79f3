package dev.gridforge;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Derivatives inside kernels: {@code d(expr, var)} is the derivative of {@code expr} with respect
 * to {@code var}, a floating parameter of the kernel (an input, a {@code @Coord} coordinate or a
 * {@code @Const}). In a kernel the processor generates it at build time, in forward mode, exactly
 * as a formula would be written by hand (docs/derivatives.md); derivatives nest
 * ({@code d(d(u, x), x)}) and mix ({@code d(d(u, x), t)}).
 *
 * <p>Called directly, a kernel's {@code d} needs to know how {@code expr} depends on
 * {@code var}, which Java does not tell a method: run the method under
 * {@link #byFiniteDifferences}, which gives {@code d} the meaning of a central finite
 * difference. It is there for tests: the generated code is exact up to rounding, and a finite
 * difference (Richardson's extrapolation of central differences over two steps) is accurate to
 * about 1e-11 for first and 1e-8 for second derivatives of smooth functions of size 1. Outside
 * it, {@code d} throws {@link IllegalStateException}.
 */
public final class Derivatives {

    /** The relative step of the central differences; with Richardson's extrapolation nested ones keep about 9 digits. */
    public static final double STEP = 1e-3;

    private static final ThreadLocal<Deque<Run>> RUNS = ThreadLocal.withInitial(ArrayDeque::new);

    private Derivatives() {
    }

    /** A kernel method as a function of the arguments it may be differentiated by. */
    @FunctionalInterface
    public interface Method {
        double call(double[] args);
    }

    /** The derivative of {@code expr} with respect to the kernel parameter {@code var}. */
    public static double d(double expr, double var) {
        Run run = RUNS.get().peek();
        if (run == null) {
            throw new IllegalStateException("[Derivatives] d(expr, var) was called outside a kernel launch: gridforge"
                    + " generates it at build time, and a kernel method called directly has no way to see how expr"
                    + " depends on var. Call the method under Derivatives.byFiniteDifferences(args -> ..., x, t)"
                    + " to give d a finite-difference meaning, or launch the kernel");
        }
        return run.derivative(expr, var);
    }

    /** The same for float kernels (the difference is taken in double, from the float arguments). */
    public static float d(float expr, float var) {
        return (float) d((double) expr, (double) var);
    }

    /**
     * Calls {@code method} on {@code args} with every {@code d(expr, var)} in it computed as a
     * finite difference: the method is run again with the one argument equal to {@code var} moved
     * by {@code ±h} and {@code ±h/2}, {@code h = STEP · max(1, |var|)}, and what {@code expr} was
     * at that same {@code d} call in those runs gives two central differences, extrapolated to h = 0. Nested calls nest
     * the runs. So {@code var} must be one of {@code args}, with a value no other argument has,
     * and the {@code d} calls must come in the same order for nearby values (no branch on
     * {@code var} between them).
     *
     * @throws IllegalArgumentException when {@code var} is not exactly one of the arguments
     * @throws IllegalStateException when a moved run does not reach the same {@code d} call
     */
    public static double byFiniteDifferences(Method method, double... args) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(args, "args");
        Deque<Run> runs = RUNS.get();
        runs.push(new Run(method, args.clone(), -1));
        try {
            return method.call(args.clone());
        } finally {
            runs.pop();
        }
    }

    /** One run of the method: its arguments, how many d calls it has made, and the call whose argument it is after. */
    private static final class Run {
        final Method method;
        final double[] args;
        final int captureAt;
        int calls;
        double captured;

        Run(Method method, double[] args, int captureAt) {
            this.method = method;
            this.args = args;
            this.captureAt = captureAt;
        }

        double derivative(double expr, double var) {
            int call = calls++;
            if (call == captureAt) {
                captured = expr;
                throw Captured.INSTANCE;
            }
            int p = parameterOf(var);
            double h = STEP * Math.max(1, Math.abs(var));
            // Richardson: central differences over h and h / 2 combined so that their h^2 errors cancel
            double wide = central(call, p, var, h);
            double narrow = central(call, p, var, h / 2);
            return (4 * narrow - wide) / 3;
        }

        private double central(int call, int p, double var, double h) {
            double up = var + h;
            double down = var - h;
            return (valueAt(call, p, up) - valueAt(call, p, down)) / (up - down);
        }

        private int parameterOf(double var) {
            int found = -1;
            for (int i = 0; i < args.length; i++) {
                if (Double.doubleToLongBits(args[i]) == Double.doubleToLongBits(var)) {
                    if (found >= 0) {
                        throw new IllegalArgumentException("[Derivatives] d(expr, var): var = " + var + " is argument "
                                + found + " and argument " + i + " both; give byFiniteDifferences arguments that differ");
                    }
                    found = i;
                }
            }
            if (found < 0) {
                throw new IllegalArgumentException("[Derivatives] d(expr, var): var = " + var + " is none of the"
                        + " arguments given to byFiniteDifferences; differentiate with respect to a parameter, and pass"
                        + " it among the arguments");
            }
            return found;
        }

        /** What expr is at d call number {@code call} when argument {@code p} is {@code value}. */
        private double valueAt(int call, int p, double value) {
            double[] moved = args.clone();
            moved[p] = value;
            Run run = new Run(method, moved, call);
            Deque<Run> runs = RUNS.get();
            runs.push(run);
            try {
                method.call(moved.clone());
            } catch (Captured c) {
                return run.captured;
            } finally {
                runs.pop();
            }
            throw new IllegalStateException("[Derivatives] with argument " + p + " moved to " + value + " the method"
                    + " made only " + run.calls + " d calls, not " + (call + 1) + ": a branch on that argument changes"
                    + " which derivatives it takes, so no finite difference of them exists there");
        }
    }

    /** Ends a moved run at the call it was after; no stack trace, it is control flow. */
    private static final class Captured extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Captured INSTANCE = new Captured();

        private Captured() {
            super(null, null, false, false);
        }
    }
}
