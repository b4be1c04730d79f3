package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.LongField;
import dev.gridforge.runtime.sim.CudaSimulator;
import java.lang.reflect.Method;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Java lets names coexist that C++ or the generated code would confuse: a local named like a
 * helper, helpers of one name in two classes, C++ keywords, {@code $}, parameters named like the
 * launcher's own fields. Each kernel here must compile and give the method's answer on the JVM
 * and on the CUDA simulator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NamesAndScopesTest {
    static final String OTHER = """
            package test;

            import dev.gridforge.Device;

            public class Other {
                @Device
                static double f(double x) { return x * 100; }
            }
            """;

    static final String IMPORTS = """
            import static java.lang.Math.sqrt;
            import static java.lang.Math.*;
            """;

    static final String KERNELS = """
            @Device static double f(double x) { return x + 1; }
            @Device static double sq(double v) { return v * v; }
            @Device static double max(double a, double b) { return a > b ? a : b; }

            @Pointwise static double first(double x) { return f(x); }
            @Pointwise static double second(double x) { return Other.f(x); }
            @Pointwise static double shadow(double x) {
                double sq = sq(x);
                double noexcept = 2, _under = 3, dollar$ = 4, signed = 5;
                return max(sq, noexcept) + _under + dollar$ + signed + sqrt(abs(x)) + PI;
            }
            @Pointwise static double scale(double x, @Const double SCALE, @Const double backend) { return x * SCALE + backend; }
            @Pointwise static double fooBar(double x) { return x + 1; }
            @Pointwise static double foo_bar(double x) { return x + 2; }
            @Pointwise static long mixed(long a, double x, @Const boolean flag) {
                int b = (int) x;
                return Math.floorMod(a, b == 0 ? 3 : b) + Math.floorDiv(a, b == 0 ? 5 : b) + (flag ? 1000 : 0);
            }
            @Pointwise static double unrolled(double x, @Const(specialize = true) int step) {
                double acc = 0;
                for (int i = 0; i < step * 2; i++) { acc += x * i; }
                return acc;
            }
            """;

    private Compilation compilation;
    private Class<?> kernels;
    private Class<?> launchers;
    private final Random random = new Random(99);

    @BeforeAll
    void compile() throws Exception {
        compilation = Compiler.compile(Compiler.kernelClass(IMPORTS, KERNELS), Compiler.source("test.Other", OTHER));
        assertTrue(compilation.errors().isEmpty(), compilation.errors().toString());
        ClassLoader loader = Compiler.loader(compilation);
        kernels = loader.loadClass("test.K");
        launchers = loader.loadClass("test.KKernels");
    }

    @Test
    void everyKernelGivesTheMethodsAnswerOnTheJvm() throws Exception {
        check(Backend.JVM, false);
    }

    @Test
    void everyKernelGivesTheMethodsAnswerOnTheSimulator() throws Exception {
        Assumptions.assumeTrue(CudaSimulator.isAvailable(), "skipped: no C++ compiler for the CUDA simulator (g++)");
        check(Backend.CUDA_SIM, true);
    }

    @Test
    void aSpecializedConstantStaysACompileTimeConstant() {
        String cu = Compiler.resource(compilation, "test", "KKernels.unrolled.cu");
        assertTrue(cu.contains("gf_point_unrolled(x_[gf_at], GF_CONST_step_)"),
                "the inlined point function gets the compile-time constant:\n" + cu);
        assertFalse(cu.contains("gf_h0"), "step * 2 is not hoisted into a run-time argument:\n" + cu);
    }

    /** The class's helpers are translated once; each kernel's CUDA file carries only those it calls. */
    @Test
    void eachKernelsCudaCarriesOnlyTheHelpersItCalls() {
        String first = Compiler.resource(compilation, "test", "KKernels.first.cu");
        String second = Compiler.resource(compilation, "test", "KKernels.second.cu");
        String shadow = Compiler.resource(compilation, "test", "KKernels.shadow.cu");
        String fooBar = Compiler.resource(compilation, "test", "KKernels.fooBar.cu");
        assertEquals(1, helperDefinitions(first), first);
        assertTrue(first.contains("return x_ + 1"), first);
        assertEquals(1, helperDefinitions(second), second);
        assertTrue(second.contains("x_ * 100") && !second.contains("return x_ + 1"), second);
        assertEquals(2, helperDefinitions(shadow), "sq and max: " + shadow);
        assertEquals(0, helperDefinitions(fooBar), fooBar);
    }

    private static long helperDefinitions(String cu) {
        return cu.lines().filter(l -> l.contains("__device__") && l.contains("gf_fn_")).filter(l -> l.endsWith("{")).count();
    }

    private void check(Backend backend, boolean approximateLibm) throws Exception {
        Object on = launchers.getMethod("on", Backend.class).invoke(null, backend);
        double[] x = random.doubles(50, -20, 20).toArray();
        for (String name : new String[] {"first", "second", "shadow", "fooBar", "foo_bar"}) {
            double[] got = ((DoubleField) on.getClass().getMethod(name, DoubleField.class).invoke(on, DoubleField.of(x.clone(), 50))).toArray();
            Method oracle = kernels.getDeclaredMethod(name, double.class);
            oracle.setAccessible(true);
            for (int i = 0; i < x.length; i++) {
                double expected = (double) oracle.invoke(null, x[i]);
                assertEquals(expected, got[i], approximateLibm ? Math.abs(expected) * 1e-15 : 0, name + " at " + x[i]);
            }
        }
        double[] scaled = ((DoubleField) on.getClass().getMethod("scale", DoubleField.class, double.class, double.class)
                .invoke(on, DoubleField.of(x.clone(), 50), 1.5, -7.0)).toArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i] * 1.5 + -7.0, scaled[i], "scale");
        }
        long[] a = random.longs(50, -1000, 1000).toArray();
        for (boolean flag : new boolean[] {true, false}) {
            long[] mixed = ((LongField) on.getClass().getMethod("mixed", LongField.class, DoubleField.class, boolean.class)
                    .invoke(on, LongField.of(a.clone(), 50), DoubleField.of(x.clone(), 50), flag)).toArray();
            Method oracle = kernels.getDeclaredMethod("mixed", long.class, double.class, boolean.class);
            oracle.setAccessible(true);
            for (int i = 0; i < a.length; i++) {
                assertEquals((long) oracle.invoke(null, a[i], x[i], flag), mixed[i], "mixed at " + a[i] + ", " + x[i] + ", " + flag);
            }
        }
        double[] unrolled = ((DoubleField) on.getClass().getMethod("unrolled", DoubleField.class, int.class)
                .invoke(on, DoubleField.of(x.clone(), 50), 3)).toArray();
        Method oracle = kernels.getDeclaredMethod("unrolled", double.class, int.class);
        oracle.setAccessible(true);
        for (int i = 0; i < x.length; i++) {
            assertEquals((double) oracle.invoke(null, x[i], 3), unrolled[i], "unrolled");
        }
    }
}
