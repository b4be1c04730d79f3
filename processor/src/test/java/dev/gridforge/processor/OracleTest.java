package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.FloatField;
import dev.gridforge.runtime.IntField;
import dev.gridforge.runtime.LongField;
import dev.gridforge.runtime.sim.CudaSimulator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The annotated method is the oracle. Random kernels over every operator and library function
 * are compiled with the processor; on random inputs (negatives, zeros, infinities, NaN,
 * extremes) the JVM backend must return exactly what calling the method returns, element by
 * element. The CUDA C of the same kernels, run by the CPU simulator, must agree with the JVM
 * backend exactly; kernels built from transcendental functions (joined by + and * only, so
 * nothing amplifies a last-ulp difference) must agree within 1e-12 relative at every point.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OracleTest {
    private static final int KERNELS = 40;
    private static final int POINTS = 257;
    /** CUDA's double transcendentals are within 2 ulp; a chain of them within a few more. */
    static final double TRANSCENDENTAL_TOLERANCE = 1e-12;

    private final List<String> names = new ArrayList<>();
    private final List<Boolean> approximate = new ArrayList<>();
    private Class<?> kernels;
    private Class<?> launchers;
    private final Random random = new Random(20261123);
    private final int[] a = new int[POINTS];
    private final long[] b = new long[POINTS];
    private final float[] c = new float[POINTS];
    private final double[] d = new double[POINTS];
    private final int m = 7;
    private final double k = -1.25;

    @BeforeAll
    void compileRandomKernels() throws Exception {
        RandomKernels gen = new RandomKernels(42);
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < KERNELS; i++) {
            String name = "k" + i;
            members.append(i % 4 == 3 ? gen.transcendentalKernel(name) : gen.kernel(name)).append('\n');
            names.add(name);
            approximate.add(gen.approximate);
        }
        Compilation c = Compiler.compile(Compiler.kernelClass(members.toString()));
        if (!c.errors().isEmpty()) {
            fail("random kernels did not compile: " + c.errors() + "\n" + members);
        }
        ClassLoader loader = Compiler.loader(c);
        kernels = loader.loadClass("test.K");
        launchers = loader.loadClass("test.KKernels");
        fillInputs();
    }

    private void fillInputs() {
        int[] specialInts = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 31, 32, -33};
        long[] specialLongs = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 63, 64, Integer.MIN_VALUE};
        float[] specialFloats = {0f, -0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                Float.MIN_VALUE, Float.MAX_VALUE, 0.5f, -0.5f, 2.5f};
        double[] specialDoubles = {0, -0.0, 1, -1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.MIN_VALUE, Double.MAX_VALUE, 0.49999999999999994, -0.5, 1e300};
        for (int i = 0; i < POINTS; i++) {
            boolean special = random.nextInt(4) == 0;
            a[i] = special ? specialInts[random.nextInt(specialInts.length)] : random.nextInt(2001) - 1000;
            b[i] = special ? specialLongs[random.nextInt(specialLongs.length)] : random.nextLong() >> random.nextInt(64);
            c[i] = special ? specialFloats[random.nextInt(specialFloats.length)] : (float) (random.nextGaussian() * 100);
            d[i] = special ? specialDoubles[random.nextInt(specialDoubles.length)] : random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3);
        }
    }

    @Test
    void jvmBackendEqualsTheAnnotatedMethodBitForBit() throws Exception {
        for (String name : names) {
            Object result = toArray(launch(Backend.JVM, name));
            Method oracle = kernels.getDeclaredMethod(name, int.class, long.class, float.class, double.class, int.class, double.class);
            oracle.setAccessible(true);
            for (int i = 0; i < POINTS; i++) {
                Object expected = oracle.invoke(null, a[i], b[i], c[i], d[i], m, k);
                Object actual = java.lang.reflect.Array.get(result, i);
                assertEquals(bits(expected), bits(actual), () -> name + " differs from the method at a point: expected "
                        + expected + ", the JVM backend gave " + actual + "\n" + cudaSource(name));
            }
        }
    }

    @Test
    void simulatedCudaAgreesWithTheJvmBackend() throws Exception {
        Assumptions.assumeTrue(CudaSimulator.isAvailable(), "skipped: no C++ compiler for the CUDA simulator (g++)");
        assertAgreesWithTheJvmBackend(Backend.CUDA_SIM);
    }

    /** The same comparison on the GPU: run with -Dgridforge.gpuTests=true on a machine with one. */
    @Test
    @Tag("gpu")
    void cudaAgreesWithTheJvmBackend() throws Exception {
        assertAgreesWithTheJvmBackend(Backend.CUDA);
    }

    private void assertAgreesWithTheJvmBackend(Backend device) throws Exception {
        int exact = 0;
        int finite = 0;
        int approximatePoints = 0;
        for (int n = 0; n < names.size(); n++) {
            String name = names.get(n);
            Object jvm = toArray(launch(Backend.JVM, name));
            Object sim = toArray(launch(device, name));
            int far = 0;
            for (int i = 0; i < POINTS; i++) {
                Object x = java.lang.reflect.Array.get(jvm, i);
                Object y = java.lang.reflect.Array.get(sim, i);
                if (approximate.get(n)) {
                    far += close(x, y) ? 0 : 1;
                    approximatePoints++;
                    finite += Double.isFinite(((Number) x).doubleValue()) ? 1 : 0;
                } else {
                    final int at = i;
                    assertEquals(bits(x), bits(y), () -> name + " at " + at + ": JVM " + x + ", CUDA C " + y + " (inputs a="
                            + a[at] + " b=" + b[at] + " c=" + c[at] + " d=" + d[at] + ")\n" + cudaSource(name));
                }
            }
            assertEquals(0, far, name + ": " + far + " of " + POINTS + " points differ by more than "
                    + TRANSCENDENTAL_TOLERANCE + " relative\n" + cudaSource(name));
            exact += approximate.get(n) ? 0 : 1;
        }
        assertTrue(exact >= KERNELS / 2, "enough kernels are compared bit for bit: " + exact);
        assertTrue(finite >= approximatePoints / 2, "transcendental kernels mostly compute finite values, not NaN: "
                + finite + " of " + approximatePoints);
    }

    private static boolean close(Object x, Object y) {
        if (bits(x) == bits(y)) {
            return true;
        }
        if (x instanceof Integer || x instanceof Long) {
            return false;
        }
        double p = ((Number) x).doubleValue();
        double q = ((Number) y).doubleValue();
        double tol = x instanceof Float ? 1e-5 : TRANSCENDENTAL_TOLERANCE;
        return Math.abs(p - q) <= tol * Math.max(Math.abs(p), Math.abs(q)) || Math.abs(p - q) < Double.MIN_NORMAL;
    }

    private Field launch(Backend backend, String name) throws Exception {
        Object launcher = launchers.getMethod("on", Backend.class).invoke(null, backend);
        Method m = launcher.getClass().getMethod(name, IntField.class, LongField.class, FloatField.class, DoubleField.class,
                int.class, double.class);
        try {
            return (Field) m.invoke(launcher, IntField.of(a.clone(), POINTS), LongField.of(b.clone(), POINTS),
                    FloatField.of(c.clone(), POINTS), DoubleField.of(d.clone(), POINTS), this.m, this.k);
        } catch (InvocationTargetException e) {
            throw new AssertionError(name + " failed on " + backend + ": " + e.getCause() + "\n" + cudaSource(name), e.getCause());
        }
    }

    private String cudaSource(String name) {
        try {
            return (String) launchers.getMethod("cudaSource", String.class).invoke(null, name);
        } catch (ReflectiveOperationException e) {
            return "(no source: " + e + ")";
        }
    }

    private static Object toArray(Field f) {
        try (f) {
            if (f instanceof DoubleField x) {
                return x.toArray();
            } else if (f instanceof FloatField x) {
                return x.toArray();
            } else if (f instanceof IntField x) {
                return x.toArray();
            }
            return ((LongField) f).toArray();
        }
    }

    /** Values compared bit for bit, with every NaN equal to every other (Java does not fix NaN payloads). */
    static long bits(Object v) {
        if (v instanceof Double x) {
            return Double.doubleToLongBits(x);
        } else if (v instanceof Float x) {
            return Float.floatToIntBits(x);
        }
        return ((Number) v).longValue();
    }
}
