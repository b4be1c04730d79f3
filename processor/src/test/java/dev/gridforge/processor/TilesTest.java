package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Mesh;
import dev.gridforge.runtime.Ring;
import dev.gridforge.runtime.Shape;
import dev.gridforge.runtime.TimeLoop;
import dev.gridforge.runtime.Window;
import dev.gridforge.testsupport.Boxes;
import dev.gridforge.testsupport.Boxes.Box;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Launches over tiles of a larger domain: with the tile's window (a tile mesh, or a time loop's
 * window), kernels that read {@code @Index}, {@code @Extent} and {@code @Coord} on 1, 2 and 3 axes
 * see global indices, extents and coordinates, so the tiles of a split (uneven: the counts do not
 * divide the extents) put back together are the one launch over the whole domain, bit for bit, on
 * the JVM and on the simulator alike. A stencil's tile is given its neighbours (the tile grown by
 * the stencil's reach, clipped to the domain) and only its core is compared; k steps of a time loop
 * on a tile grown by k times the reach give the core of k steps over the whole domain. The kernels
 * use only exactly rounded arithmetic, so the two backends agree with each other too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TilesTest {
    private static final String KERNELS = """
            @Pointwise
            static double line(@Coord(0) double x, @Index(0) int i, @Extent(0) int n, double u) {
                return u * x + i - 0.5 * n;
            }

            @Pointwise
            static double plane(@Index(0) int i, @Index(1) int j, @Extent(0) int nx, @Extent(1) int ny, double u, @Const double s) {
                return u * s + i + 1000.0 * j + 1e6 * nx + 1e7 * ny;
            }

            @Pointwise
            static double volume(@Coord(0) double x, @Coord(1) float y, @Coord(2) double z, @Index(1) int j, @Extent(2) int nz,
                                 double u) {
                return u * x + y * z - j + 0.25 * nz;
            }

            @Stencil(boundary = Boundary.ZERO)
            static double rod(Grid1 u, @Coord(0) double x, @Index(0) int i, @Extent(0) int n) {
                return u.at(-1) - 2 * u.at(0) + u.at(1) + x * u.at(0) + (i == n - 1 ? 1 : 0);
            }

            @Stencil(boundary = Boundary.CLAMP)
            static double heat(Grid2 u, @Index(0) int i, @Index(1) int j, @Extent(0) int nx, @Extent(1) int ny, @Const double a) {
                boolean edge = i == 0 || j == 0 || i == nx - 1 || j == ny - 1;
                double lap = edge ? 0 : u.at(1, 0) + u.at(-1, 0) + u.at(0, 1) + u.at(0, -1) - 4 * u.at(0, 0);
                return u.at(0, 0) + a * lap + 0.001 * (i - j);
            }

            @Stencil(boundary = Boundary.REFLECT)
            static double blur(Grid3 u, @Index(2) int k, @Extent(2) int nz, @Extent(0) int nx) {
                return (u.at(-1, 0, 0) + u.at(1, 0, 0) + u.at(0, -2, 0) + u.at(0, 2, 0) + u.at(0, 0, 1) + u.at(0, 0, -1)) * 0.125
                        + k * 0.001 * nz + nx;
            }

            @Stencil(boundary = Boundary.PERIODIC)
            static double spin(Grid1 u, @Const double a) {
                return u.at(0) + a * (u.at(-1) - u.at(1));
            }
            """;

    private Class<?> launchers;
    private final Random random = new Random(20261202);

    @BeforeAll
    void compile() throws Exception {
        Compilation c = Compiler.compile(Compiler.kernelClass(KERNELS));
        assertTrue(c.errors().isEmpty(), c.errors().toString());
        launchers = Compiler.loader(c).loadClass("test.KKernels");
    }

    private static final Class<?>[] LINE = {Mesh.class, DoubleField.class};
    private static final Class<?>[] PLANE_INTO = {DoubleField.class, DoubleField.class, double.class};
    private static final Class<?>[] VOLUME = {Mesh.class, DoubleField.class};
    private static final Class<?>[] ROD = {Mesh.class, DoubleField.class};
    private static final Class<?>[] HEAT_INTO = {DoubleField.class, DoubleField.class, double.class};
    private static final Class<?>[] BLUR_INTO = {DoubleField.class, DoubleField.class};
    private static final Class<?>[] SPIN_INTO = {DoubleField.class, DoubleField.class, double.class};

    private Object on(Backend backend) {
        return Launchers.on(launchers, backend);
    }

    private static double[] values(Object field) {
        try (DoubleField f = (DoubleField) field) {
            return f.toArray();
        }
    }

    /** Random values of both signs, none zero. */
    private double[] randomData(int n) {
        return random.doubles(n, 0.25, 2).map(v -> random.nextBoolean() ? v : -v).toArray();
    }

    private static Shape shape(int[] extents) {
        return Shape.of(extents);
    }

    /**
     * One launch of {@code kernel}Into over fields of {@code shape}, as the step of a time
     * loop with {@code window}: the inputs are the loop's (resident), the output its ring.
     */
    private double[] inWindow(Backend backend, Window window, int[] shape, String kernel, Class<?>[] types,
                              double[][] inputs, Object... constants) {
        try (TimeLoop loop = TimeLoop.on(backend).window(window)) {
            Ring<DoubleField> out = loop.ring("out", DoubleField.of(new double[Shape.of(shape).size()], shape), 0);
            List<DoubleField> in = new ArrayList<>();
            for (double[] data : inputs) {
                in.add(loop.resident(DoubleField.of(data, shape)));
            }
            Object k = on(backend);
            loop.run(1, () -> {
                List<Object> args = new ArrayList<>();
                args.add(out.next());
                args.addAll(in);
                args.addAll(Arrays.asList(constants));
                Launchers.call(k, kernel + "Into", types, args.toArray());
            });
            return out.now().toArray();
        }
    }

    private static void assertBitForBit(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                fail(what + ": element " + i + " is " + actual[i] + ", the whole-domain launch gives " + expected[i]);
            }
        }
    }

    /**
     * Every tile of a split, launched with its window, put back into one field: {@code tile}
     * computes a tile's values from its box (for a stencil, the box grown by the halo: its
     * {@code core} part is kept).
     */
    private static double[] assemble(int[] extents, int[] counts, int[] halo, Function<Box, double[]> tile) {
        double[] whole = new double[Shape.of(extents).size()];
        Arrays.fill(whole, Double.NaN);
        for (Box core : Boxes.tiles(extents, counts)) {
            Box box = core.grown(halo, extents);
            Boxes.paste(whole, extents, core, tile.apply(box), box);
        }
        return whole;
    }

    private static int[] zeros(int rank) {
        return new int[rank];
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void pointwiseTilesPutTogetherAreTheWholeLaunchBitForBit(Backend backend) {
        Launchers.needs(backend);
        Object k = on(backend);
        Object jvm = on(Backend.JVM);

        // rank 1, over a mesh: each tile over the tile mesh
        int[] n1 = {23};
        Mesh mesh1 = Mesh.linspace(-1.25, 3.5, 23);
        double[] u1 = randomData(23);
        double[] whole1 = values(Launchers.call(k, "line", LINE, mesh1, DoubleField.of(u1.clone(), n1)));
        assertBitForBit(values(Launchers.call(jvm, "line", LINE, mesh1, DoubleField.of(u1.clone(), n1))), whole1, "line, JVM and " + backend);
        for (int[] counts : new int[][] {{3}, {5}, {23}}) {
            assertBitForBit(whole1, assemble(n1, counts, zeros(1), box -> values(Launchers.call(k, "line", LINE,
                    mesh1.tile(box.lo(), box.size()), DoubleField.of(Boxes.copy(u1, n1, box), box.size())))), "line in " + counts[0] + " tiles");
        }

        // rank 2, over its input: each tile in a time loop with the tile's window
        int[] n2 = {17, 13};
        double[] u2 = randomData(17 * 13);
        double[] whole2 = inWindow(backend, Window.identity(shape(n2)), n2, "plane", PLANE_INTO, new double[][] {u2}, 0.75);
        assertBitForBit(values(Launchers.call(jvm, "plane", new Class<?>[] {DoubleField.class, double.class},
                DoubleField.of(u2.clone(), n2), 0.75)), whole2, "plane, the plain launch and a loop with the identity window");
        for (int[] counts : new int[][] {{3, 4}, {1, 2}, {4, 1}}) {
            assertBitForBit(whole2, assemble(n2, counts, zeros(2), box -> inWindow(backend, Window.of(box.lo(), shape(n2)), box.size(),
                    "plane", PLANE_INTO, new double[][] {Boxes.copy(u2, n2, box)}, 0.75)), "plane in " + Arrays.toString(counts) + " tiles");
        }

        // rank 3, over a mesh
        int[] n3 = {9, 7, 5};
        Mesh mesh3 = Mesh.linspace(0.5, 1.5, 9, -2, 2, 7, 10, 11, 5);
        double[] u3 = randomData(9 * 7 * 5);
        double[] whole3 = values(Launchers.call(k, "volume", VOLUME, mesh3, DoubleField.of(u3.clone(), n3)));
        assertBitForBit(values(Launchers.call(jvm, "volume", VOLUME, mesh3, DoubleField.of(u3.clone(), n3))), whole3,
                "volume, JVM and " + backend);
        for (int[] counts : new int[][] {{2, 3, 2}, {4, 1, 3}}) {
            assertBitForBit(whole3, assemble(n3, counts, zeros(3), box -> values(Launchers.call(k, "volume", VOLUME,
                    mesh3.tile(box.lo(), box.size()), DoubleField.of(Boxes.copy(u3, n3, box), box.size())))),
                    "volume in " + Arrays.toString(counts) + " tiles");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void stencilTilesWithTheirNeighboursGiveTheWholeLaunchInTheirCores(Backend backend) {
        Launchers.needs(backend);
        Object k = on(backend);

        // rank 1 on a mesh (ZERO outside), halo 1: the grown tile over its tile mesh
        int[] n1 = {29};
        Mesh mesh1 = Mesh.linspace(0, 1, 29);
        double[] u1 = randomData(29);
        double[] whole1 = values(Launchers.call(k, "rod", ROD, mesh1, DoubleField.of(u1.clone(), n1)));
        for (int[] counts : new int[][] {{4}, {7}}) {
            assertBitForBit(whole1, assemble(n1, counts, new int[] {1}, box -> values(Launchers.call(k, "rod", ROD,
                    mesh1.tile(box.lo(), box.size()), DoubleField.of(Boxes.copy(u1, n1, box), box.size())))), "rod in " + counts[0] + " tiles");
        }

        // rank 2 (CLAMP, its border by @Index and @Extent), halo 1, in a loop with the grown tile's window
        int[] n2 = {19, 14};
        double[] u2 = randomData(19 * 14);
        double[] whole2 = inWindow(backend, Window.identity(shape(n2)), n2, "heat", HEAT_INTO, new double[][] {u2}, 0.2);
        for (int[] counts : new int[][] {{3, 4}, {2, 5}}) {
            assertBitForBit(whole2, assemble(n2, counts, new int[] {1, 1}, box -> inWindow(backend, Window.of(box.lo(), shape(n2)),
                    box.size(), "heat", HEAT_INTO, new double[][] {Boxes.copy(u2, n2, box)}, 0.2)), "heat in " + Arrays.toString(counts) + " tiles");
        }

        // rank 3 (REFLECT), reaching 2 along axis 1
        int[] n3 = {8, 11, 6};
        double[] u3 = randomData(8 * 11 * 6);
        double[] whole3 = inWindow(backend, Window.identity(shape(n3)), n3, "blur", BLUR_INTO, new double[][] {u3});
        for (int[] counts : new int[][] {{3, 2, 4}, {1, 4, 1}}) {
            assertBitForBit(whole3, assemble(n3, counts, new int[] {1, 2, 1}, box -> inWindow(backend, Window.of(box.lo(), shape(n3)),
                    box.size(), "blur", BLUR_INTO, new double[][] {Boxes.copy(u3, n3, box)})), "blur in " + Arrays.toString(counts) + " tiles");
        }
    }

    /** k steps of a time loop with a tile's window, on the tile grown by k (the stencil's reach each step): its core is the whole domain's. */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void kStepsOfAWindowedLoopOnAnExtendedTileGiveTheWholeDomainInTheCore(Backend backend) {
        Launchers.needs(backend);
        Object k = on(backend);
        int[] n = {21, 16};
        int steps = 5;
        double[] u0 = randomData(21 * 16);
        double[] whole = heatSteps(backend, k, Window.identity(shape(n)), n, u0, steps);
        double[] tiles = assemble(n, new int[] {3, 2}, new int[] {steps, steps},
                box -> heatSteps(backend, k, Window.of(box.lo(), shape(n)), box.size(), Boxes.copy(u0, n, box), steps));
        assertBitForBit(whole, tiles, "heat, " + steps + " steps on each extended tile");
        if (backend == Backend.CUDA_SIM) {
            assertBitForBit(heatSteps(Backend.JVM, on(Backend.JVM), Window.identity(shape(n)), n, u0, steps), whole, "JVM and simulator");
        }
    }

    private static double[] heatSteps(Backend backend, Object k, Window window, int[] shape, double[] initial, int steps) {
        try (TimeLoop loop = TimeLoop.on(backend).window(window)) {
            Ring<DoubleField> u = loop.ring("u", DoubleField.of(initial.clone(), shape), 0);
            loop.run(steps, () -> Launchers.call(k, "heatInto", HEAT_INTO, u.next(), u.now(), 0.2));
            return u.now().toArray();
        }
    }

    /**
     * A kernel that reads no index, extent or coordinate runs on a tile extended across its periodic
     * edge (a window with a negative offset in a domain that wraps, wrapped neighbours filled in
     * by hand): its core is the whole domain's. A kernel that reads the index on that axis is refused there, naming it.
     */
    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void aTileAcrossAPeriodicEdgeRunsOnlyKernelsThatReadNoIndexThere(Backend backend) {
        Launchers.needs(backend);
        int n = 12;
        double[] u = randomData(n);
        double[] whole = inWindow(backend, Window.identity(Shape.of(n)), new int[] {n}, "spin", SPIN_INTO, new double[][] {u}, 0.3);
        // the tile [0, 4) grown by 1 across the edge: global points -1 (= 11) to 4
        double[] extended = new double[6];
        for (int i = 0; i < 6; i++) {
            extended[i] = u[Math.floorMod(i - 1, n)];
        }
        Window across = Window.of(new int[] {-1}, Shape.of(n)).periodic(0);
        double[] tile = inWindow(backend, across, new int[] {6}, "spin", SPIN_INTO, new double[][] {extended}, 0.3);
        for (int i = 0; i < 4; i++) {
            assertEquals(Double.doubleToRawLongBits(whole[i]), Double.doubleToRawLongBits(tile[i + 1]), "point " + i);
        }
        // spin wraps (PERIODIC): in a window whose domain does not say it wraps, its tile is refused
        IllegalStateException undeclared = assertThrows(IllegalStateException.class, () -> inWindow(backend,
                across.placement(), new int[] {6}, "spin", SPIN_INTO, new double[][] {extended}, 0.3));
        assertTrue(undeclared.getMessage().startsWith("[Window] kernel 'spin' wraps round axis 0 (Boundary.PERIODIC)"),
                undeclared.getMessage());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> inWindow(backend,
                Window.of(new int[] {-1, 0}, Shape.of(19, 14)), new int[] {5, 14}, "heat", HEAT_INTO,
                new double[][] {randomData(5 * 14)}, 0.2));
        assertTrue(e.getMessage().startsWith("[Window] kernel 'heat' reads axis 0 through @Index, @Extent or @Coord, but its launch over"
                + " 5 x 14 in Window[offsets (-1, 0) in 19 x 14] covers global points [-1, 4) of 19 on that axis: a tile extended"
                + " across a periodic edge"), e.getMessage());
        IllegalStateException past = assertThrows(IllegalStateException.class, () -> inWindow(backend,
                Window.of(new int[] {0, 12}, Shape.of(19, 14)), new int[] {5, 3}, "heat", HEAT_INTO, new double[][] {randomData(15)}, 0.2));
        assertTrue(past.getMessage().contains("reads axis 1 through @Index"), past.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void aWindowedLoopRefusesAMeshThatIsNotItsTileAndAWindowOfAnotherRank(Backend backend) {
        Launchers.needs(backend);
        Object k = on(backend);
        Mesh whole = Mesh.linspace(0, 1, 29);
        Window w = Window.of(new int[] {6}, whole.shape());
        for (Mesh wrong : new Mesh[] {whole, whole.tile(new int[] {5}, new int[] {8}), Mesh.linspace(0, 1, 8)}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> rodInLoop(backend, k, w, wrong));
            assertTrue(e.getMessage().startsWith("[TimeLoop] kernel 'rod' was launched over " + wrong + " inside a step of a time loop"
                    + " whose window is Window[offsets (6) in 29]: pass the tile mesh of that window"), e.getMessage());
        }
        Mesh tile = whole.tile(new int[] {6}, new int[] {8});
        double[] inLoop = rodInLoop(backend, k, w, tile);
        double[] u = new double[8];
        Arrays.fill(u, 1.5);
        assertBitForBit(values(Launchers.call(k, "rod", ROD, tile, DoubleField.of(u, 8))), inLoop, "the loop's tile mesh");
        IllegalStateException rank = assertThrows(IllegalStateException.class, () -> heatSteps(backend, k,
                Window.of(new int[] {0}, Shape.of(40)), new int[] {5, 4}, randomData(20), 1));
        assertTrue(rank.getMessage().startsWith("[TimeLoop] kernel 'heat' was launched over 5 x 4 (rank 2) inside a step of a time loop"
                + " whose window Window[offsets (0) in 40] has rank 1"), rank.getMessage());
    }

    private static double[] rodInLoop(Backend backend, Object k, Window w, Mesh mesh) {
        try (TimeLoop loop = TimeLoop.on(backend).window(w)) {
            double[] u = new double[mesh.shape().size()];
            Arrays.fill(u, 1.5);
            Ring<DoubleField> r = loop.ring("u", DoubleField.of(u, mesh.shape()), 0);
            loop.run(1, () -> Launchers.call(k, "rodInto", new Class<?>[] {DoubleField.class, Mesh.class, DoubleField.class},
                    r.next(), mesh, r.now()));
            return r.now().toArray();
        }
    }

    /** The window is set before the first step, on the loop's thread, and read back. */
    @Test
    void aLoopsWindowIsSetBeforeItsFirstStep() throws Exception {
        try (TimeLoop loop = TimeLoop.on(Backend.JVM)) {
            assertTrue(loop.window().isEmpty());
            Window w = Window.of(new int[] {1, 2}, Shape.of(10, 10));
            assertEquals(w, loop.window(w).window().orElseThrow());
            Ring<DoubleField> u = loop.ring("u", DoubleField.of(randomData(12), 4, 3), 0);
            Object k = on(Backend.JVM);
            loop.run(1, () -> Launchers.call(k, "heatInto", HEAT_INTO, u.next(), u.now(), 0.1));
            IllegalStateException late = assertThrows(IllegalStateException.class, () -> loop.window(Window.identity(Shape.of(4, 3))));
            assertTrue(late.getMessage().contains("a loop's window is set before its first step"), late.getMessage());
            Throwable[] fromOther = new Throwable[1];
            Thread t = new Thread(() -> {
                try {
                    loop.window(w);
                } catch (Throwable e) {
                    fromOther[0] = e;
                }
            }, "other");
            t.start();
            t.join();
            assertTrue(fromOther[0] instanceof IllegalStateException && fromOther[0].getMessage().contains("window(...) was called on thread"
                    + " 'other'"), String.valueOf(fromOther[0]));
            assertThrows(IllegalStateException.class, () -> loop.run(1, () -> loop.window(w)));
            assertThrows(NullPointerException.class, () -> loop.window(null));
        }
    }
}
