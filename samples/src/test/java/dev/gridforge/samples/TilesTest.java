package dev.gridforge.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Mesh;
import dev.gridforge.runtime.Ring;
import dev.gridforge.runtime.Shape;
import dev.gridforge.runtime.TimeLoop;
import dev.gridforge.runtime.Window;
import dev.gridforge.runtime.sim.CudaSimulator;
import dev.gridforge.testsupport.Boxes;
import dev.gridforge.testsupport.Boxes.Box;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The samples' kernels that read @Index, @Extent or @Coord, launched over the tiles of a split
 * domain (uneven: the tile counts do not divide the extents): put back together, the tiles are the
 * one launch over the whole domain, bit for bit, on the JVM and on the simulator. Haversine's
 * distance over tile meshes; the wave's first and later steps on each tile grown by their reach (1)
 * and clipped to the domain, in a time loop with the grown tile's window, their cores compared; and
 * k steps of the wave in a windowed loop on a tile grown by k.
 */
class TilesTest {
    private final Random random = new Random(20261202);

    private static void needs(Backend backend) {
        assumeTrue(backend != Backend.CUDA_SIM || CudaSimulator.isAvailable(), "no C++ compiler for the CUDA simulator");
    }

    /** Random values of both signs, none zero, at most 1 in size. */
    private double[] randomData(int n) {
        return random.doubles(n, 0.05, 1).map(v -> random.nextBoolean() ? v : -v).toArray();
    }

    private static void assertBitForBit(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                fail(what + ": element " + i + " is " + actual[i] + ", the whole-domain launch gives " + expected[i]);
            }
        }
    }

    /** Every tile's values (from {@code tile}, given the tile grown by {@code halo}) pasted back: each tile's core. */
    private static double[] assemble(int[] extents, int[] counts, int[] halo, Function<Box, double[]> tile) {
        double[] whole = new double[Shape.of(extents).size()];
        Arrays.fill(whole, Double.NaN);
        for (Box core : Boxes.tiles(extents, counts)) {
            Box box = core.grown(halo, extents);
            Boxes.paste(whole, extents, core, tile.apply(box), box);
        }
        return whole;
    }

    private static double[] values(DoubleField f) {
        try (f) {
            return f.toArray();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void haversineOverTheTilesOfAMeshIsTheWholeMeshBitForBit(Backend backend) {
        needs(backend);
        HaversineKernels.Launcher k = HaversineKernels.on(backend);
        int[] n = {37, 53};
        Mesh mesh = Mesh.linspace(29, 31, 37, 99, 101, 53);
        double[] whole = values(k.distance(mesh, 30.0, 101.0, 6371.0));
        for (int[] counts : new int[][] {{3, 4}, {5, 2}, {1, 7}}) {
            assertBitForBit(whole, assemble(n, counts, new int[] {0, 0},
                    box -> values(k.distance(mesh.tile(box.lo(), box.size()), 30.0, 101.0, 6371.0))),
                    "distance in " + Arrays.toString(counts) + " tiles");
        }
        if (backend == Backend.JVM) {
            Mesh tile = mesh.tile(new int[] {30, 40}, new int[] {7, 13});
            double[] t = values(k.distance(tile, 30.0, 101.0, 6371.0));
            assertEquals(Haversine.distance(mesh.coord(0, 36), mesh.coord(1, 52), 30.0, 101.0, 6371.0), t[t.length - 1],
                    "the tile's last point is the mesh's last, at its stop coordinates");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void waveInitialOverTheTilesOfAMeshIsTheWholeMesh(Backend backend) {
        needs(backend);
        WaveKernels.Launcher k = WaveKernels.on(backend);
        int[] n = {41, 38};
        Mesh mesh = Mesh.linspace(0, 1, 41, 0, 1, 38);
        double[] whole = values(k.initial(mesh));
        assertTrue(Arrays.stream(whole).anyMatch(v -> v == 1) && Arrays.stream(whole).anyMatch(v -> v == 0), "the disk and around it");
        assertBitForBit(whole, assemble(n, new int[] {4, 3}, new int[] {0, 0},
                box -> values(k.initial(mesh.tile(box.lo(), box.size())))), "initial in 4 x 3 tiles");
    }

    /** One launch of the wave's first step (or a later one) over {@code box} of the domain, as the step of a loop with the box's window. */
    private static double[] waveOnce(Backend backend, Window window, int[] shape, double[] u, double[] uPrev, double c2) {
        WaveKernels.Launcher k = WaveKernels.on(backend);
        try (TimeLoop loop = TimeLoop.on(backend).window(window)) {
            Ring<DoubleField> out = loop.ring("out", DoubleField.of(new double[Shape.of(shape).size()], shape), 0);
            DoubleField now = loop.resident(DoubleField.of(u, shape));
            DoubleField prev = uPrev == null ? null : loop.resident(DoubleField.of(uPrev, shape));
            loop.run(1, () -> {
                if (prev == null) {
                    k.firstInto(out.next(), now, c2);
                } else {
                    k.stepInto(out.next(), now, prev, c2);
                }
            });
            return out.now().toArray();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void waveStepsOnTilesWithTheirNeighboursGiveTheWholeLaunchInTheirCores(Backend backend) {
        needs(backend);
        int[] n = {31, 27};
        Shape global = Shape.of(n);
        double[] u = randomData(31 * 27);
        double[] uPrev = randomData(31 * 27);
        double c2 = 0.25;
        double[] first = values(WaveKernels.on(backend).first(DoubleField.of(u.clone(), n), c2));
        double[] step = values(WaveKernels.on(backend).step(DoubleField.of(u.clone(), n), DoubleField.of(uPrev.clone(), n), c2));
        assertBitForBit(values(WaveKernels.on(Backend.JVM).step(DoubleField.of(u.clone(), n), DoubleField.of(uPrev.clone(), n), c2)),
                step, "step on the JVM and on " + backend);
        assertBitForBit(first, waveOnce(backend, Window.identity(global), n, u.clone(), null, c2), "a loop with the identity window");
        for (int[] counts : new int[][] {{3, 4}, {4, 3}, {7, 1}}) {
            assertBitForBit(first, assemble(n, counts, new int[] {1, 1}, box -> waveOnce(backend, Window.of(box.lo(), global),
                    box.size(), Boxes.copy(u, n, box), null, c2)), "first in " + Arrays.toString(counts) + " tiles");
            assertBitForBit(step, assemble(n, counts, new int[] {1, 1}, box -> waveOnce(backend, Window.of(box.lo(), global),
                    box.size(), Boxes.copy(u, n, box), Boxes.copy(uPrev, n, box), c2)), "step in " + Arrays.toString(counts) + " tiles");
        }
    }

    /** The seed's time loop: the first step, then k - 1 later ones; on a tile grown by k, with its window. */
    private static double[] waveSteps(Backend backend, Window window, int[] shape, double[] u0, int steps, double c2) {
        WaveKernels.Launcher k = WaveKernels.on(backend);
        try (TimeLoop loop = TimeLoop.on(backend).window(window)) {
            Ring<DoubleField> u = loop.ring("u", DoubleField.of(u0, shape), 1);
            loop.run(1, () -> k.firstInto(u.next(), u.now(), c2));
            loop.run(steps - 1, () -> k.stepInto(u.next(), u.now(), u.past(1), c2));
            return u.now().toArray();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void kWaveStepsOfAWindowedLoopOnAnExtendedTileGiveTheWholeDomainInTheCore(Backend backend) {
        needs(backend);
        int[] n = {33, 29};
        Shape global = Shape.of(n);
        double[] u0 = randomData(33 * 29);
        int steps = 6;
        double[] whole = waveSteps(backend, Window.identity(global), n, u0.clone(), steps, 0.2);
        assertBitForBit(whole, assemble(n, new int[] {3, 2}, new int[] {steps, steps},
                box -> waveSteps(backend, Window.of(box.lo(), global), box.size(), Boxes.copy(u0, n, box), steps, 0.2)),
                steps + " steps in 3 x 2 extended tiles");
        if (backend == Backend.CUDA_SIM) {
            assertBitForBit(waveSteps(Backend.JVM, Window.identity(global), n, u0.clone(), steps, 0.2), whole, "JVM and simulator");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void windowsThatCannotBeRightAreRefused(Backend backend) {
        needs(backend);
        double[] u = randomData(6 * 5);
        // a tile extended across a periodic edge, on an axis the wave reads through @Index
        IllegalStateException wrap = assertThrows(IllegalStateException.class,
                () -> waveOnce(backend, Window.of(new int[] {3, -1}, Shape.of(20, 20)), new int[] {6, 5}, u, null, 0.25));
        assertTrue(wrap.getMessage().startsWith("[Window] kernel 'first' reads axis 1 through @Index, @Extent or @Coord"), wrap.getMessage());
        assertTrue(wrap.getMessage().contains("a tile extended across a periodic edge"), wrap.getMessage());
        // a window of another rank
        IllegalStateException rank = assertThrows(IllegalStateException.class,
                () -> waveOnce(backend, Window.of(new int[] {3}, Shape.of(20)), new int[] {6, 5}, u, null, 0.25));
        assertTrue(rank.getMessage().startsWith("[TimeLoop] kernel 'first' was launched over 6 x 5 (rank 2)"), rank.getMessage());
        // a mesh that is not the loop's tile
        Mesh mesh = Mesh.linspace(0, 1, 20, 0, 1, 20);
        Window w = Window.of(new int[] {3, 4}, mesh.shape());
        WaveKernels.Launcher k = WaveKernels.on(backend);
        for (Mesh wrong : new Mesh[] {Mesh.linspace(0, 1, 6, 0, 1, 5), mesh.tile(new int[] {4, 3}, new int[] {6, 5})}) {
            try (TimeLoop loop = TimeLoop.on(backend).window(w)) {
                Ring<DoubleField> r = loop.ring("u", DoubleField.of(u.clone(), 6, 5), 0);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.run(1, () -> k.initialInto(r.next(), wrong)));
                assertTrue(e.getMessage().startsWith("[TimeLoop] kernel 'initial' was launched over " + wrong), e.getMessage());
                assertTrue(e.getMessage().contains("pass the tile mesh of that window"), e.getMessage());
            }
        }
        try (TimeLoop loop = TimeLoop.on(backend).window(w)) {
            Ring<DoubleField> r = loop.ring("u", DoubleField.of(u.clone(), 6, 5), 0);
            Mesh tile = mesh.tile(new int[] {3, 4}, new int[] {6, 5});
            loop.run(1, () -> k.initialInto(r.next(), tile));
            assertBitForBit(values(k.initial(tile)), r.now().toArray(), "the loop's own tile mesh");
        }
    }
}
