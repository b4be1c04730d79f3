package dev.gridforge.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.FloatField;
import dev.gridforge.runtime.IntField;
import dev.gridforge.runtime.Mesh;
import dev.gridforge.runtime.Shape;
import dev.gridforge.runtime.Window;
import dev.gridforge.runtime.launch.KernelSignature.Slot;
import dev.gridforge.runtime.sim.CudaSimulator;
import dev.gridforge.runtime.testing.HeapAccelerator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LaunchTest {

    private static final KernelInfo RANK2 = TestKernels.kernel("affine2", 2);
    private static final KernelInfo RANK0 = TestKernels.kernel("flat", 0);

    @Test
    void overMeshTakesTheMeshShape() {
        Launch l = Launch.overMesh(RANK2, Backend.JVM, Mesh.linspace(0, 1, 4, 0, 1, 3));
        assertEquals(Backend.JVM, l.backend());
        assertEquals(Shape.of(4, 3), l.shape());
        assertEquals(12, l.size());
    }

    @Test
    void rankMismatchNamesTheKernel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Launch.overShape(RANK2, Backend.JVM, Shape.of(5)));
        assertTrue(e.getMessage().contains("affine2 is a rank-2 kernel") && e.getMessage().contains("rank 1"), e.getMessage());
        assertEquals(Shape.of(2, 3, 4), Launch.overShape(RANK0, Backend.JVM, Shape.of(2, 3, 4)).shape());
    }

    @Test
    void aDeviceLaunchInsideALoopStepMustUseTheLoopsAccelerator() {
        HeapAccelerator loopDevice = new HeapAccelerator();
        HeapAccelerator otherDevice = new HeapAccelerator();
        LoopContext loop = new LoopContext(Backend.CUDA_SIM, loopDevice, (k, output, f) -> { });
        loop.checkAccelerator(RANK2, loopDevice);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.checkAccelerator(RANK2, otherDevice));
        assertTrue(e.getMessage().startsWith("[TimeLoop] kernel 'affine2' was launched on heap test accelerator inside a step of a"
                + " time loop on heap test accelerator") && e.getMessage().contains("Gridforge.onCudaDevice"), e.getMessage());
        new LoopContext(Backend.JVM, (k, output, f) -> { }).checkAccelerator(RANK2, otherDevice); // no accelerator: nothing to check
        if (CudaSimulator.isAvailable()) {
            // Through the launch path: the simulator is not the loop's accelerator.
            IntField out = IntField.of(new int[6], 2, 3);
            IntField in = IntField.of(new int[6], 2, 3);
            loop.allow(out);
            loop.allow(in);
            loop.run(() -> {
                Launch l = Launch.overInputs(RANK2, Backend.CUDA_SIM, new String[] {"in"}, new Field[] {in})
                        .into(new String[] {"out"}, new Field[] {out});
                IllegalStateException viaLaunch = assertThrows(IllegalStateException.class, l::device);
                assertTrue(viaLaunch.getMessage().contains("inside a step of a time loop on heap test accelerator"), viaLaunch.getMessage());
            });
        }
    }

    @Test
    void nullsAreReported() {
        assertThrows(NullPointerException.class, () -> Launch.overMesh(RANK2, Backend.JVM, null));
        NullPointerException e = assertThrows(NullPointerException.class, () -> Launch.overShape(RANK2, null, Shape.of(2, 2)));
        assertTrue(e.getMessage().contains("backend"), e.getMessage());
    }

    @Test
    void overInputsChecksEveryInputByName() {
        DoubleField a = DoubleField.of(new double[6], 3, 2);
        DoubleField b = DoubleField.of(new double[6], 2, 3);
        String[] names = {"u", "uPrev"};
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Launch.overInputs(RANK0, Backend.JVM, names, new Field[] {a, b}));
        assertTrue(shape.getMessage().contains("'uPrev' has shape 2 x 3") && shape.getMessage().contains("3 x 2"),
                shape.getMessage());
        NullPointerException first = assertThrows(NullPointerException.class,
                () -> Launch.overInputs(RANK0, Backend.JVM, names, new Field[] {null, b}));
        assertTrue(first.getMessage().contains("'u' is null"), first.getMessage());
        NullPointerException second = assertThrows(NullPointerException.class,
                () -> Launch.overInputs(RANK0, Backend.JVM, names, new Field[] {a, null}));
        assertTrue(second.getMessage().contains("'uPrev' is null"), second.getMessage());
        assertEquals(Shape.of(3, 2), Launch.overInputs(RANK0, Backend.JVM, names, new Field[] {a, a}).shape());
        assertThrows(IllegalArgumentException.class, () -> Launch.overInputs(RANK0, Backend.JVM, new String[] {"u"}, new Field[0]));
    }

    @Test
    void inputChecksShapeAndOpenness() {
        Launch l = Launch.overShape(RANK2, Backend.JVM, Shape.of(3, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> l.input("mask", DoubleField.of(new double[6], 6)));
        assertTrue(e.getMessage().contains("'mask'"), e.getMessage());
        assertTrue(assertThrows(NullPointerException.class, () -> l.input("mask", null)).getMessage().contains("'mask'"));
        DoubleField closed = DoubleField.of(new double[6], 3, 2);
        closed.close();
        assertTrue(assertThrows(IllegalStateException.class, () -> l.input("mask", closed)).getMessage().contains("'mask'"));
    }

    /** ...Into: the outputs are checked before anything runs, each named. */
    @Test
    void givenOutputsAreCheckedByName() {
        DoubleField u = DoubleField.of(new double[6], 3, 2);
        Launch l = Launch.overInputs(RANK0, Backend.JVM, new String[] {"in"}, new Field[] {u});
        String[] out = {"out"};
        assertTrue(assertThrows(IllegalArgumentException.class, () -> l.into(out, new Field[] {FloatField.of(new float[6], 3, 2)}))
                .getMessage().contains("output 'out' holds FLOAT values but the kernel writes DOUBLE"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> l.into(out, new Field[] {DoubleField.of(new double[6], 6)}))
                .getMessage().contains("output 'out' has shape 6 but the launch has shape 3 x 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> l.into(out, new Field[] {u}))
                .getMessage().contains("output 'out' is the same memory as input 'in'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> l.into(out, new Field[] {DoubleField.of(u.hostData(), 3, 2)}))
                .getMessage().contains("the same memory as input 'in'"), "another field over the same array is the same memory");
        assertTrue(assertThrows(NullPointerException.class, () -> l.into(out, new Field[] {null})).getMessage().contains("'out'"));
        assertThrows(IllegalArgumentException.class, () -> l.into(new String[] {"a", "b"},
                new Field[] {DoubleField.of(new double[6], 3, 2), DoubleField.of(new double[6], 3, 2)}));
    }

    @Test
    void jvmOutputsAreTheGivenArraysOrNewOnes() {
        double[] target = new double[6];
        DoubleField given = DoubleField.of(target, 3, 2);
        Launch into = Launch.overShape(RANK0, Backend.JVM, Shape.of(3, 2)).into(new String[] {"out"}, new Field[] {given});
        assertSame(target, into.jvmOutput(0));
        assertSame(given, into.jvmResults(target)[0]);
        Launch fresh = Launch.overShape(RANK0, Backend.JVM, Shape.of(3, 2));
        Object array = fresh.jvmOutput(0);
        assertEquals(6, ((double[]) array).length);
        Field result = fresh.jvmResults(array)[0];
        assertSame(array, result.hostData());
        assertEquals(Shape.of(3, 2), result.shape());
    }

    @Test
    void theJvmBackendHasNoDeviceLaunch() {
        Launch l = Launch.overShape(RANK2, Backend.JVM, Shape.of(3, 2));
        assertThrows(IllegalStateException.class, l::device);
    }

    // ---------------------------------------------------------------- the launch's window

    /** A rank-2 kernel that reads @Index or @Extent (or @Coord) on axis 1 only. */
    private static final KernelInfo READS_AXIS1 = new KernelInfo(TestKernels.class, "readsY", "readsY", 2, "TestKernels.affine1.cu",
            KernelSignature.of(Slot.output("out", ElementType.DOUBLE), Slot.extents(), Slot.windowAxis(1), Slot.field("in", ElementType.DOUBLE)));

    /** Runs {@code launch} as the step of a (bare) time loop with window {@code w}, whose fields are {@code fields}. */
    private static <T> T inLoop(Window w, Supplier<T> launch, Field... fields) {
        LoopContext loop = new LoopContext(Backend.JVM, (k, output, f) -> { });
        loop.window(w);
        for (Field f : fields) {
            loop.allow(f);
        }
        Object[] result = new Object[1];
        loop.run(() -> result[0] = launch.get());
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }

    @Test
    void aLaunchsWindowIsItsTileMeshsElseItsLoopsElseTheIdentity() {
        Shape s = Shape.of(4, 3);
        assertEquals(Window.identity(s), Launch.overShape(RANK2, Backend.JVM, s).window());
        Mesh whole = Mesh.linspace(0, 1, 10, 0, 1, 7);
        assertEquals(Window.identity(whole.shape()), Launch.overMesh(RANK2, Backend.JVM, whole).window());
        Mesh tile = whole.tile(new int[] {6, 4}, new int[] {4, 3});
        Launch overTile = Launch.overMesh(READS_AXIS1, Backend.JVM, tile);
        assertEquals(Window.of(new int[] {6, 4}, Shape.of(10, 7)), overTile.window());
        assertEquals(4, overTile.windowOffset(1));
        assertEquals(7, overTile.windowExtent(1));
        assertEquals(6, overTile.windowOffset(0));
        assertEquals(10, overTile.windowExtent(0));
        Window w = Window.of(new int[] {2, 1}, Shape.of(20, 9));
        DoubleField in = DoubleField.of(new double[12], 4, 3);
        assertEquals(w, inLoop(w, () -> Launch.overShape(RANK2, Backend.JVM, s)).window());
        assertEquals(w, inLoop(w, () -> Launch.overInputs(READS_AXIS1, Backend.JVM, new String[] {"in"}, new Field[] {in}), in).window());
        Window tileWindow = tile.window();
        assertEquals(tileWindow, inLoop(tileWindow, () -> Launch.overMesh(READS_AXIS1, Backend.JVM, tile)).window(),
                "inside a windowed loop, the tile mesh of that window");
        // a kernel that reads no axis may run over a window that wraps
        Window wraps = Window.of(new int[] {-1, 0}, Shape.of(3, 3));
        assertEquals(wraps, inLoop(wraps, () -> Launch.overShape(RANK2, Backend.JVM, s)).window());
    }

    @Test
    void aMeshInAWindowedLoopMustBeThatWindowsTile() {
        Mesh whole = Mesh.linspace(0, 1, 10, 0, 1, 7);
        Window w = Window.of(new int[] {6, 4}, whole.shape());
        IllegalStateException plain = assertThrows(IllegalStateException.class,
                () -> inLoop(w, () -> Launch.overMesh(READS_AXIS1, Backend.JVM, Mesh.linspace(0, 1, 4, 0, 1, 3))));
        assertTrue(plain.getMessage().startsWith("[TimeLoop] kernel 'readsY' was launched over Mesh[0.0..1.0 (4), 0.0..1.0 (3)]"
                + " inside a step of a time loop whose window is Window[offsets (6, 4) in 10 x 7]: pass the tile mesh of that window"),
                plain.getMessage());
        IllegalStateException otherTile = assertThrows(IllegalStateException.class,
                () -> inLoop(w, () -> Launch.overMesh(READS_AXIS1, Backend.JVM, whole.tile(new int[] {6, 3}, new int[] {4, 3}))));
        assertTrue(otherTile.getMessage().contains("pass the tile mesh of that window"), otherTile.getMessage());
    }

    @Test
    void aWindowOfAnotherRankIsRefused() {
        Window w = Window.of(new int[] {2}, Shape.of(20));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> inLoop(w, () -> Launch.overShape(RANK2, Backend.JVM, Shape.of(4, 3))));
        assertTrue(e.getMessage().startsWith("[TimeLoop] kernel 'affine2' was launched over 4 x 3 (rank 2) inside a step of a"
                + " time loop whose window Window[offsets (2) in 20] has rank 1"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> inLoop(w, () -> Launch.overShape(RANK0, Backend.JVM, Shape.of(4, 3))));
    }

    @Test
    void aWindowThatWrapsOnAnAxisTheKernelReadsIsRefused() {
        DoubleField in = DoubleField.of(new double[12], 4, 3);
        String[] names = {"in"};
        Field[] inputs = {in};
        // axis 0 wraps (the kernel does not read it), axis 1 fits: fine
        Window fits = Window.of(new int[] {-2, 4}, Shape.of(10, 7));
        assertEquals(fits, inLoop(fits, () -> Launch.overInputs(READS_AXIS1, Backend.JVM, names, inputs), in).window());
        for (int[] offsets : new int[][] {{0, 5}, {0, -1}}) {
            Window w = Window.of(offsets, Shape.of(10, 7));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> inLoop(w, () -> Launch.overInputs(READS_AXIS1, Backend.JVM, names, inputs), in));
            assertTrue(e.getMessage().startsWith("[Window] kernel 'readsY' reads axis 1 through @Index, @Extent or @Coord, but its"
                    + " launch over 4 x 3 in " + w + " covers global points [" + offsets[1] + ", " + (offsets[1] + 3) + ") of 7 on"
                    + " that axis: a tile extended across a periodic edge"), e.getMessage());
            assertTrue(e.getMessage().endsWith("not supported yet"), e.getMessage());
        }
    }

    /** A rank-2 stencil that wraps round axis 0 (a PERIODIC grid read at offsets along it) and stops at axis 1's edges. */
    private static final KernelInfo WRAPS_0_STOPS_1 = new KernelInfo(TestKernels.class, "mixed", "mixed", 2, "TestKernels.affine1.cu",
            KernelSignature.of(Slot.output("out", ElementType.DOUBLE), Slot.extents(), Slot.grid("in", ElementType.DOUBLE)),
            List.of(), List.of(0), List.of(1));

    @Test
    void aTileMustWrapWhereTheKernelWrapsAndStopWhereItStops() {
        DoubleField in = DoubleField.of(new double[12], 4, 3);
        String[] names = {"in"};
        Field[] inputs = {in};
        Supplier<Launch> launch = () -> Launch.overInputs(WRAPS_0_STOPS_1, Backend.JVM, names, inputs);
        // the domain wraps round axis 0, not axis 1: what the kernel does; a tile anywhere, even at the edge, is fine
        for (int[] offsets : new int[][] {{-1, 0}, {6, 4}, {0, 2}, {3, 0}}) {
            Window w = Window.of(offsets, Shape.of(10, 7)).periodic(0);
            assertEquals(w, inLoop(w, launch, in).window());
        }
        // the whole of an axis is the whole domain there, whatever the domain says
        Window wholeAxes = Window.of(new int[] {0, 0}, Shape.of(4, 3)).periodic(1);
        assertEquals(wholeAxes, inLoop(wholeAxes, launch, in).window());
        Window notWrapping = Window.of(new int[] {3, 2}, Shape.of(10, 7));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> inLoop(notWrapping, launch, in));
        assertTrue(e.getMessage().startsWith("[Window] kernel 'mixed' wraps round axis 0 (Boundary.PERIODIC), but its launch over"
                + " 4 x 3 in Window[offsets (3, 2) in 10 x 7] is a tile of a domain that does not wrap there"), e.getMessage());
        assertTrue(e.getMessage().contains(".periodic(0)"), e.getMessage());
        Window wrapsBoth = Window.of(new int[] {3, 2}, Shape.of(10, 7)).periodic(0, 1);
        e = assertThrows(IllegalStateException.class, () -> inLoop(wrapsBoth, launch, in));
        assertTrue(e.getMessage().startsWith("[Window] kernel 'mixed' stops at the edges of axis 1 (a boundary rule other than"
                + " PERIODIC), but its launch over 4 x 3 in Window[offsets (3, 2) in 10 x 7, periodic along 0, 1] is a tile of a"
                + " domain that wraps round there"), e.getMessage());
        // a kernel that reads no grid away from the point runs on any tile
        Window any = Window.of(new int[] {3, 2}, Shape.of(10, 7)).periodic(1);
        assertEquals(any, inLoop(any, () -> Launch.overShape(RANK2, Backend.JVM, Shape.of(4, 3))).window());
    }

    @Test
    void aTileMeshInAWrappingLoopTakesTheLoopsWindow() {
        Mesh whole = Mesh.linspace(0, 1, 10, 0, 1, 7);
        Mesh tile = whole.tile(new int[] {6, 4}, new int[] {4, 3});
        Window w = tile.window().periodic(0);
        assertEquals(w, inLoop(w, () -> Launch.overMesh(READS_AXIS1, Backend.JVM, tile)).window());
    }
}
