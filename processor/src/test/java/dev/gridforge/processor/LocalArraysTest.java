package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.gridforge.Array1;
import dev.gridforge.Array2;
import dev.gridforge.Derivatives;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Local arrays in kernels ({@code double[] h = new double[16];}): a small tanh network with a
 * hidden layer kept in one, evaluated at random points (the JVM backend equal to the method bit
 * for bit, the simulator to the JVM backend within 1e-12, tanh differing in the last bit); the
 * same network's PDE residual through d(...), which gives every local array a tangent array, against
 * the method under finite differences; and a read past the end, which throws on the JVM and is
 * reported at the download on the simulator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalArraysTest {

    static final int HIDDEN = 6;

    static final String KERNELS = """
            static final int H = 6;

            /** u(x, t) of a 2-H-H-1 tanh network: the first hidden layer in a local array. */
            @Device static double unused(double a) { return a; }

            @Pointwise
            static double net(double x, double t, Array2 w1, Array1 b1, Array2 w2, Array1 b2, Array1 w3, @Const double b3) {
                double[] h = new double[H];
                for (int i = 0; i < h.length; i++) {
                    h[i] = Math.tanh(w1.get(0, i) * x + w1.get(1, i) * t + b1.get(i));
                }
                double u = b3;
                for (int j = 0; j < H; j++) {
                    double z = b2.get(j);
                    for (int i = 0; i < H; i++) {
                        z += w2.get(i, j) * h[i];
                    }
                    u += w3.get(j) * Math.tanh(z);
                }
                return u;
            }

            @Pointwise
            static double residual(double x, double t, Array2 w1, Array1 b1, Array2 w2, Array1 b2, Array1 w3,
                                   @Const double b3, @Const double alpha) {
                double[] h = new double[H];
                for (int i = 0; i < h.length; i++) {
                    h[i] = Math.tanh(w1.get(0, i) * x + w1.get(1, i) * t + b1.get(i));
                }
                double u = b3;
                for (int j = 0; j < H; j++) {
                    double z = b2.get(j);
                    for (int i = 0; i < H; i++) {
                        z += w2.get(i, j) * h[i];
                    }
                    u += w3.get(j) * Math.tanh(z);
                }
                return d(u, t) - alpha * d(d(u, x), x);
            }

            /** Prefix sums in place, ++ and compound assignment on elements, an int array. */
            @Pointwise
            static double sums(double x, @Index(0) int k) {
                float[] a = new float[5];
                int[] c = new int[3];
                for (int i = 0; i < 5; i++) {
                    a[i] = (float) (x * i);
                    c[i % 3]++;
                }
                for (int i = 1; i < a.length; i++) {
                    a[i] += a[i - 1];
                }
                c[k % 3] *= 7;
                return a[4] + c[0] * 10 + c[1] * 100 + c[2];
            }

            @Pointwise
            static double past(double x, @Index(0) int i) {
                double[] h = new double[4];
                h[0] = x;
                return h[i];
            }
            """;

    private Class<?> kernels;
    private Class<?> launchers;
    private final Random random = new Random(7);

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

    /** Weights of the 2-6-6-1 network, and views of them. */
    private final double[] w1 = weights(2 * HIDDEN);
    private final double[] b1 = weights(HIDDEN);
    private final double[] w2 = weights(HIDDEN * HIDDEN);
    private final double[] b2 = weights(HIDDEN);
    private final double[] w3 = weights(HIDDEN);

    private double[] weights(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = random.nextGaussian() * 0.8;
        }
        return w;
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void aNetworkAndItsResidualEqualTheMethod(Backend backend) throws Exception {
        Launchers.needs(backend);
        assertNetwork(backend);
    }

    @Test
    @Tag("gpu")
    void localArraysOnTheGpu() throws Exception {
        assertNetwork(Backend.CUDA);
        assertSums(Backend.CUDA);
        assertPast(Backend.CUDA);
    }

    private void assertNetwork(Backend backend) throws Exception {
        int n = 50;
        double[] x = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextDouble() * 2 - 1;
            t[i] = random.nextDouble() * 2 - 1;
        }
        Object on = Launchers.on(launchers, backend);
        Object jvm = Launchers.on(launchers, Backend.JVM);
        Class<?>[] netTypes = {DoubleField.class, DoubleField.class, DoubleField.class, DoubleField.class,
            DoubleField.class, DoubleField.class, DoubleField.class, double.class};
        Object[] netArgs = {field(x), field(t), DoubleField.of(w1, 2, HIDDEN), field(b1), DoubleField.of(w2, HIDDEN, HIDDEN),
            field(b2), field(w3), 0.3};
        double[] net = ((DoubleField) Launchers.call(on, "net", netTypes, netArgs)).toArray();
        double[] netJvm = ((DoubleField) Launchers.call(jvm, "net", netTypes, netArgs)).toArray();
        Class<?>[] resTypes = java.util.Arrays.copyOf(netTypes, 9);
        resTypes[8] = double.class;
        Object[] resArgs = java.util.Arrays.copyOf(netArgs, 9);
        resArgs[8] = 0.05;
        double[] res = ((DoubleField) Launchers.call(on, "residual", resTypes, resArgs)).toArray();
        double[] resJvm = ((DoubleField) Launchers.call(jvm, "residual", resTypes, resArgs)).toArray();
        Method netMethod = method("net", 8);
        Method resMethod = method("residual", 9);
        Object[] views = {Array2.of(w1, 2, HIDDEN), Array1.of(b1, HIDDEN), Array2.of(w2, HIDDEN, HIDDEN), Array1.of(b2, HIDDEN),
            Array1.of(w3, HIDDEN)};
        for (int p = 0; p < n; p++) {
            double want = (double) netMethod.invoke(null, x[p], t[p], views[0], views[1], views[2], views[3], views[4], 0.3);
            String where = " at x = " + x[p] + ", t = " + t[p] + " on " + backend;
            assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(netJvm[p]), "net on the JVM" + where);
            assertEquals(netJvm[p], net[p], 1e-12 * Math.max(1, Math.abs(netJvm[p])), "net" + where);
            assertEquals(resJvm[p], res[p], 1e-11 * Math.max(1, Math.abs(resJvm[p])), "residual" + where);
            double fd = Derivatives.byFiniteDifferences(a -> invoke(resMethod, a[0], a[1], views[0], views[1], views[2],
                    views[3], views[4], 0.3, 0.05), x[p], t[p]);
            assertEquals(fd, resJvm[p], 1e-6 * Math.max(1, Math.abs(fd)), "residual against finite differences" + where);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void elementsAreUpdatedAsInJava(Backend backend) throws Exception {
        Launchers.needs(backend);
        assertSums(backend);
    }

    private void assertSums(Backend backend) throws Exception {
        double[] x = {0.5, -1.25, 3, 7.75, 1e-3, 2};
        double[] got = ((DoubleField) Launchers.call(Launchers.on(launchers, backend), "sums",
                new Class<?>[] {DoubleField.class}, field(x))).toArray();
        Method sums = kernels.getDeclaredMethod("sums", double.class, int.class);
        sums.setAccessible(true);
        for (int k = 0; k < x.length; k++) {
            assertEquals(Double.doubleToLongBits((double) sums.invoke(null, x[k], k)), Double.doubleToLongBits(got[k]),
                    "sums at " + k + " on " + backend);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void anIndexPastTheEndThrows(Backend backend) {
        Launchers.needs(backend);
        assertPast(backend);
    }

    private void assertPast(Backend backend) {
        Object on = Launchers.on(launchers, backend);
        double[] x = {1, 2, 3, 4, 5};
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> ((DoubleField) Launchers.call(on, "past", new Class<?>[] {DoubleField.class}, field(x))).toArray());
        assertTrue(e.getMessage().contains("4"), e.getMessage());
        // both backends name the kernel; the device also the array (the JVM's own message gives the length)
        assertTrue(e.getMessage().startsWith("[ArrayBounds] kernel 'past'"), e.getMessage());
        if (backend != Backend.JVM) {
            assertTrue(e.getMessage().contains("kernel 'past' read local array h (double[4]) at index 4"), e.getMessage());
        }
        double[] inside = ((DoubleField) Launchers.call(on, "past", new Class<?>[] {DoubleField.class},
                field(new double[] {9, 8, 7, 6}))).toArray();
        assertEquals(9.0, inside[0]);
        assertEquals(0.0, inside[3]);
    }

    private Method method(String name, int arity) {
        for (Method m : kernels.getDeclaredMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == arity) {
                m.setAccessible(true);
                return m;
            }
        }
        throw new IllegalStateException("no method " + name);
    }

    private static double invoke(Method m, Object... args) {
        try {
            return (double) m.invoke(null, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DoubleField field(double[] a) {
        return DoubleField.of(a, a.length);
    }
}
