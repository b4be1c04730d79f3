package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.gridforge.Array1;
import dev.gridforge.Boundary;
import dev.gridforge.Grid1;
import dev.gridforge.Out;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Field;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A stencil's halo is found wherever its grid reads stand: one kernel per statement and
 * expression kind, each reading the grid off the point only there. Were a read missed, the
 * kernel would get no edge path and read outside the grid at the edges (the JVM throws, the
 * simulator stops) instead of following CLAMP. Each kernel against its method, bit for bit, on
 * grids shorter and longer than its reach.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GridReadsEverywhereTest {
    private static final String KERNELS = """
            // statements
            @Stencil(boundary = Boundary.CLAMP)
            static double viaLocalArrayStore(Grid1 u, double x, Array1 a) { double[] t = new double[1]; t[0] = u.at(1); return t[0]; }
            @Stencil(boundary = Boundary.CLAMP)
            static double viaLocalArrayIndex(Grid1 u, double x, Array1 a) {
                double[] t = new double[3];
                t[(int) Math.abs(u.at(2) * 10) % 3] = 1;
                return t[0] + 2 * t[1] + 4 * t[2];
            }
            @Stencil(boundary = Boundary.CLAMP)
            static double viaDeclare(Grid1 u, double x, Array1 a) { double s = u.at(-1); return s; }
            @Stencil(boundary = Boundary.CLAMP)
            static double viaAssign(Grid1 u, double x, Array1 a) { double s = 0; s = u.at(-2); return s; }
            @Stencil(boundary = Boundary.CLAMP)
            static double viaIf(Grid1 u, double x, Array1 a) { if (u.at(3) > 0) { return 1; } return 2; }
            @Stencil(boundary = Boundary.CLAMP)
            static double viaWhile(Grid1 u, double x, Array1 a) { int n = 0; while (n < 3 && u.at(-1) > n - 2) { n++; } return n; }
            @Stencil(boundary = Boundary.CLAMP)
            static double viaDoWhile(Grid1 u, double x, Array1 a) { int n = 0; do { n++; } while (n < 3 && u.at(2) > 0); return n; }
            @Stencil(boundary = Boundary.CLAMP)
            static double viaForInit(Grid1 u, double x, Array1 a) {
                double s;
                int k;
                for (s = u.at(1), k = 0; k < 2; k++) { s *= 2; }
                return s;
            }
            @Stencil(boundary = Boundary.CLAMP)
            static double viaForCondition(Grid1 u, double x, Array1 a) { int k = 0; for (; k < 4 && u.at(-3) > k * 0.25; k++) { } return k; }
            @Stencil(boundary = Boundary.CLAMP)
            static double viaForUpdate(Grid1 u, double x, Array1 a) { double s = 0; for (int k = 0; k < 2; k++, s += u.at(2)) { } return s; }
            @Stencil(boundary = Boundary.CLAMP)
            static double viaNestedBlock(Grid1 u, double x, Array1 a) { double s = 1; { s = u.at(-2) * s; } return s; }
            @Stencil(boundary = Boundary.CLAMP)
            static void viaOut(Grid1 u, double x, Array1 a, Out r) { r.set(u.at(-1)); }
            // expressions
            @Stencil(boundary = Boundary.CLAMP)
            static double viaUnary(Grid1 u, double x, Array1 a) { return -u.at(1); }
            @Stencil(boundary = Boundary.CLAMP)
            static double viaCast(Grid1 u, double x, Array1 a) { return (float) u.at(-2); }
            @Stencil(boundary = Boundary.CLAMP)
            static double viaConditional(Grid1 u, double x, Array1 a) { return x > 0 ? u.at(1) : u.at(-1); }
            @Stencil(boundary = Boundary.CLAMP)
            static double viaCondition(Grid1 u, double x, Array1 a) { return u.at(2) > 0 ? x : -x; }
            @Stencil(boundary = Boundary.CLAMP)
            static double viaMath(Grid1 u, double x, Array1 a) { return Math.sqrt(Math.abs(u.at(3))); }
            @Device static double twice(double v) { return 2 * v; }
            @Stencil(boundary = Boundary.CLAMP)
            static double viaHelper(Grid1 u, double x, Array1 a) { return twice(u.at(-3)); }
            @Stencil(boundary = Boundary.CLAMP)
            static double viaArrayIndex(Grid1 u, double x, Array1 a) { return a.get((int) Math.abs(u.at(1) * 7) % a.extent(0)); }
            @Stencil(boundary = Boundary.CLAMP)
            static double viaElementIndex(Grid1 u, double x, Array1 a) {
                double[] t = new double[4];
                t[2] = 5;
                return t[(int) Math.abs(u.at(-1) * 10) % 4];
            }
            @Stencil(boundary = Boundary.CLAMP)
            static double viaDerivative(Grid1 u, double x, Array1 a) { return d(u.at(2) * x * x, x); }
            """;
    private static final List<String> RETURNING = List.of("viaLocalArrayStore", "viaLocalArrayIndex", "viaDeclare", "viaAssign",
            "viaIf", "viaWhile", "viaDoWhile", "viaForInit", "viaForCondition", "viaForUpdate", "viaNestedBlock", "viaUnary",
            "viaCast", "viaConditional", "viaCondition", "viaMath", "viaHelper", "viaArrayIndex", "viaElementIndex",
            "viaDerivative");

    private Class<?> kernels;
    private Class<?> launchers;
    private final Random random = new Random(20261202);

    @BeforeAll
    void compile() throws Exception {
        Compilation c = Compiler.compile(Compiler.kernelClass("import static dev.gridforge.Derivatives.d;\n", KERNELS));
        if (!c.errors().isEmpty()) {
            fail(c.errors().toString());
        }
        ClassLoader loader = Compiler.loader(c);
        kernels = loader.loadClass("test.K");
        launchers = loader.loadClass("test.KKernels");
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void everyKernelFollowsItsBoundaryWhereverItReads(Backend backend) throws Throwable {
        Launchers.needs(backend);
        assertAll(backend);
    }

    @Test
    @Tag("gpu")
    void onTheGpu() throws Throwable {
        assertAll(Backend.CUDA);
    }

    private void assertAll(Backend backend) throws Throwable {
        for (int n : new int[] {1, 2, 3, 5, 8}) {
            double[] u = random.doubles(n, -1, 1).toArray();
            double[] x = random.doubles(n, -1, 1).toArray();
            double[] a = random.doubles(5, -1, 1).toArray();
            Object on = Launchers.on(launchers, backend);
            Class<?>[] types = {DoubleField.class, DoubleField.class, DoubleField.class};
            for (String name : RETURNING) {
                double[] got;
                try (Field r = (Field) Launchers.call(on, name, types, DoubleField.of(u, n), DoubleField.of(x, n), DoubleField.of(a, 5))) {
                    got = ((DoubleField) r).toArray();
                }
                Method m = kernels.getDeclaredMethod(name, Grid1.class, double.class, Array1.class);
                m.setAccessible(true);
                for (int i = 0; i < n; i++) {
                    Grid1 grid = Grid1.of(u, n, Boundary.CLAMP, 0).moveTo(i);
                    // d(...) has no value when the method is called directly: its closed form, 2 u x, the same bits
                    double expected = name.equals("viaDerivative") ? 2 * grid.at(2) * x[i]
                            : (double) m.invoke(null, grid, x[i], Array1.of(a, 5));
                    assertSame(name, backend, n, i, expected, got[i]);
                }
            }
            double[] got;
            try (Field r = (Field) Launchers.call(on, "viaOut", types, DoubleField.of(u, n), DoubleField.of(x, n), DoubleField.of(a, 5))) {
                got = ((DoubleField) r).toArray();
            }
            Method m = kernels.getDeclaredMethod("viaOut", Grid1.class, double.class, Array1.class, Out.class);
            m.setAccessible(true);
            for (int i = 0; i < n; i++) {
                Out out = new Out();
                m.invoke(null, Grid1.of(u, n, Boundary.CLAMP, 0).moveTo(i), x[i], Array1.of(a, 5), out);
                assertSame("viaOut", backend, n, i, out.get(), got[i]);
            }
        }
    }

    private static void assertSame(String kernel, Backend backend, int n, int i, double expected, double got) {
        if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(got)) {
            fail(kernel + " on " + n + " points at " + i + ": the method gives " + expected + ", " + backend + " gave " + got);
        }
    }
}
