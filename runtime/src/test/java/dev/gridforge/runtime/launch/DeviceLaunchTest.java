package dev.gridforge.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.FloatField;
import dev.gridforge.runtime.Mesh;
import dev.gridforge.runtime.launch.KernelSignature.Slot;
import dev.gridforge.runtime.Shape;
import dev.gridforge.runtime.Window;
import dev.gridforge.runtime.spi.DeviceBuffer;
import dev.gridforge.runtime.spi.DeviceKernel;
import dev.gridforge.runtime.testing.HeapAccelerator;
import dev.gridforge.runtime.testing.LogCapture;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The launch path on an accelerator that only records: argument order, geometry, uploads, freeing. */
class DeviceLaunchTest {

    private final HeapAccelerator acc = new HeapAccelerator();

    /** A kernel of the given rank and slots; the heap accelerator compiles nothing, so any resource does. */
    private static KernelInfo info(String name, int rank, Slot... slots) {
        return new KernelInfo(TestKernels.class, name, name, rank, "TestKernels.affine1.cu", KernelSignature.of(slots));
    }

    /** Writes one double field and takes nothing: for the geometry tests. */
    private DeviceLaunch bare(int rank, Shape shape) {
        return DeviceLaunch.on(info("bare" + rank, rank, Slot.output("out", ElementType.DOUBLE), Slot.extents()),
                Backend.CUDA_SIM, acc, shape);
    }

    private DeviceLaunch affine1(Shape shape) {
        return DeviceLaunch.on(TestKernels.kernel("affine1", 1), Backend.CUDA_SIM, acc, shape);
    }

    @Test
    void argumentsFollowTheSignatureOrder() {
        KernelInfo k = info("mixed", 2, Slot.output("out", ElementType.DOUBLE), Slot.extents(), Slot.meshAxis(1),
                Slot.field("in", ElementType.DOUBLE), Slot.value("a", ElementType.DOUBLE), Slot.value("i", ElementType.INT),
                Slot.value("l", ElementType.LONG), Slot.value("f", ElementType.FLOAT), Slot.define("K", ElementType.INT));
        DoubleField in = DoubleField.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
        Mesh mesh = Mesh.linspace(0, 1, 3, 10, 20, 2);
        DoubleField result = DeviceLaunch.on(k, Backend.CUDA_SIM, acc, Shape.of(3, 2)).meshAxis(mesh, 1).arg(in)
                .arg(2.5).arg(7).arg(8L).arg(1.5f).define("K", 3).runDouble();
        HeapAccelerator.LaunchCall call = acc.launches.get(0);
        List<Object> args = call.args();
        assertSame(result.deviceBuffer().orElseThrow(), args.get(0));
        assertEquals(List.of(3, 2, 1, 1, 0, 2), args.subList(1, 7), "extents, and the whole of the outermost axis");
        assertEquals(List.of(10.0, 10.0, 20.0), args.subList(7, 10), "start, step, stop of axis 1");
        assertTrue(args.get(10) instanceof DeviceBuffer);
        assertEquals(List.of(2.5, 7, 8L, 1.5f), args.subList(11, 15));
        assertEquals(List.of("#define K 3"), call.kernel().defines());
        DeviceBuffer upload = (DeviceBuffer) args.get(10);
        assertTrue(upload.isClosed(), "the temporary upload is freed after the launch");
        assertTrue(acc.synchronizations > 0, "freed only after waiting for the kernel");
        assertFalse(result.deviceBuffer().orElseThrow().isClosed());
        assertEquals(48, result.deviceBuffer().orElseThrow().bytes());
    }

    /** The window axes come from the launch's window, not from the launcher: each the offset and the global extent of its axis. */
    @Test
    void windowAxesPassTheWindowsOffsetAndGlobalExtent() {
        KernelInfo k = info("windowed", 3, Slot.output("out", ElementType.DOUBLE), Slot.extents(), Slot.meshAxis(1), Slot.windowAxis(0),
                Slot.windowAxis(2), Slot.value("a", ElementType.DOUBLE));
        assertEquals(List.of(0, 2), k.signature().windowAxes());
        Mesh mesh = Mesh.linspace(0, 1, 9, 10, 20, 3, 0, 1, 40);
        Shape local = Shape.of(3, 2, 4);
        DeviceLaunch.on(k, Backend.CUDA_SIM, acc, local, Window.of(new int[] {5, 1, 30}, Shape.of(9, 3, 40))).meshAxis(mesh, 1)
                .arg(0.5).runDouble();
        List<Object> args = acc.launches.get(0).args();
        assertEquals(List.of(3, 2, 4, 1, 0, 4), args.subList(1, 7));
        assertEquals(List.of(10.0, 5.0, 20.0), args.subList(7, 10));
        assertEquals(List.of(5, 9, 30, 40, 0.5), args.subList(10, 15), "offset and global extent of axis 0, then of axis 2");
        assertEquals(15, args.size());
        IllegalArgumentException axis = assertThrows(IllegalArgumentException.class, () -> Slot.windowAxis(4));
        assertTrue(axis.getMessage().contains("WINDOW_AXIS"), axis.getMessage());
        assertEquals(3, Slot.windowAxis(3).axis());
        assertThrows(IllegalArgumentException.class, () -> Slot.meshAxis(3));
    }

    /** Each argument is checked against its slot when it is given, so a wrong launcher fails at the call that is wrong. */
    @Test
    void argumentsThatDoNotMatchTheirSlotAreRefused() {
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> affine1(Shape.of(2)).arg(FloatField.of(new float[2], 2)));
        assertTrue(wrongType.getMessage().contains("argument 1 is field double in"), wrongType.getMessage());
        IllegalArgumentException valueForField = assertThrows(IllegalArgumentException.class, () -> affine1(Shape.of(2)).arg(1.0));
        assertTrue(valueForField.getMessage().contains("field double in"), valueForField.getMessage());
        IllegalStateException tooMany = assertThrows(IllegalStateException.class,
                () -> affine1(Shape.of(2)).arg(DoubleField.of(new double[2], 2)).arg(1.0).arg(2.0));
        assertTrue(tooMany.getMessage().contains("takes 2 arguments"), tooMany.getMessage());
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> affine1(Shape.of(2)).arg(DoubleField.of(new double[2], 2)).runDouble());
        assertTrue(missing.getMessage().contains("takes 2 arguments"), missing.getMessage());
        IllegalArgumentException noSuchDefine = assertThrows(IllegalArgumentException.class, () -> affine1(Shape.of(2)).define("K", 1));
        assertTrue(noSuchDefine.getMessage().contains("no specialised constant K"), noSuchDefine.getMessage());
        assertTrue(acc.allocated.isEmpty() && acc.launches.isEmpty(), "nothing ran");
    }

    @Test
    void severalOutputsComeFirstInOrder() {
        KernelInfo k = info("pair", 1, Slot.output("u", ElementType.DOUBLE), Slot.output("v", ElementType.FLOAT),
                Slot.extents(), Slot.value("a", ElementType.DOUBLE));
        Field[] results = DeviceLaunch.on(k, Backend.CUDA_SIM, acc, Shape.of(5)).arg(1.0).run();
        assertEquals(2, results.length);
        assertEquals(ElementType.DOUBLE, results[0].elementType());
        assertEquals(ElementType.FLOAT, results[1].elementType());
        List<Object> args = acc.launches.get(0).args();
        assertSame(results[0].deviceBuffer().orElseThrow(), args.get(0));
        assertSame(results[1].deviceBuffer().orElseThrow(), args.get(1));
        assertEquals(List.of(5, 1, 1, 1, 0, 5, 1.0), args.subList(2, 9));
        assertEquals(20, results[1].deviceBuffer().orElseThrow().bytes());
    }

    @Test
    void givenDeviceOutputsAreWrittenInPlaceAndHostOnesThroughACopy() {
        KernelInfo k = info("pair", 1, Slot.output("u", ElementType.DOUBLE), Slot.output("v", ElementType.DOUBLE),
                Slot.extents());
        DeviceBuffer own = acc.holding(new double[] {9, 9});
        DoubleField onDevice = DoubleField.onDevice(own, Shape.of(2), Backend.CUDA_SIM);
        double[] hostArray = {7, 7};
        DoubleField onHost = DoubleField.of(hostArray, 2);
        int allocatedBefore = acc.allocated.size();
        Field[] results = new DeviceLaunch(k, Backend.CUDA_SIM, acc, Shape.of(2), Window.identity(Shape.of(2)),
                new Field[] {onDevice, onHost}).run();
        assertSame(onDevice, results[0]);
        assertSame(onHost, results[1]);
        List<Object> args = acc.launches.get(0).args();
        assertSame(own, args.get(0), "a device output of this accelerator is the kernel's own pointer");
        DeviceBuffer staging = (DeviceBuffer) args.get(1);
        assertEquals(allocatedBefore + 1, acc.allocated.size(), "one buffer for the host output, none for the device one");
        assertTrue(staging.isClosed(), "the staging buffer of a host output is freed");
        assertArrayEquals(new double[] {0, 0}, hostArray, "the host output received the (here all-zero) device result");
        assertFalse(own.isClosed());
    }

    /** A kernel loaded ahead (what a launcher's prepare() does) is the one its first launch uses: nothing compiles twice. */
    @Test
    void aPreparedKernelIsNotLoadedAgainByItsLaunch() {
        KernelInfo k = info("prepared", 1, Slot.output("out", ElementType.DOUBLE), Slot.extents());
        DeviceKernel loaded = KernelLoader.load(k, acc, List.of());
        assertEquals(1, acc.loads);
        DeviceLaunch.on(k, Backend.CUDA_SIM, acc, Shape.of(4)).runDouble().close();
        DeviceLaunch.on(k, Backend.CUDA_SIM, acc, Shape.of(9)).runDouble().close();
        assertEquals(1, acc.loads, "the launches found it loaded");
        assertSame(loaded, acc.launches.get(1).kernel());
        assertEquals(0, KernelLoader.prepare(Backend.JVM, k) / 1_000_000_000L, "the JVM has nothing to prepare");
    }

    /** A specialised constant that changes every call would compile every call: the user is told once. */
    @Test
    void manySpecialisationsOfOneKernelWarnOnce() {
        // A kernel of its own, so no other test's specialisations count towards the threshold.
        KernelInfo kernel = new KernelInfo(TestKernels.class, "watched", "watched", 1, "TestKernels.constD.cu",
                KernelSignature.of(Slot.output("out", ElementType.DOUBLE), Slot.extents(), Slot.define("V0", ElementType.INT)));
        try (LogCapture log = new LogCapture(SpecialisationWatch.class)) {
            for (int round = 0; round < 2; round++) { // the second round is all cached: no new compiles
                for (int v = 0; v < SpecialisationWatch.WARN_AT + 4; v++) {
                    DeviceLaunch.on(kernel, Backend.CUDA_SIM, acc, Shape.of(8)).define("V0", v).runDouble().close();
                }
            }
            assertEquals(SpecialisationWatch.WARN_AT + 4, LauncherCaches.of(TestKernels.class).specialisations.count("watched"));
            // the same value on another accelerator is not another specialisation
            DeviceLaunch.on(kernel, Backend.CUDA_SIM, new HeapAccelerator(), Shape.of(8)).define("V0", 3).runDouble().close();
            assertEquals(SpecialisationWatch.WARN_AT + 4, LauncherCaches.of(TestKernels.class).specialisations.count("watched"));
            List<String> warnings = log.messages();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("WARNING gridforge: kernel 'watched' has been compiled for 16 different values"),
                    warnings.get(0));
        }
    }

    @Test
    void gridsByRank() {
        bare(1, Shape.of(1000)).runDouble();
        bare(2, Shape.of(100, 70)).runDouble();
        bare(3, Shape.of(33, 9, 3)).runDouble();
        bare(2, Shape.of(2, 1_000_000)).runDouble();
        assertArrayEquals(new int[] {256, 1, 1}, acc.launches.get(0).block());
        assertArrayEquals(new int[] {4, 1, 1}, acc.launches.get(0).grid());
        assertArrayEquals(new int[] {32, 8, 1}, acc.launches.get(1).block());
        assertArrayEquals(new int[] {4, 9, 1}, acc.launches.get(1).grid());
        assertArrayEquals(new int[] {32, 4, 2}, acc.launches.get(2).block());
        assertArrayEquals(new int[] {2, 3, 2}, acc.launches.get(2).grid());
        // One point per thread along y: 10^6 rows need more than 65535 blocks of 8, so two bands of 500000
        assertEquals(5, acc.launches.size());
        for (int b = 3; b < 5; b++) {
            assertArrayEquals(new int[] {1, 62500, 1}, acc.launches.get(b).grid(), "band " + (b - 3));
            assertEquals(List.of(2, 1_000_000, 1, 1, (b - 3) * 500_000, (b - 2) * 500_000), acc.launches.get(b).args().subList(1, 7));
        }
    }

    /** Rank 3 bands axis 2 on grid z; rank 4 walks axes 2 and 3 on z, so its bands of axis 3 shrink with n2. */
    @Test
    void theGridCoversTheOutermostAxisInBandsWhereItMust() {
        bare(3, Shape.of(1, 1, 200_000)).runDouble();
        assertEquals(2, acc.launches.size(), "200000 rows of z in blocks of 2: more than 65535 blocks");
        assertTrue(acc.launches.stream().allMatch(l -> l.grid()[2] <= 65535));
        acc.launches.clear();
        acc.bandsLaunched.clear();
        bare(4, Shape.of(1, 1, 3000, 100)).runDouble();
        int[] block = acc.launches.get(0).block();
        long covered = 0;
        for (HeapAccelerator.LaunchCall l : acc.launches) {
            int lo = (int) l.args().get(5);
            int hi = (int) l.args().get(6);
            assertTrue((long) l.grid()[2] * block[2] >= (long) (hi - lo) * 3000 && l.grid()[2] <= 65535, "band " + lo + ".." + hi);
            covered += hi - lo;
        }
        assertEquals(100, covered);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bare(4, Shape.of(1, 1, 200_000, 2)).runDouble());
        assertTrue(e.getMessage().contains("has axis 2 longer than one launch can cover"), e.getMessage());
    }

    /** A short axis gets only the threads that cover it; x takes the rest of the 256. */
    @Test
    void shortAxesGiveTheirThreadsToX() {
        bare(2, Shape.of(1000, 1)).runDouble();
        bare(2, Shape.of(1000, 3)).runDouble();
        bare(3, Shape.of(100, 5, 1)).runDouble();
        bare(3, Shape.of(100, 1, 1)).runDouble();
        assertArrayEquals(new int[] {256, 1, 1}, acc.launches.get(0).block());
        assertArrayEquals(new int[] {4, 1, 1}, acc.launches.get(0).grid());
        assertArrayEquals(new int[] {64, 4, 1}, acc.launches.get(1).block());
        assertArrayEquals(new int[] {32, 8, 1}, acc.launches.get(2).block());
        assertArrayEquals(new int[] {256, 1, 1}, acc.launches.get(3).block());
        assertArrayEquals(new int[] {32, 8, 1}, LaunchGeometry.block(2, 1, (1 << 30) + 1, 1), "no overflow on huge axes");
        assertArrayEquals(new int[] {32, 4, 2}, LaunchGeometry.block(3, 1, Integer.MAX_VALUE, Integer.MAX_VALUE));
    }

    /** A launch cut into bands of its outermost axis: each band's range, grid and finished bytes. */
    @Test
    void largeLaunchesRunInBandsOfTheOutermostAxis() {
        KernelInfo k = info("pair", 2, Slot.output("u", ElementType.DOUBLE), Slot.output("v", ElementType.FLOAT),
                Slot.extents(), Slot.value("a", ElementType.DOUBLE));
        acc.bands = 3;
        DeviceLaunch.on(k, Backend.CUDA_SIM, acc, Shape.of(10, 7)).arg(1.0).run();
        assertEquals(3, acc.launches.size());
        int[][] ranges = {{0, 2}, {2, 4}, {4, 7}};
        for (int b = 0; b < 3; b++) {
            HeapAccelerator.LaunchCall call = acc.launches.get(b);
            assertEquals(List.of(10, 7, 1, 1, ranges[b][0], ranges[b][1], 1.0), call.args().subList(2, 9), "band " + b);
            int rows = ranges[b][1] - ranges[b][0];
            assertTrue(call.grid()[1] * call.block()[1] >= rows && (call.grid()[1] - 1) * call.block()[1] < rows,
                    "band " + b + ": grid " + Arrays.toString(call.grid()) + " for " + rows + " rows");
            assertArrayEquals(new long[] {ranges[b][1] * 10L * 8, ranges[b][1] * 10L * 4}, acc.bandsLaunched.get(b));
        }
    }

    @Test
    void neverMoreBandsThanRows() {
        acc.bands = 64;
        affine1(Shape.of(5)).arg(DoubleField.of(new double[] {1, 2, 3, 4, 5}, 5)).arg(1.0).runDouble();
        assertEquals(5, acc.launches.size());
        for (int b = 0; b < 5; b++) {
            assertEquals(List.of(b, b + 1), acc.launches.get(b).args().subList(5, 7));
        }
        acc.launches.clear();
        acc.bandsLaunched.clear();
        acc.bands = 1;
        affine1(Shape.of(5)).arg(DoubleField.of(new double[] {1, 2, 3, 4, 5}, 5)).arg(1.0).runDouble();
        assertEquals(1, acc.launches.size());
        assertTrue(acc.bandsLaunched.isEmpty(), "a launch in one piece reports no bands");
    }

    @Test
    void rankZeroRunsFlattened() {
        bare(0, Shape.of(10, 20, 3)).runDouble();
        HeapAccelerator.LaunchCall call = acc.launches.get(0);
        assertEquals(List.of(600, 1, 1, 1, 0, 600), call.args().subList(1, 7));
        assertArrayEquals(new int[] {3, 1, 1}, call.grid());
    }

    @Test
    void deviceInputsOfThisAcceleratorAreNotCopied() {
        DeviceBuffer own = acc.holding(new double[] {1, 2});
        DoubleField onDevice = DoubleField.onDevice(own, Shape.of(2), Backend.CUDA_SIM);
        affine1(Shape.of(2)).arg(onDevice).arg(1.0).runDouble();
        assertSame(own, acc.launches.get(0).args().get(7));
        assertFalse(own.isClosed());
    }

    @Test
    void inputsOnAnotherAcceleratorAreCopiedOver() {
        HeapAccelerator other = new HeapAccelerator();
        DoubleField elsewhere = DoubleField.onDevice(other.holding(new double[] {4, 5}), Shape.of(2), Backend.CUDA);
        affine1(Shape.of(2)).arg(elsewhere).arg(1.0).runDouble();
        DeviceBuffer copy = (DeviceBuffer) acc.launches.get(0).args().get(7);
        assertSame(acc, copy.owner());
        assertTrue(copy.isClosed());
    }

    @Test
    void aFailedLaunchFreesEverything() {
        acc.failOnLaunch = new IllegalStateException("launch failed");
        DoubleField in = DoubleField.of(new double[] {1, 2}, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> affine1(Shape.of(2)).arg(in).arg(1.0).runDouble());
        assertSame(acc.failOnLaunch, e);
        assertEquals(2, acc.allocated.size());
        acc.allocated.forEach(b -> assertTrue(b.isClosed()));
    }

    @Test
    void theResultTypeMustMatchTheKernel() {
        assertThrows(IllegalStateException.class, () -> affine1(Shape.of(2)).arg(DoubleField.of(new double[2], 2)).arg(1.0).runFloat());
        assertTrue(acc.allocated.isEmpty());
    }

    @Test
    void nullInputsAreNamedBySlot() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> affine1(Shape.of(2)).arg((DoubleField) null));
        assertTrue(e.getMessage().contains("affine1") && e.getMessage().contains("input 'in'"), e.getMessage());
    }
}
