package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.gridforge.Derivatives;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * d(expr, var) against closed forms: every differentiable Math function, products, quotients,
 * powers, compositions, branches, loops, helpers, and second and mixed derivatives, each a kernel
 * of (x, t) at random points of a domain where it is smooth. The JVM backend must equal the
 * closed form within 1e-10 relative, the simulator the JVM backend within 1e-12 (both evaluate
 * the same formula; their transcendental functions may differ in the last bit), and the method
 * called directly under {@link Derivatives#byFiniteDifferences} the JVM backend within 1e-6
 * (extrapolated central differences keep about 9 digits even nested), away from the jumps and
 * kinks of the piecewise cases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DerivativesOracleTest {

    /**
     * A kernel body in x and t, its derivative in closed form, the range x is drawn from (t from
     * [-1, 1]), and where a finite difference of the method is meaningful (not within its step of
     * a jump or a kink).
     */
    record Case(String body, Closed closed, double lo, double hi, Smooth smooth) {
    }

    @FunctionalInterface
    interface Smooth {
        boolean at(double x, double t);
    }

    /** Whether v is at least 0.01 from every offset + k * period. */
    static boolean away(double v, double period, double offset) {
        double r = Math.abs(Math.IEEEremainder(v - offset, period));
        return r > 0.01;
    }

    static void add(String body, Closed closed, Smooth smooth) {
        CASES.add(new Case(body, closed, -2, 2, smooth));
    }

    @FunctionalInterface
    interface Closed {
        double at(double x, double t);
    }

    static final List<Case> CASES = new ArrayList<>();

    static void add(String body, Closed closed, double lo, double hi) {
        CASES.add(new Case(body, closed, lo, hi, (x, t) -> true));
    }

    static void add(String body, Closed closed) {
        add(body, closed, -2, 2);
    }

    static {
        // every differentiable Math function, of an inner linear function so the chain rule shows
        add("return d(Math.sin(0.7 * x + t), x);", (x, t) -> 0.7 * Math.cos(0.7 * x + t));
        add("return d(Math.cos(0.7 * x + t), x);", (x, t) -> -0.7 * Math.sin(0.7 * x + t));
        add("return d(Math.tan(0.5 * x), x);", (x, t) -> 0.5 / (Math.cos(0.5 * x) * Math.cos(0.5 * x)));
        add("return d(Math.asin(0.4 * x), x);", (x, t) -> 0.4 / Math.sqrt(1 - 0.16 * x * x));
        add("return d(Math.acos(0.4 * x), x);", (x, t) -> -0.4 / Math.sqrt(1 - 0.16 * x * x));
        add("return d(Math.atan(2 * x), x);", (x, t) -> 2 / (1 + 4 * x * x));
        add("return d(Math.atan2(x, 1.5 + t), x) + d(Math.atan2(1.5 + t, x), t);",
                (x, t) -> (1.5 + t) / (x * x + (1.5 + t) * (1.5 + t)) + x / (x * x + (1.5 + t) * (1.5 + t)));
        add("return d(Math.sinh(x), x) + d(Math.cosh(x), x) + d(Math.tanh(x), x);",
                (x, t) -> Math.cosh(x) + Math.sinh(x) + 1 - Math.tanh(x) * Math.tanh(x));
        add("return d(Math.exp(-x * x), x) + d(Math.expm1(x), x);", (x, t) -> -2 * x * Math.exp(-x * x) + Math.exp(x));
        add("return d(Math.log(x), x) + d(Math.log10(x), x) + d(Math.log1p(x), x);",
                (x, t) -> 1 / x + 1 / (x * Math.log(10)) + 1 / (1 + x), 0.1, 3);
        add("return d(Math.sqrt(x), x) + d(Math.cbrt(x), x);",
                (x, t) -> 0.5 / Math.sqrt(x) + 1 / (3 * Math.cbrt(x) * Math.cbrt(x)), 0.1, 3);
        add("return d(Math.pow(x, 2.5), x) + d(Math.pow(1.7, x), x) + d(Math.pow(x, x), x);",
                (x, t) -> 2.5 * Math.pow(x, 1.5) + Math.pow(1.7, x) * Math.log(1.7) + Math.pow(x, x) * (Math.log(x) + 1), 0.1, 3);
        add("return d(Math.pow(x, 2), x);", (x, t) -> 2 * x); // at negative x too: the exponent is constant
        add("return d(Math.hypot(x, 2 + t), x);", (x, t) -> x / Math.hypot(x, 2 + t));
        add("return d(Math.floor(x) + Math.ceil(x) + Math.rint(x) + Math.signum(x) + Math.round(x), x) + d(x, x);",
                (x, t) -> 1, (x, t) -> away(x, 0.5, 0));
        add("return d(Math.IEEEremainder(x, 0.3), x);", (x, t) -> 1, (x, t) -> away(x, 0.3, 0.15));
        add("return d(Math.toRadians(x), x) + d(Math.toDegrees(x), x);", (x, t) -> Math.PI / 180 + 180 / Math.PI);
        add("return d(Math.fma(x, x, t * x), x);", (x, t) -> 2 * x + t);
        add("return d(Math.copySign(x, t), x) + d(Math.abs(x), x);", (x, t) -> Math.signum(x) * Math.signum(t) + Math.signum(x),
                (x, t) -> Math.abs(x) > 0.01);
        add("return d(Math.min(x, 0.5) + Math.max(x, t), x);", (x, t) -> (x <= 0.5 ? 1 : 0) + (x >= t ? 1 : 0),
                (x, t) -> Math.abs(x - 0.5) > 0.01 && Math.abs(x - t) > 0.01);
        add("return d(2 * x + (double) (int) (x * 3), x);", (x, t) -> 2, (x, t) -> away(x, 1.0 / 3, 0)); // piecewise constant
        // arithmetic and composition
        add("return d(x * x * x - 2 * x * t, x);", (x, t) -> 3 * x * x - 2 * t);
        add("return d(x / (1 + x * x), x);", (x, t) -> (1 - x * x) / ((1 + x * x) * (1 + x * x)));
        CASES.add(new Case("return d(t / x, x) + d(x % 0.75, x);", (x, t) -> -t / (x * x) + 1, 0.2, 3, (x, t) -> away(x, 0.75, 0)));
        add("return d(Math.sin(Math.exp(x)), x);", (x, t) -> Math.cos(Math.exp(x)) * Math.exp(x));
        add("return d(x > 0 ? x * x : -x, x);", (x, t) -> x > 0 ? 2 * x : -1, (x, t) -> Math.abs(x) > 0.01);
        // locals, branches, loops, helpers
        add("double u; if (x > t) { u = x * x; } else { u = Math.sin(x); } u = u * t; return d(u, x);",
                (x, t) -> (x > t ? 2 * x : Math.cos(x)) * t, (x, t) -> Math.abs(x - t) > 0.01);
        add("double s = 0; for (int k = 1; k <= 5; k++) { s += Math.pow(x, k) / k; } return d(s, x);",
                (x, t) -> 1 + x + x * x + x * x * x + x * x * x * x);
        add("double p = 1; int k = 0; while (k < 3) { p = p * (x + k); k++; } return d(p, x);",
                (x, t) -> (x + 1) * (x + 2) + x * (x + 2) + x * (x + 1));
        add("return d(cube(x) + scaled(x, t), x);", (x, t) -> 3 * x * x + 2 * t * Math.cos(2 * x));
        add("return d(cube(cube(x)), x);", (x, t) -> 9 * Math.pow(x, 8));
        // second and mixed derivatives
        add("double u = Math.sin(x * x); return d(d(u, x), x);",
                (x, t) -> 2 * Math.cos(x * x) - 4 * x * x * Math.sin(x * x));
        add("double u = Math.sin(Math.PI * x) * Math.exp(-t * t); return d(u, t) - 0.05 * d(d(u, x), x);",
                (x, t) -> -2 * t * Math.sin(Math.PI * x) * Math.exp(-t * t)
                        + 0.05 * Math.PI * Math.PI * Math.sin(Math.PI * x) * Math.exp(-t * t));
        add("double u = Math.sin(x) * Math.exp(2 * t); double ux = d(u, x); return d(ux, t) + d(ux, x);",
                (x, t) -> 2 * Math.cos(x) * Math.exp(2 * t) - Math.sin(x) * Math.exp(2 * t));
        add("return d(d(cube(x) * t, x), x);", (x, t) -> 6 * x * t);
        add("double u = Math.tanh(x * t); return d(d(u, x), t);",
                (x, t) -> {
                    double th = Math.tanh(x * t);
                    return (1 - th * th) - 2 * x * t * th * (1 - th * th);
                });
    }

    static String kernels() {
        StringBuilder src = new StringBuilder("""
                @Device static double cube(double a) { double b = a * a; return b * a; }
                @Device static double scaled(double a, double s) { if (s > 10) { return 0; } return s * Math.sin(2 * a); }
                """);
        for (int i = 0; i < CASES.size(); i++) {
            src.append("@Pointwise static double k").append(i).append("(double x, double t) {\n    ")
                    .append(CASES.get(i).body()).append("\n}\n");
        }
        return src.toString();
    }

    private Class<?> kernels;
    private Class<?> launchers;
    private Compilation compilation;

    @BeforeAll
    void compile() throws Exception {
        Compilation c = Compiler.compile(Compiler.kernelClass("import static dev.gridforge.Derivatives.d;\n", kernels()));
        compilation = c;
        if (!c.errors().isEmpty()) {
            fail(c.errors() + "\n" + kernels());
        }
        ClassLoader loader = Compiler.loader(c);
        kernels = loader.loadClass("test.K");
        launchers = loader.loadClass("test.KKernels");
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void everyDerivativeEqualsItsClosedForm(Backend backend) throws Exception {
        Launchers.needs(backend);
        assertCases(backend);
    }

    @Test
    @Tag("gpu")
    void everyDerivativeOnTheGpu() throws Exception {
        assertCases(Backend.CUDA);
    }

    private void assertCases(Backend backend) throws Exception {
        Object on = Launchers.on(launchers, backend);
        Object jvm = Launchers.on(launchers, Backend.JVM);
        Random random = new Random(1001);
        int n = 64;
        for (int i = 0; i < CASES.size(); i++) {
            Case c = CASES.get(i);
            double[] x = new double[n];
            double[] t = new double[n];
            for (int p = 0; p < n; p++) {
                x[p] = c.lo() + (c.hi() - c.lo()) * random.nextDouble();
                t[p] = 2 * random.nextDouble() - 1;
            }
            Class<?>[] types = {DoubleField.class, DoubleField.class};
            double[] got = call(on, "k" + i, types, x, t);
            double[] reference = backend == Backend.JVM ? got : call(jvm, "k" + i, types, x, t);
            Method method = kernels.getDeclaredMethod("k" + i, double.class, double.class);
            method.setAccessible(true);
            for (int p = 0; p < n; p++) {
                String where = "k" + i + " {" + c.body() + "} at x = " + x[p] + ", t = " + t[p] + " on " + backend;
                close(c.closed().at(x[p], t[p]), got[p], 1e-10, where + ", against the closed form");
                close(reference[p], got[p], 1e-12, where + ", against the JVM backend");
                if (backend == Backend.JVM && c.smooth().at(x[p], t[p])) {
                    double fd = Derivatives.byFiniteDifferences(args -> invoke(method, args[0], args[1]), x[p], t[p]);
                    close(fd, got[p], 1e-6, where + ", against the method under finite differences");
                }
            }
        }
    }

    /**
     * The heat residual is one formula: the tangents no derivative reads are gone, and sin(pi x) and
     * exp(-t^2), which the derivatives repeat, are each computed once.
     */
    @Test
    void theHeatResidualIsComputedOnceWithoutUnusedTangents() {
        int heat = -1;
        for (int i = 0; i < CASES.size(); i++) {
            if (CASES.get(i).body().contains("0.05 * d(d(u, x), x)")) {
                heat = i;
            }
        }
        String cu = Compiler.resource(compilation, "test", "KKernels.k" + heat + ".cu");
        String point = cu.substring(cu.indexOf("gf_point_k" + heat + "("), cu.indexOf("extern \"C\""));
        assertTrue(point.split("sin\\(", -1).length == 2 && point.split("exp\\(", -1).length == 2, point);
        assertTrue(!point.contains("gf_d3_gf_d2_gf_d1_u") && !point.contains("cos("), point);
    }

    private static double invoke(Method m, double x, double t) {
        try {
            return (double) m.invoke(null, x, t);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[] call(Object on, String kernel, Class<?>[] types, double[] x, double[] t) {
        try (DoubleField r = (DoubleField) Launchers.call(on, kernel, types, DoubleField.of(x, x.length),
                DoubleField.of(t, t.length))) {
            return r.toArray();
        }
    }

    private static void close(double expected, double actual, double relative, String what) {
        double bound = relative * Math.max(1, Math.abs(expected));
        assertTrue(Math.abs(expected - actual) <= bound, what + ": expected " + expected + ", got " + actual
                + " (difference " + Math.abs(expected - actual) + ", bound " + bound + ")");
    }
}
