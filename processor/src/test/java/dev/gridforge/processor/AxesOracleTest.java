package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Mesh;
import dev.gridforge.runtime.sim.CudaSimulator;
import dev.gridforge.runtime.spi.DeviceBuffer;
import dev.gridforge.runtime.spi.DeviceKernel;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Index arithmetic, mesh coordinates, extents and input addressing on 1, 2 and 3 axes, on
 * non-square shapes: every backend must put every point's value at the right place. The kernels
 * use only exactly rounded arithmetic, so all backends must agree with the method bit for bit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AxesOracleTest {
    private static final String KERNELS = """
            @Pointwise
            static double plane(@Index(0) int i, @Index(1) int j, @Extent(0) int nx, @Extent(1) int ny, double u, @Const double s) {
                return u * s + i + 1000.0 * j + 1e6 * nx + 1e7 * ny;
            }

            @Pointwise
            static double volume(@Index(0) int i, @Index(1) int j, @Index(2) int l, @Extent(2) int nz, double u) {
                return u + i + 100 * j + 10000 * l + 1e7 * nz;
            }

            @Pointwise
            static double mesh2(@Coord(0) double x, @Coord(1) float y, @Const double scale, @Const(specialize = true) int p) {
                double r = x * x - y;
                for (int q = 0; q < p; q++) {
                    r = r * scale + q;
                }
                return r;
            }

            @Pointwise
            static double line(@Index(0) int i, @Coord(0) double x) {
                return x * 3 - i;
            }
            """;

    private Class<?> kernels;
    private Class<?> launchers;
    private final Random random = new Random(7);

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

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void everyPointLandsWhereTheMethodSaysOnEveryAxis(Backend backend) throws Exception {
        Assumptions.assumeTrue(backend != Backend.CUDA_SIM || CudaSimulator.isAvailable(),
                "skipped: no C++ compiler for the CUDA simulator (g++)");
        assertEveryPointLands(backend);
    }

    /** The same on the GPU: run with -Dgridforge.gpuTests=true on a machine with one. */
    @Test
    @Tag("gpu")
    void everyPointLandsOnTheGpu() throws Exception {
        assertEveryPointLands(Backend.CUDA);
    }

    private void assertEveryPointLands(Backend backend) throws Exception {
        Object on = launchers.getMethod("on", Backend.class).invoke(null, backend);

        int nx = 37;
        int ny = 19;
        double[] u = random.doubles(nx * ny, -5, 5).toArray();
        double[] plane = call(on, "plane", new Class<?>[] {DoubleField.class, double.class},
                DoubleField.of(u.clone(), nx, ny), 0.75);
        Method planeOracle = oracle("plane", int.class, int.class, int.class, int.class, double.class, double.class);
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int at = i + nx * j;
                assertEquals(planeOracle.invoke(null, i, j, nx, ny, u[at], 0.75), plane[at], "plane at " + i + "," + j);
            }
        }

        int nz = 5;
        int nyv = 3;
        int nxv = 11;
        double[] v = random.doubles(nxv * nyv * nz, -5, 5).toArray();
        double[] volume = call(on, "volume", new Class<?>[] {DoubleField.class}, DoubleField.of(v.clone(), nxv, nyv, nz));
        Method volumeOracle = oracle("volume", int.class, int.class, int.class, int.class, double.class);
        for (int l = 0; l < nz; l++) {
            for (int j = 0; j < nyv; j++) {
                for (int i = 0; i < nxv; i++) {
                    int at = i + nxv * (j + nyv * l);
                    assertEquals(volumeOracle.invoke(null, i, j, l, nz, v[at]), volume[at], "volume at " + i + "," + j + "," + l);
                }
            }
        }

        Mesh mesh = Mesh.linspace(-1.5, 2.25, 23, 10, 11, 9);
        double[] m2 = call(on, "mesh2", new Class<?>[] {Mesh.class, double.class, int.class}, mesh, 0.5, 3);
        Method meshOracle = oracle("mesh2", double.class, float.class, double.class, int.class);
        for (int j = 0; j < 9; j++) {
            for (int i = 0; i < 23; i++) {
                assertEquals(meshOracle.invoke(null, mesh.coord(0, i), (float) mesh.coord(1, j), 0.5, 3), m2[i + 23 * j],
                        "mesh2 at " + i + "," + j);
            }
        }

        Mesh line = Mesh.linspace(0, 1, 1001);
        double[] l1 = call(on, "line", new Class<?>[] {Mesh.class}, line);
        Method lineOracle = oracle("line", int.class, double.class);
        for (int i = 0; i < 1001; i++) {
            assertEquals(lineOracle.invoke(null, i, line.coord(0, i)), l1[i], "line at " + i);
        }
    }

    /**
     * The generated entry computes only the band {@code [lo, hi)} of its outermost axis that a launch
     * asks for (the runtime cuts large launches into bands): launched directly on the simulator with a
     * band of z, the points in it are the method's and every other point keeps what was there.
     */
    @Test
    void aBandOfTheOutermostAxisWritesOnlyItsPoints() throws Exception {
        Assumptions.assumeTrue(CudaSimulator.isAvailable(), "skipped: no C++ compiler for the CUDA simulator (g++)");
        CudaSimulator sim = CudaSimulator.shared();
        String source = (String) launchers.getMethod("cudaSource", String.class).invoke(null, "volume");
        DeviceKernel volume = sim.load(source, "gf_kernel_volume", List.of());
        int nx = 11;
        int ny = 3;
        int nz = 5;
        int n = nx * ny * nz;
        double[] v = random.doubles(n, -5, 5).toArray();
        double[] sentinel = new double[n];
        Arrays.fill(sentinel, -123.5);
        double[] out = new double[n];
        try (DeviceBuffer dOut = sim.allocate(8L * n); DeviceBuffer dIn = sim.allocate(8L * n)) {
            sim.upload(sentinel, dOut);
            sim.upload(v, dIn);
            // a grid that covers x and the band of z, one point per thread, as the runtime launches it; y is walked
            // with a grid stride, so one block row covers it; the window (offset, global extent) of axes 0, 1 and 2 is the whole
            sim.launch(volume, new int[] {3, 1, 1}, new int[] {4, 2, 2}, List.of(dOut, nx, ny, nz, 1, 1, 3, 0, nx, 0, ny, 0, nz, dIn));
            sim.download(dOut, out);
        }
        Method oracle = oracle("volume", int.class, int.class, int.class, int.class, double.class);
        for (int l = 0; l < nz; l++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    int at = i + nx * (j + ny * l);
                    Object expected = l >= 1 && l < 3 ? oracle.invoke(null, i, j, l, nz, v[at]) : -123.5;
                    assertEquals(expected, out[at], "volume at " + i + "," + j + "," + l + " with the band z in [1, 3)");
                }
            }
        }
    }

    private Method oracle(String name, Class<?>... types) throws NoSuchMethodException {
        Method m = kernels.getDeclaredMethod(name, types);
        m.setAccessible(true);
        return m;
    }

    private static double[] call(Object on, String name, Class<?>[] types, Object... args) throws Exception {
        try (DoubleField f = (DoubleField) on.getClass().getMethod(name, types).invoke(on, args)) {
            return f.toArray();
        }
    }
}
