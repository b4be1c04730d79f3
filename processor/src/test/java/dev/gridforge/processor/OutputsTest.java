package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.gridforge.Out;
import dev.gridforge.Outf;
import dev.gridforge.Outi;
import dev.gridforge.Outl;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.FloatField;
import dev.gridforge.runtime.IntField;
import dev.gridforge.runtime.LongField;
import dev.gridforge.runtime.Shape;
import java.lang.reflect.Method;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kernels with several results ({@code Out} parameters) and the {@code ...Into} launchers that
 * write into given fields. The method, called with fresh {@code Out}s at every point, is the
 * oracle: a result not set at a point is zero, the last value set wins, {@code return;} leaves
 * early. Only exactly rounded operations are used, so every backend must agree bit for bit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutputsTest {
    private static final String KERNELS = """
            @Pointwise
            static void polar(double x, double y, Out r, Outf slope, @Const double scale) {
                if (x == 0 && y == 0) {
                    r.set(-0.0);
                    return;
                }
                r.set(Math.sqrt(x * x + y * y) * scale);
                for (int k = 0; k < 3; k++) {
                    if (x > k) {
                        slope.set((float) (y / x) + k);
                        return;
                    }
                }
                r.set(r2(x) - y);
            }

            @Device
            static double r2(double v) { return v * v; }

            @Pointwise
            static void split(@Index(0) int i, @Index(1) int j, long v, Outi lo, Outl hi) {
                lo.set((int) v + i);
                hi.set((v >>> 32) * j - i);
            }

            @Pointwise
            static double scaled(double x, @Const double k) { return x * k; }
            """;

    private Class<?> kernels;
    private Class<?> launchers;
    private final Random random = new Random(20261130);

    @BeforeAll
    void compile() throws Exception {
        Compilation c = Compiler.compile(Compiler.kernelClass(KERNELS));
        assertTrue(c.errors().isEmpty(), c.errors().toString());
        ClassLoader loader = Compiler.loader(c);
        kernels = loader.loadClass("test.K");
        launchers = loader.loadClass("test.KKernels");
    }


    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void severalResultsEqualTheMethodAtEveryPoint(Backend backend) throws Throwable {
        Launchers.needs(backend);
        assertPolar(backend);
        assertSplit(backend);
    }

    @Test
    @Tag("gpu")
    void severalResultsOnTheGpu() throws Throwable {
        assertPolar(Backend.CUDA);
        assertSplit(Backend.CUDA);
    }

    private void assertPolar(Backend backend) throws Throwable {
        int n = 301;
        double[] x = values(n);
        double[] y = values(n);
        x[0] = 0;
        y[0] = 0;
        Object result = call(backend, "polar", new Class<?>[] {DoubleField.class, DoubleField.class, double.class},
                DoubleField.of(x, n), DoubleField.of(y, n), 1.5);
        double[] r;
        float[] slope;
        try (AutoCloseable closeAll = (AutoCloseable) result) {
            r = ((DoubleField) result.getClass().getMethod("r").invoke(result)).toArray();
            slope = ((FloatField) result.getClass().getMethod("slope").invoke(result)).toArray();
        }
        Method oracle = oracle("polar", double.class, double.class, Out.class, Outf.class, double.class);
        for (int i = 0; i < n; i++) {
            Out expectedR = new Out();
            Outf expectedSlope = new Outf();
            oracle.invoke(null, x[i], y[i], expectedR, expectedSlope, 1.5);
            assertEquals(Double.doubleToRawLongBits(expectedR.get()), Double.doubleToRawLongBits(r[i]), "r at " + i);
            assertEquals(Float.floatToRawIntBits(expectedSlope.get()), Float.floatToRawIntBits(slope[i]), "slope at " + i);
        }
    }

    private void assertSplit(Backend backend) throws Throwable {
        int nx = 13;
        int ny = 7;
        long[] v = random.longs(nx * ny).toArray();
        Object result = call(backend, "split", new Class<?>[] {LongField.class}, LongField.of(v, nx, ny));
        int[] lo = ((IntField) result.getClass().getMethod("lo").invoke(result)).toArray();
        long[] hi = ((LongField) result.getClass().getMethod("hi").invoke(result)).toArray();
        Method oracle = oracle("split", int.class, int.class, long.class, Outi.class, Outl.class);
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                Outi expectedLo = new Outi();
                Outl expectedHi = new Outl();
                int at = i + nx * j;
                oracle.invoke(null, i, j, v[at], expectedLo, expectedHi);
                assertEquals(expectedLo.get(), lo[at], "lo at " + i + "," + j);
                assertEquals(expectedHi.get(), hi[at], "hi at " + i + "," + j);
            }
        }
    }

    /** {@code scaledInto} writes a given field, host or device, in place; stale contents do not leak into the result. */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void intoWritesTheGivenFields(Backend backend) throws Throwable {
        Launchers.needs(backend);
        double[] x = values(50);
        double[] target = new double[50];
        java.util.Arrays.fill(target, Double.NaN);
        DoubleField out = DoubleField.of(target, 50);
        call(backend, "scaledInto", new Class<?>[] {DoubleField.class, DoubleField.class, double.class},
                out, DoubleField.of(x, 50), -3.0);
        for (int i = 0; i < 50; i++) {
            assertEquals(x[i] * -3.0, target[i], "the host array itself holds the result, at " + i);
        }
        // several outputs, into fields of which one was itself a device result
        double[] xs = values(9);
        double[] ys = values(9);
        try (DoubleField deviceR = (DoubleField) call(backend, "scaled", new Class<?>[] {DoubleField.class, double.class},
                DoubleField.of(new double[9], 9), 0.0)) {
            FloatField slope = FloatField.of(new float[9], 9);
            call(backend, "polarInto", new Class<?>[] {DoubleField.class, FloatField.class, DoubleField.class, DoubleField.class,
                    double.class}, deviceR, slope, DoubleField.of(xs, 9), DoubleField.of(ys, 9), 2.0);
            double[] r = deviceR.toArray();
            Method oracle = oracle("polar", double.class, double.class, Out.class, Outf.class, double.class);
            for (int i = 0; i < 9; i++) {
                Out expectedR = new Out();
                Outf expectedSlope = new Outf();
                oracle.invoke(null, xs[i], ys[i], expectedR, expectedSlope, 2.0);
                assertEquals(expectedR.get(), r[i], "r at " + i);
                assertEquals(expectedSlope.get(), slope.get(i), "slope at " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void intoRefusesAnOutputThatIsAnInput(Backend backend) {
        Launchers.needs(backend);
        DoubleField x = DoubleField.of(values(4), 4);
        Class<?>[] types = {DoubleField.class, DoubleField.class, double.class};
        Throwable same = assertThrows(IllegalArgumentException.class, () -> call(backend, "scaledInto", types, x, x, 1.0));
        assertTrue(same.getMessage().contains("output 'out' is the same memory as input 'x'"), same.getMessage());
        Throwable shape = assertThrows(IllegalArgumentException.class,
                () -> call(backend, "scaledInto", types, DoubleField.of(new double[5], 5), x, 1.0));
        assertTrue(shape.getMessage().contains("output 'out' has shape 5"), shape.getMessage());
        Throwable pair = assertThrows(IllegalArgumentException.class, () -> {
            DoubleField r = DoubleField.of(new double[4], 4);
            call(backend, "polarInto", new Class<?>[] {DoubleField.class, FloatField.class, DoubleField.class, DoubleField.class,
                    double.class}, r, FloatField.of(new float[4], 4), x, r, 1.0);
        });
        assertTrue(pair.getMessage().contains("output 'r' is the same memory as input 'y'"), pair.getMessage());
    }

    @Test
    void theResultRecordClosesEveryField() throws Throwable {
        Object result = call(Backend.JVM, "split", new Class<?>[] {LongField.class}, LongField.of(new long[6], 3, 2));
        Field lo = (Field) result.getClass().getMethod("lo").invoke(result);
        Field hi = (Field) result.getClass().getMethod("hi").invoke(result);
        assertEquals(Shape.of(3, 2), lo.shape());
        ((AutoCloseable) result).close();
        assertTrue(lo.isClosed() && hi.isClosed());
        assertSame(launchers.getDeclaredClasses()[0].getDeclaringClass(), launchers);
    }

    private double[] values(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextInt(5) == 0 ? random.nextInt(4) - 1 : random.nextGaussian() * 3;
        }
        return a;
    }

    private Method oracle(String name, Class<?>... types) throws NoSuchMethodException {
        Method m = kernels.getDeclaredMethod(name, types);
        m.setAccessible(true);
        return m;
    }

    private Object call(Backend backend, String kernel, Class<?>[] types, Object... args) {
        return Launchers.call(Launchers.on(launchers, backend), kernel, types, args);
    }
}
