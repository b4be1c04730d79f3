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
import dev.gridforge.runtime.Shape;
import dev.gridforge.runtime.spi.DeviceBuffer;
import dev.gridforge.runtime.testing.HeapAccelerator;
import dev.gridforge.runtime.testing.LogCapture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The launch path on an accelerator that only records: argument order, geometry, uploads, freeing. */
class DeviceLaunchTest {

    private final HeapAccelerator acc = new HeapAccelerator();

    private DeviceLaunch launch(String name, int rank, Shape shape) {
        return DeviceLaunch.on(TestKernels.kernel(name, rank, ElementType.DOUBLE), Backend.CUDA_SIM, acc, shape);
    }

    @Test
    void argumentsFollowOutAndExtents() {
        DoubleField in = DoubleField.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
        DoubleField result = launch("affine2", 2, Shape.of(3, 2)).arg(in).arg(2.5).arg(7).arg(8L).arg(1.5f)
                .define("K", 3).runDouble();
        HeapAccelerator.LaunchCall call = acc.launches.get(0);
        List<Object> args = call.args();
        assertSame(result.deviceBuffer().orElseThrow(), args.get(0));
        assertEquals(List.of(3, 2, 1), args.subList(1, 4));
        assertTrue(args.get(4) instanceof DeviceBuffer);
        assertEquals(List.of(2.5, 7, 8L, 1.5f), args.subList(5, 9));
        assertEquals(List.of("#define K 3"), call.kernel().defines());
        assertTrue(call.kernel().source().contains("affine2"));
        DeviceBuffer upload = (DeviceBuffer) args.get(4);
        assertTrue(upload.isClosed(), "the temporary upload is freed after the launch");
        assertTrue(acc.synchronizations > 0, "freed only after waiting for the kernel");
        assertFalse(result.deviceBuffer().orElseThrow().isClosed());
        assertEquals(48, result.deviceBuffer().orElseThrow().bytes());
    }

    /** A specialised constant that changes every call would compile every call: the user is told once. */
    @Test
    void manySpecialisationsOfOneKernelWarnOnce() {
        // A kernel of its own, so no other test's specialisations count towards the threshold.
        KernelInfo kernel = new KernelInfo(TestKernels.class, "watched", 1, ElementType.DOUBLE, "TestKernels.constD.cu");
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
        launch("affine1", 1, Shape.of(1000)).runDouble();
        launch("affine2", 2, Shape.of(100, 70)).runDouble();
        launch("affine3", 3, Shape.of(33, 9, 3)).runDouble();
        launch("affine2", 2, Shape.of(2, 1_000_000)).runDouble();
        assertArrayEquals(new int[] {256, 1, 1}, acc.launches.get(0).block());
        assertArrayEquals(new int[] {4, 1, 1}, acc.launches.get(0).grid());
        assertArrayEquals(new int[] {32, 8, 1}, acc.launches.get(1).block());
        assertArrayEquals(new int[] {4, 9, 1}, acc.launches.get(1).grid());
        assertArrayEquals(new int[] {32, 4, 2}, acc.launches.get(2).block());
        assertArrayEquals(new int[] {2, 3, 2}, acc.launches.get(2).grid());
        assertArrayEquals(new int[] {1, 65535, 1}, acc.launches.get(3).grid(), "grid y is capped; kernels stride");
    }

    /** A short axis gets only the threads that cover it; x takes the rest of the 256. */
    @Test
    void shortAxesGiveTheirThreadsToX() {
        launch("affine2", 2, Shape.of(1000, 1)).runDouble();
        launch("affine2", 2, Shape.of(1000, 3)).runDouble();
        launch("affine3", 3, Shape.of(100, 5, 1)).runDouble();
        launch("affine3", 3, Shape.of(100, 1, 1)).runDouble();
        assertArrayEquals(new int[] {256, 1, 1}, acc.launches.get(0).block());
        assertArrayEquals(new int[] {4, 1, 1}, acc.launches.get(0).grid());
        assertArrayEquals(new int[] {64, 4, 1}, acc.launches.get(1).block());
        assertArrayEquals(new int[] {32, 8, 1}, acc.launches.get(2).block());
        assertArrayEquals(new int[] {256, 1, 1}, acc.launches.get(3).block());
        assertArrayEquals(new int[] {32, 8, 1}, LaunchGeometry.block(2, 1, (1 << 30) + 1, 1), "no overflow on huge axes");
        assertArrayEquals(new int[] {32, 4, 2}, LaunchGeometry.block(3, 1, Integer.MAX_VALUE, Integer.MAX_VALUE));
    }

    @Test
    void rankZeroRunsFlattened() {
        launch("flat", 0, Shape.of(10, 20, 3)).runDouble();
        HeapAccelerator.LaunchCall call = acc.launches.get(0);
        assertEquals(List.of(600, 1, 1), call.args().subList(1, 4));
        assertArrayEquals(new int[] {3, 1, 1}, call.grid());
    }

    @Test
    void deviceInputsOfThisAcceleratorAreNotCopied() {
        DeviceBuffer own = acc.holding(new double[] {1, 2});
        DoubleField onDevice = DoubleField.onDevice(own, Shape.of(2), Backend.CUDA_SIM);
        launch("affine1", 1, Shape.of(2)).arg(onDevice).runDouble();
        assertSame(own, acc.launches.get(0).args().get(4));
        assertFalse(own.isClosed());
    }

    @Test
    void inputsOnAnotherAcceleratorAreCopiedOver() {
        HeapAccelerator other = new HeapAccelerator();
        DoubleField elsewhere = DoubleField.onDevice(other.holding(new double[] {4, 5}), Shape.of(2), Backend.CUDA);
        launch("affine1", 1, Shape.of(2)).arg(elsewhere).runDouble();
        DeviceBuffer copy = (DeviceBuffer) acc.launches.get(0).args().get(4);
        assertSame(acc, copy.owner());
        assertTrue(copy.isClosed());
    }

    @Test
    void aFailedLaunchFreesEverything() {
        acc.failOnLaunch = new IllegalStateException("launch failed");
        DoubleField in = DoubleField.of(new double[] {1, 2}, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> launch("affine1", 1, Shape.of(2)).arg(in).runDouble());
        assertSame(acc.failOnLaunch, e);
        assertEquals(2, acc.allocated.size());
        acc.allocated.forEach(b -> assertTrue(b.isClosed()));
    }

    @Test
    void theResultTypeMustMatchTheKernel() {
        assertThrows(IllegalStateException.class, () -> launch("affine1", 1, Shape.of(2)).runFloat());
        assertTrue(acc.allocated.isEmpty());
    }

    @Test
    void nullInputsAreNamedByPosition() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> launch("affine1", 1, Shape.of(2)).arg(1.0).arg((DoubleField) null));
        assertTrue(e.getMessage().contains("affine1") && e.getMessage().contains("argument 1"), e.getMessage());
    }
}
