package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.gridforge.Boundary;
import dev.gridforge.Out;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.FloatField;
import dev.gridforge.runtime.Shape;
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
 * Stencils against their methods. For every boundary rule and 1, 2 and 3 axes, a kernel reads
 * a double grid up to 3 points away (further than the smallest grids are long, so PERIODIC and
 * REFLECT wrap more than once), a float grid with its own {@code @Pad}, and a plain input; on
 * tiny and prime sizes, on random data, the JVM backend must return exactly what the method
 * returns (called at every point with grids of the same boundary rules), and the simulator
 * exactly what the JVM backend returns. The sums use only +, * and exact conversions, in one
 * order, so every backend rounds the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StencilOracleTest {

    /** Offsets read per rank: on the point, along each axis both ways, diagonals, and 3 away. */
    private static final int[][][] OFFSETS = {
        {{0}, {1}, {-1}, {3}, {-2}},
        {{0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, -1}, {2, -3}, {-3, 1}, {1, 1}},
        {{0, 0, 0}, {1, 0, 0}, {0, -1, 0}, {0, 0, 1}, {-2, 1, -3}, {3, -2, 2}, {0, 0, -1}},
    };

    /** Sizes per rank: one point, one long axis, two, primes, and enough for an interior. */
    private static final int[][][] SIZES = {
        {{1}, {2}, {3}, {7}, {13}},
        {{1, 1}, {1, 5}, {5, 1}, {2, 3}, {7, 11}, {13, 2}},
        {{1, 1, 1}, {3, 1, 2}, {2, 2, 2}, {5, 7, 3}, {11, 3, 5}, {8, 9, 7}},
    };

    static final double CONSTANT = 2.5;

    private Class<?> kernels;
    private Class<?> launchers;
    private final Random random = new Random(20261130);

    /** One kernel per rank and rule, named like {@code r2_PERIODIC}. */
    static String kernels() {
        StringBuilder src = new StringBuilder();
        for (int rank = 1; rank <= 3; rank++) {
            for (Boundary b : Boundary.values()) {
                src.append(kernel(rank, b));
            }
        }
        // Two outputs from two grids, PERIODIC (Gray-Scott's shape of update), with helpers.
        src.append("""
                @Device static double lap(double c, double e, double w, double n, double s) { return e + w + n + s - 4 * c; }

                @Stencil(boundary = Boundary.PERIODIC)
                static void pair(Grid2 u, Grid2 v, Out du, Out dv, @Const double f, @Const double k) {
                    double uvv = u.at(0, 0) * v.at(0, 0) * v.at(0, 0);
                    du.set(0.2 * lap(u.at(0, 0), u.at(1, 0), u.at(-1, 0), u.at(0, 1), u.at(0, -1)) - uvv + f * (1 - u.at(0, 0)));
                    if (v.at(0, 0) < 0.1) {
                        return;
                    }
                    dv.set(0.1 * lap(v.at(0, 0), v.at(1, 0), v.at(-1, 0), v.at(0, 1), v.at(0, -1)) + uvv - (f + k) * v.at(0, 0));
                }
                """);
        return src.toString();
    }

    private static String kernel(int rank, Boundary b) {
        String grid = "Grid" + rank;
        String[] index = {"i", "j", "l"};
        StringBuilder body = new StringBuilder("    double s = x * k;\n");
        int weight = 2;
        for (int[] d : OFFSETS[rank - 1]) {
            body.append("    s += u.at(").append(join(d)).append(") * ").append(weight++).append(";\n");
        }
        int[] last = OFFSETS[rank - 1][OFFSETS[rank - 1].length - 1];
        body.append("    s += w.at(").append(join(last)).append(") * 0.5 + w.at(").append(join(new int[rank])).append(");\n");
        StringBuilder params = new StringBuilder(grid + " u, @Pad(value = Boundary.CONSTANT, constant = -1.25) " + grid
                + "f w, double x");
        for (int a = 0; a < rank; a++) {
            params.append(", @Index(").append(a).append(") int ").append(index[a]);
            body.append("    s += ").append(index[a]).append(" * ").append(a + 1).append(";\n");
        }
        params.append(", @Const double k");
        return "@Stencil(boundary = Boundary." + b + ", constant = " + CONSTANT + ")\nstatic double r" + rank + "_" + b + "("
                + params + ") {\n" + body + "    return s;\n}\n\n";
    }

    private static String join(int[] d) {
        List<String> parts = new ArrayList<>();
        for (int v : d) {
            parts.add(Integer.toString(v));
        }
        return String.join(", ", parts);
    }

    @BeforeAll
    void compile() throws Exception {
        Compilation c = Compiler.compile(Compiler.kernelClass(kernels()));
        if (!c.errors().isEmpty()) {
            fail(c.errors() + "\n" + kernels());
        }
        ClassLoader loader = Compiler.loader(c);
        kernels = loader.loadClass("test.K");
        launchers = loader.loadClass("test.KKernels");
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void everyBoundaryOnEveryRankAndSizeEqualsTheMethod(Backend backend) throws Throwable {
        Launchers.needs(backend);
        assertEveryKernel(backend);
    }

    /** The same on the GPU: run with -Dgridforge.gpuTests=true on a machine with one. */
    @Test
    @Tag("gpu")
    void everyBoundaryOnTheGpu() throws Throwable {
        assertEveryKernel(Backend.CUDA);
    }

    private void assertEveryKernel(Backend backend) throws Throwable {
        int checked = 0;
        for (int rank = 1; rank <= 3; rank++) {
            for (Boundary b : Boundary.values()) {
                for (int[] extents : SIZES[rank - 1]) {
                    checked += assertKernel(backend, rank, b, extents);
                }
            }
        }
        assertTrue(checked > 4000, "points checked: " + checked);
        assertPair(backend);
    }

    private int assertKernel(Backend backend, int rank, Boundary b, int[] n) throws Throwable {
        Shape shape = Shape.of(n);
        double[] u = random.doubles(shape.size(), -4, 4).toArray();
        float[] w = new float[shape.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        double[] x = random.doubles(shape.size(), -1, 1).toArray();
        String name = "r" + rank + "_" + b;
        double[] got;
        try (Field result = (Field) call(backend, name, new Class<?>[] {DoubleField.class, FloatField.class, DoubleField.class,
                double.class}, DoubleField.of(u, shape), FloatField.of(w, shape), DoubleField.of(x, shape), 0.75)) {
            got = ((DoubleField) result).toArray();
        }
        Object gu = grid(rank, "", u, n, b, CONSTANT);
        Object gw = grid(rank, "f", w, n, Boundary.CONSTANT, -1.25f);
        List<Class<?>> types = new ArrayList<>(List.of(gu.getClass(), gw.getClass(), double.class));
        for (int a = 0; a < rank; a++) {
            types.add(int.class);
        }
        types.add(double.class);
        Method oracle = kernels.getDeclaredMethod(name, types.toArray(Class<?>[]::new));
        oracle.setAccessible(true);
        Method moveU = gu.getClass().getMethod("moveTo", intTypes(rank));
        Method moveW = gw.getClass().getMethod("moveTo", intTypes(rank));
        int n1 = rank > 1 ? n[1] : 1;
        int n2 = rank > 2 ? n[2] : 1;
        for (int i2 = 0; i2 < n2; i2++) {
            for (int i1 = 0; i1 < n1; i1++) {
                for (int i0 = 0; i0 < n[0]; i0++) {
                    Object[] at = java.util.Arrays.copyOf(new Object[] {i0, i1, i2}, rank);
                    int linear = i0 + n[0] * (i1 + n1 * i2);
                    List<Object> args = new ArrayList<>(List.of(moveU.invoke(gu, at), moveW.invoke(gw, at), x[linear]));
                    args.addAll(List.of(at));
                    args.add(0.75);
                    double expected = (double) oracle.invoke(null, args.toArray());
                    if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(got[linear])) {
                        fail(name + " on " + shape + " at " + java.util.Arrays.toString(at) + ": the method gives " + expected
                                + ", " + backend + " gave " + got[linear]);
                    }
                }
            }
        }
        return shape.size();
    }

    private void assertPair(Backend backend) throws Throwable {
        for (int[] n : new int[][] {{1, 1}, {2, 7}, {17, 9}}) {
            Shape shape = Shape.of(n);
            double[] u = random.doubles(shape.size(), 0, 1).toArray();
            double[] v = random.doubles(shape.size(), 0, 0.3).toArray();
            Object result = call(backend, "pair", new Class<?>[] {DoubleField.class, DoubleField.class, double.class, double.class},
                    DoubleField.of(u, shape), DoubleField.of(v, shape), 0.035, 0.06);
            double[] du = ((DoubleField) result.getClass().getMethod("du").invoke(result)).toArray();
            double[] dv = ((DoubleField) result.getClass().getMethod("dv").invoke(result)).toArray();
            ((AutoCloseable) result).close();
            Object gu = grid(2, "", u, n, Boundary.PERIODIC, 0.0);
            Object gv = grid(2, "", v, n, Boundary.PERIODIC, 0.0);
            Method oracle = kernels.getDeclaredMethod("pair", gu.getClass(), gv.getClass(), Out.class, Out.class,
                    double.class, double.class);
            oracle.setAccessible(true);
            Method move = gu.getClass().getMethod("moveTo", int.class, int.class);
            for (int j = 0; j < n[1]; j++) {
                for (int i = 0; i < n[0]; i++) {
                    Out eu = new Out();
                    Out ev = new Out();
                    oracle.invoke(null, move.invoke(gu, i, j), move.invoke(gv, i, j), eu, ev, 0.035, 0.06);
                    assertEquals(eu.get(), du[i + n[0] * j], "du at " + i + "," + j + " on " + shape);
                    assertEquals(ev.get(), dv[i + n[0] * j], "dv at " + i + "," + j + " on " + shape);
                }
            }
        }
    }

    /** {@code Grid2.of(data, n0, n1, boundary, constant)} and its siblings, by reflection (the test loader's copy). */
    private static Object grid(int rank, String suffix, Object data, int[] n, Boundary b, Object constant) throws Exception {
        Class<?> type = Class.forName("dev.gridforge.Grid" + rank + suffix);
        Class<?> element = suffix.isEmpty() ? double.class : float.class;
        List<Class<?>> types = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        types.add(data.getClass());
        args.add(data);
        for (int a = 0; a < rank; a++) {
            types.add(int.class);
            args.add(n[a]);
        }
        types.add(Boundary.class);
        args.add(b);
        types.add(element);
        args.add(suffix.isEmpty() ? (Object) ((Number) constant).doubleValue() : (Object) ((Number) constant).floatValue());
        return type.getMethod("of", types.toArray(Class<?>[]::new)).invoke(null, args.toArray());
    }

    private static Class<?>[] intTypes(int rank) {
        Class<?>[] t = new Class<?>[rank];
        java.util.Arrays.fill(t, int.class);
        return t;
    }

    private Object call(Backend backend, String kernel, Class<?>[] types, Object... args) {
        return Launchers.call(Launchers.on(launchers, backend), kernel, types, args);
    }
}
