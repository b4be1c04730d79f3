package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.gridforge.Array1;
import dev.gridforge.Array1i;
import dev.gridforge.Array2;
import dev.gridforge.Array2f;
import dev.gridforge.Array3f;
import dev.gridforge.Array4f;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.FloatField;
import dev.gridforge.runtime.IntField;
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
 * Array views against their methods: seed 002's shift-and-sum and its pseudo-inverse over
 * (W, H, C, B) float arrays with rank-4 results, a kernel mixing double, float and int arrays,
 * and a plain rank-4 index kernel. On random shapes (one channel, a width below the step, many
 * channels, odd sizes) and random data, the JVM backend must equal the method called at every
 * point bit for bit, and the simulator the JVM backend (float sums in one order, no contraction).
 * Reads outside an array throw on the JVM as in the method, and are reported at the next
 * download on the simulator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArraysOracleTest {

    static final String KERNELS = """
            /** Seed 002's A: channel c of x, times the mask, added at column offset c * step. */
            @Pointwise
            static float shiftSum(@Index(0) int w, @Index(1) int h, @Index(3) int b, Array4f x, Array2f mask,
                                  @Const int step) {
                float acc = 0;
                for (int c = 0; c < x.extent(2); c++) {
                    int src = w - c * step;
                    if (src >= 0 && src < x.extent(0)) {
                        acc += x.get(src, h, c, b) * mask.get(src, h);
                    }
                }
                return acc;
            }

            /** Seed 002's A_pinv: y divided by how many channels cover the column, taken back to channel c, over the mask. */
            @Pointwise
            static float shiftPinv(@Index(0) int w, @Index(1) int h, @Index(2) int c, @Index(3) int b,
                                   @Extent(0) int width, @Extent(2) int channels, Array4f y, Array2f mask, @Const int step) {
                int col = w + c * step;
                int cover = 0;
                for (int k = 0; k < channels; k++) {
                    int src = col - k * step;
                    if (src >= 0 && src < width) {
                        cover++;
                    }
                }
                return y.get(col, h, 0, b) / cover / mask.get(w, h);
            }

            /** double, float and int arrays together; float arithmetic stays float. */
            @Pointwise
            static double mixed(@Index(0) int i, @Index(1) int j, Array2 a, Array1i idx, Array3f f, @Const double s) {
                int k = idx.get(i % idx.extent(0));
                double v = a.get(i, j) * s + f.get(k % f.extent(0), j % f.extent(1), f.extent(2) - 1);
                float g = f.get(0, 0, 0) * 2.5f + (float) k;
                return v + g + i * j;
            }

            @Pointwise
            static double place(@Index(0) int a, @Index(1) int b, @Index(2) int c, @Index(3) int d, @Extent(3) int nd) {
                return a + 10 * b + 100 * c + 1000 * d + 0.5 * nd;
            }

            @Pointwise
            static double past(@Index(0) int i, Array1 a) {
                return a.get(i + 1);
            }
            """;

    private Class<?> kernels;
    private Class<?> launchers;
    private final Random random = new Random(2026_11_30);

    @BeforeAll
    void compile() throws Exception {
        Compilation c = Compiler.compile(Compiler.kernelClass(KERNELS));
        if (!c.errors().isEmpty()) {
            fail(c.errors().toString());
        }
        ClassLoader loader = Compiler.loader(c);
        kernels = loader.loadClass("test.K");
        launchers = loader.loadClass("test.KKernels");
    }

    /** (B, C, H, W, S): one channel, a width below the step, many channels, odd sizes, a zero step. */
    private static final int[][] SHIFT_CASES = {
        {1, 1, 1, 1, 2}, {2, 1, 3, 5, 2}, {1, 4, 2, 1, 3}, {3, 3, 2, 2, 5}, {2, 40, 3, 7, 1}, {1, 7, 5, 9, 0},
        {3, 5, 7, 11, 2}, {2, 28, 4, 13, 2},
    };

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void shiftSumAndItsPseudoInverseEqualTheMethods(Backend backend) throws Exception {
        Launchers.needs(backend);
        assertShiftSum(backend);
    }

    /** The same on the GPU, and there a read outside comes back through atomicMin on device memory. */
    @Test
    @Tag("gpu")
    void everyArrayKernelOnTheGpu() throws Exception {
        assertShiftSum(Backend.CUDA);
        assertMixed(Backend.CUDA);
        assertPlacement(Backend.CUDA);
        assertReadOutside(Backend.CUDA);
    }

    private void assertShiftSum(Backend backend) throws Exception {
        Object on = Launchers.on(launchers, backend);
        Object jvm = Launchers.on(launchers, Backend.JVM);
        for (int[] sc : SHIFT_CASES) {
            int nb = sc[0];
            int nc = sc[1];
            int nh = sc[2];
            int nw = sc[3];
            int step = sc[4];
            int wide = nw + (nc - 1) * step;
            float[] x = randomFloats(nw * nh * nc * nb);
            float[] mask = randomFloats(nw * nh);
            for (int i = 0; i < mask.length; i++) {
                mask[i] += 0.25f; // the pseudo-inverse divides by it
            }
            String what = "B " + nb + " C " + nc + " H " + nh + " W " + nw + " S " + step + " on " + backend;
            float[] y;
            try (FloatField xf = FloatField.of(x, nw, nh, nc, nb); FloatField mf = FloatField.of(mask, nw, nh, 1, 1);
                 FloatField yf = (FloatField) Launchers.call(on, "shiftSum", new Class<?>[] {Shape.class, FloatField.class,
                         FloatField.class, int.class}, Shape.of(wide, nh, 1, nb), xf, mf, step)) {
                y = yf.toArray();
                assertEquals(Shape.of(wide, nh, 1, nb), yf.shape());
            }
            Method shiftSum = kernels.getDeclaredMethod("shiftSum", int.class, int.class, int.class, Array4f.class,
                    Array2f.class, int.class);
            shiftSum.setAccessible(true);
            Array4f xa = Array4f.of(x, nw, nh, nc, nb);
            Array2f ma = Array2f.of(mask, nw, nh);
            float[] expected = new float[y.length];
            for (int b = 0; b < nb; b++) {
                for (int h = 0; h < nh; h++) {
                    for (int w = 0; w < wide; w++) {
                        expected[w + wide * (h + nh * b)] = (float) shiftSum.invoke(null, w, h, b, xa, ma, step);
                    }
                }
            }
            assertBits(expected, y, "shiftSum " + what);

            float[] back;
            try (FloatField yf = FloatField.of(y, wide, nh, 1, nb); FloatField mf = FloatField.of(mask, nw, nh);
                 FloatField xf = (FloatField) Launchers.call(on, "shiftPinv", new Class<?>[] {Shape.class, FloatField.class,
                         FloatField.class, int.class}, Shape.of(nw, nh, nc, nb), yf, mf, step)) {
                back = xf.toArray();
            }
            Method pinv = kernels.getDeclaredMethod("shiftPinv", int.class, int.class, int.class, int.class, int.class,
                    int.class, Array4f.class, Array2f.class, int.class);
            pinv.setAccessible(true);
            Array4f ya = Array4f.of(y, wide, nh, 1, nb);
            float[] expectedBack = new float[back.length];
            for (int b = 0; b < nb; b++) {
                for (int c = 0; c < nc; c++) {
                    for (int h = 0; h < nh; h++) {
                        for (int w = 0; w < nw; w++) {
                            expectedBack[w + nw * (h + nh * (c + nc * b))] =
                                    (float) pinv.invoke(null, w, h, c, b, nw, nc, ya, ma, step);
                        }
                    }
                }
            }
            assertBits(expectedBack, back, "shiftPinv " + what);
            if (backend != Backend.JVM) {
                // the same launch on the JVM, as the standards ask of the simulator and the GPU
                try (FloatField xf = FloatField.of(x, nw, nh, nc, nb); FloatField mf = FloatField.of(mask, nw, nh);
                     FloatField yf = (FloatField) Launchers.call(jvm, "shiftSum", new Class<?>[] {Shape.class,
                             FloatField.class, FloatField.class, int.class}, Shape.of(wide, nh, 1, nb), xf, mf, step)) {
                    assertBits(yf.toArray(), y, "shiftSum against the JVM backend, " + what);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void mixedElementTypesEqualTheMethod(Backend backend) throws Exception {
        Launchers.needs(backend);
        assertMixed(backend);
    }

    private void assertMixed(Backend backend) throws Exception {
        Object on = Launchers.on(launchers, backend);
        Method mixed = kernels.getDeclaredMethod("mixed", int.class, int.class, Array2.class, Array1i.class, Array3f.class,
                double.class);
        mixed.setAccessible(true);
        for (int[] s : new int[][] {{1, 1, 1, 1, 1}, {5, 3, 2, 4, 3}, {17, 9, 7, 2, 1}}) {
            int n0 = s[0];
            int n1 = s[1];
            double[] a = new double[n0 * n1];
            for (int i = 0; i < a.length; i++) {
                a[i] = random.nextGaussian() * 1e3;
            }
            int[] idx = new int[s[2]];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = random.nextInt(1000);
            }
            float[] f = randomFloats(s[3] * s[4] * 2);
            double scale = random.nextDouble() - 0.5;
            double[] got;
            try (DoubleField af = DoubleField.of(a, n0, n1); IntField xf = IntField.of(idx, idx.length);
                 FloatField ff = FloatField.of(f, s[3], s[4], 2)) {
                got = ((DoubleField) Launchers.call(on, "mixed", new Class<?>[] {Shape.class, DoubleField.class,
                        IntField.class, FloatField.class, double.class}, Shape.of(n0, n1), af, xf, ff, scale)).toArray();
            }
            for (int j = 0; j < n1; j++) {
                for (int i = 0; i < n0; i++) {
                    double want = (double) mixed.invoke(null, i, j, Array2.of(a, n0, n1), Array1i.of(idx, idx.length),
                            Array3f.of(f, s[3], s[4], 2), scale);
                    assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got[i + n0 * j]),
                            "mixed at (" + i + ", " + j + ") on " + backend);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void fourAxesPlaceEveryPointAndEmptyLaunchesReturnEmptyFields(Backend backend) {
        Launchers.needs(backend);
        assertPlacement(backend);
    }

    private void assertPlacement(Backend backend) {
        Object on = Launchers.on(launchers, backend);
        for (int[] s : new int[][] {{1, 1, 1, 1}, {3, 2, 4, 5}, {2, 3, 1, 7}, {1, 1, 3, 2}}) {
            double[] got = ((DoubleField) Launchers.call(on, "place", new Class<?>[] {Shape.class}, Shape.of(s))).toArray();
            for (int d = 0; d < s[3]; d++) {
                for (int c = 0; c < s[2]; c++) {
                    for (int b = 0; b < s[1]; b++) {
                        for (int a = 0; a < s[0]; a++) {
                            assertEquals(a + 10 * b + 100 * c + 1000 * d + 0.5 * s[3],
                                    got[a + s[0] * (b + s[1] * (c + s[2] * d))], "point " + a + "," + b + "," + c + "," + d);
                        }
                    }
                }
            }
        }
        DoubleField empty = (DoubleField) Launchers.call(on, "place", new Class<?>[] {Shape.class}, Shape.of(3, 0, 2, 1 << 20));
        assertEquals(0, empty.toArray().length);
        assertEquals(Shape.of(3, 0, 2, 1 << 20), empty.shape());
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void aReadOutsideAnArrayThrowsNamingIt(Backend backend) {
        Launchers.needs(backend);
        assertReadOutside(backend);
    }

    private void assertReadOutside(Backend backend) {
        Object on = Launchers.on(launchers, backend);
        double[] a = {1, 2, 3, 4};
        Class<?>[] types = {Shape.class, DoubleField.class};
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> {
            try (DoubleField r = (DoubleField) Launchers.call(on, "past", types, Shape.of(4), DoubleField.of(a, 4))) {
                r.toArray();
            }
        });
        assertTrue(e.getMessage().contains("4") && e.getMessage().contains("axis 0"), e.getMessage());
        if (backend != Backend.JVM) {
            assertTrue(e.getMessage().contains("[ArrayBounds] kernel 'past' read array a (4)"), e.getMessage());
        } else {
            // the view's own message, with the kernel and the array named
            assertTrue(e.getMessage().startsWith("[ArrayBounds] kernel 'past': index 4 out of bounds for axis 0 of extent 4 of array 'a'"),
                    e.getMessage());
        }
        if (backend != Backend.JVM) {
            // a reduction of the result downloads too, and reports the read the same way
            try (DoubleField r = (DoubleField) Launchers.call(on, "past", types, Shape.of(4), DoubleField.of(a, 4))) {
                IndexOutOfBoundsException sum = assertThrows(IndexOutOfBoundsException.class, r::sum);
                assertTrue(sum.getMessage().contains("kernel 'past'"), sum.getMessage());
            }
        }
        // the report is cleared: a launch that stays inside runs and reads back normally
        try (DoubleField r = (DoubleField) Launchers.call(on, "past", types, Shape.of(3), DoubleField.of(a, 4))) {
            assertEquals(2.0, r.toArray()[0]);
            assertEquals(4.0, r.toArray()[2]);
        }
    }

    @Test
    void badArraysAreRefusedNamingTheParameter() {
        Object on = Launchers.on(launchers, Backend.JVM);
        Class<?>[] types = {Shape.class, DoubleField.class};
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> Launchers.call(on, "past", types, Shape.of(3), DoubleField.of(new double[6], 3, 2)));
        assertTrue(rank.getMessage().contains("array 'a' is 1-dimensional but its field has shape 3 x 2"), rank.getMessage());
        // trailing axes of extent 1 are fine: NumPy's (1, 1, H, W) mask as an Array2
        try (DoubleField r = (DoubleField) Launchers.call(on, "past", types, Shape.of(2), DoubleField.of(new double[3], 3, 1, 1))) {
            assertEquals(2, r.toArray().length);
        }
        NullPointerException missing = assertThrows(NullPointerException.class,
                () -> Launchers.call(on, "past", types, Shape.of(3), null));
        assertTrue(missing.getMessage().contains("array 'a' is null"), missing.getMessage());
        DoubleField closed = DoubleField.of(new double[4], 4);
        closed.close();
        assertThrows(IllegalStateException.class, () -> Launchers.call(on, "past", types, Shape.of(3), closed));
    }

    private float[] randomFloats(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (random.nextDouble() * 4 - 1);
        }
        return a;
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                fail(what + ": element " + i + " is " + actual[i] + ", the method gives " + expected[i]);
            }
        }
    }
}
