package dev.gridforge.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.FloatField;
import dev.gridforge.runtime.IntField;
import dev.gridforge.runtime.KernelCompileException;
import dev.gridforge.runtime.LongField;
import dev.gridforge.runtime.Mesh;
import dev.gridforge.runtime.Shape;
import dev.gridforge.runtime.sim.CudaSimulator;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hand-written kernels through the whole launch path on the CUDA simulator, checked element by element against Java. */
class SimLaunchTest {

    private final Random random = new Random(20261123);

    /** Per test, so each one is reported as skipped, with the reason, when there is no compiler. */
    @BeforeEach
    void needsACompiler() {
        Assumptions.assumeTrue(CudaSimulator.isAvailable(), "no C++ compiler (g++ or c++) on PATH: simulator tests skipped");
    }

    private double[] randomDoubles(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextGaussian() * 100 + 0.5;
        }
        return a;
    }

    @Test
    void rank1() {
        int n = 1000;
        double[] in = randomDoubles(n);
        KernelInfo k = TestKernels.kernel("affine1", 1);
        Launch launch = Launch.overShape(k, Backend.CUDA_SIM, Shape.of(n));
        try (DoubleField out = launch.device().arg(DoubleField.of(in, n)).arg(-3.25).runDouble()) {
            assertTrue(out.isOnDevice());
            assertEquals("DoubleField[1000, cuda-sim]", out.toString());
            double[] got = out.toArray();
            for (int i = 0; i < n; i++) {
                assertEquals(in[i] * 2.0 + i + -3.25, got[i], "i0 = " + i);
            }
        }
    }

    @Test
    void rank2OverAMeshWithGridYCoverage() {
        int n0 = 37;
        int n1 = 91; // more than one block of 8 rows
        int[] in = new int[n0 * n1];
        for (int i = 0; i < in.length; i++) {
            in[i] = random.nextInt(2_000_001) - 1_000_000;
        }
        KernelInfo k = TestKernels.kernel("affine2", 2);
        Launch launch = Launch.overMesh(k, Backend.CUDA_SIM, Mesh.linspace(0, 1, n0, 0, 1, n1));
        IntField input = IntField.of(in, n0, n1);
        launch.input("in", input);
        try (IntField out = launch.device().arg(input).arg(17).arg(-2.75f).runInt()) {
            for (int i1 = 0; i1 < n1; i1++) {
                for (int i0 = 0; i0 < n0; i0++) {
                    int i = i0 + n0 * i1;
                    assertEquals(in[i] * 2 + i0 + 1000 * i1 + 17 + (int) -2.75f, out.get(i0, i1), "at " + i0 + ", " + i1);
                }
            }
        }
    }

    @Test
    void rank3() {
        int n0 = 40;
        int n1 = 6;
        int n2 = 5;
        long[] in = new long[n0 * n1 * n2];
        for (int i = 0; i < in.length; i++) {
            in[i] = random.nextLong() >> 8;
        }
        long big = 1L << 40;
        KernelInfo k = TestKernels.kernel("affine3", 3);
        LongField input = LongField.of(in, n0, n1, n2);
        Launch launch = Launch.overInputs(k, Backend.CUDA_SIM, new String[] {"in"}, new LongField[] {input});
        try (LongField out = launch.device().arg(input).arg(big).runLong()) {
            long[] got = out.toArray();
            for (int i2 = 0; i2 < n2; i2++) {
                for (int i1 = 0; i1 < n1; i1++) {
                    for (int i0 = 0; i0 < n0; i0++) {
                        int i = i0 + n0 * (i1 + n1 * i2);
                        assertEquals(in[i] * 2 + i0 + 1000L * i1 + 1000000L * i2 + big, got[i], "at " + i0 + ", " + i1 + ", " + i2);
                    }
                }
            }
        }
    }

    @Test
    void rankZeroOverA3dShapeAndADeviceResidentInput() {
        Shape shape = Shape.of(7, 5, 3);
        double[] in = randomDoubles(shape.size());
        for (int i = 0; i < in.length; i++) {
            in[i] = Math.abs(in[i]);
        }
        float[] g = new float[shape.size()];
        for (int i = 0; i < g.length; i++) {
            g[i] = random.nextFloat() + 1;
        }
        KernelInfo flat = TestKernels.kernel("flat", 0);
        FloatField gField = FloatField.of(g, shape);
        // The first launch leaves its result on the simulator; the second reads it there, uncopied.
        try (DoubleField first = Launch.overShape(flat, Backend.CUDA_SIM, shape).device()
                .arg(DoubleField.of(in, shape)).arg(gField).runDouble();
             DoubleField out = Launch.overInputs(flat, Backend.CUDA_SIM, new String[] {"in", "g"},
                     new dev.gridforge.runtime.Field[] {first, gField}).device().arg(first).arg(gField).runDouble()) {
            assertTrue(first.isOnDevice());
            double[] got = out.toArray();
            for (int i = 0; i < got.length; i++) {
                double once = Math.sqrt(in[i]) + g[i] + i;
                assertEquals(Math.sqrt(once) + g[i] + i, got[i], "flattened index " + i);
            }
        }
    }

    @Test
    void definedConstantsArePrinted() {
        int n = 300;
        float[] in = new float[n];
        for (int i = 0; i < n; i++) {
            in[i] = random.nextFloat() * 10 - 5;
        }
        KernelInfo k = TestKernels.kernel("scaled", 1);
        try (FloatField out = Launch.overShape(k, Backend.CUDA_SIM, Shape.of(n)).device()
                .define("SCALE", 0.1f).define("SHIFT", -7).arg(FloatField.of(in, n)).runFloat()) {
            float[] got = out.toArray();
            for (int i = 0; i < n; i++) {
                assertEquals(in[i] * 0.1f + -7 - -7 * 2, got[i], "i0 = " + i);
            }
        }
    }

    @Test
    void definedDoublesKeepTheirBits() {
        double[] values = {0.1, -0.0, Double.MIN_VALUE, -Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.longBitsToDouble(0x7ff0000000000123L)};
        DeviceLaunch d = Launch.overShape(TestKernels.kernel("constD", 1), Backend.CUDA_SIM, Shape.of(8)).device();
        for (int i = 0; i < 8; i++) {
            d.define("V" + i, values[i]);
        }
        double[] got = d.runDouble().toArray();
        for (int i = 0; i < 8; i++) {
            assertEquals(Double.doubleToRawLongBits(values[i]), Double.doubleToRawLongBits(got[i]), "V" + i + " = " + values[i]);
        }
    }

    @Test
    void definedFloatsIntsAndLongsKeepTheirBits() {
        float[] floats = {0.1f, -0.0f, Float.MIN_VALUE, -Float.MAX_VALUE, Float.NaN, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, 1e-40f};
        int[] ints = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 42, -42, 1 << 30};
        long[] longs = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40, -(1L << 40), 123456789012345L};
        Shape eight = Shape.of(8);
        DeviceLaunch f = Launch.overShape(TestKernels.kernel("constF", 1), Backend.CUDA_SIM, eight).device();
        DeviceLaunch in = Launch.overShape(TestKernels.kernel("constI", 1), Backend.CUDA_SIM, eight).device();
        DeviceLaunch l = Launch.overShape(TestKernels.kernel("constL", 1), Backend.CUDA_SIM, eight).device();
        for (int i = 0; i < 8; i++) {
            f.define("V" + i, floats[i]);
            in.define("V" + i, ints[i]);
            l.define("V" + i, longs[i]);
        }
        float[] gotF = f.runFloat().toArray();
        for (int i = 0; i < 8; i++) {
            assertEquals(Float.floatToRawIntBits(floats[i]), Float.floatToRawIntBits(gotF[i]), "V" + i + " = " + floats[i]);
        }
        assertEquals(java.util.Arrays.toString(ints), java.util.Arrays.toString(in.runInt().toArray()));
        assertEquals(java.util.Arrays.toString(longs), java.util.Arrays.toString(l.runLong().toArray()));
    }

    @Test
    void aCompileErrorCarriesTheCompilerLog() {
        KernelInfo k = TestKernels.kernel("broken", 1);
        DeviceLaunch d = Launch.overShape(k, Backend.CUDA_SIM, Shape.of(4)).device().define("GF_UNIQUE", 1);
        KernelCompileException e = assertThrows(KernelCompileException.class, d::runDouble);
        assertTrue(e.log().contains("undeclared_thing_42"), e.log());
        assertTrue(e.getMessage().contains("undeclared_thing_42"), e.getMessage());
        assertTrue(e.getMessage().contains("source saved at"), e.getMessage());
        assertTrue(e.source().contains("#define GF_UNIQUE"), e.source());
        assertTrue(e.source().contains("out[0] = undeclared_thing_42"), e.source());
    }

    @Test
    void differentDefinesAreDifferentKernels() {
        KernelInfo k = TestKernels.kernel("scaled", 1);
        FloatField in = FloatField.of(new float[] {1, 2}, 2);
        float a = Launch.overShape(k, Backend.CUDA_SIM, Shape.of(2)).device().define("SCALE", 2f).define("SHIFT", 0)
                .arg(in).runFloat().get(1);
        float b = Launch.overShape(k, Backend.CUDA_SIM, Shape.of(2)).device().define("SCALE", 3f).define("SHIFT", 0)
                .arg(in).runFloat().get(1);
        assertEquals(4f, a);
        assertEquals(6f, b);
        assertNotEquals(a, b);
    }
}
