package dev.gridforge.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Ring;
import dev.gridforge.spark.kernels.StencilsKernels;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** On a GPU: a sweep's tasks run on CUDA and agree with the JVM; a tiled loop on CUDA equals the whole domain on CUDA. */
@Tag("gpu")
class SparkGpuTest {

    @Test
    void aSweepRunsOnTheGpuAndAgreesWithTheJvm() {
        Sweep<SweepTest.FK> sweep = Sweep.over(SweepTest.parameters(4)).backend(Backend.CUDA);
        List<SweepTest.Outcome> gpu = sweep.run(LocalSpark.get(), SweepTest.GRAY_SCOTT);
        List<SweepTest.Outcome> jvm = sweep.runHere(Backend.JVM, SweepTest.GRAY_SCOTT);
        for (int i = 0; i < gpu.size(); i++) {
            assertEquals("cuda", gpu.get(i).backend());
            // the same arithmetic without FMA contraction; libm's exp/sin are not used by this kernel
            assertEquals(jvm.get(i).meanV(), gpu.get(i).meanV(), 1e-12 * Math.abs(jvm.get(i).meanV()));
        }
    }

    @Test
    void aTiledLoopOnTheGpuEqualsTheWholeDomainOnTheGpu() {
        int[] extents = {300, 200};
        TiledLoop loop = TiledLoop.over(extents).tiles(3, 2).periodic(0, 1).stepsPerExchange(8).backend(Backend.CUDA)
                .ring("u", TiledLoopTest.random(3, 0.5, 1, extents), 0).ring("v", TiledLoopTest.random(4, 0, 0.25, extents), 0);
        TileStep gs = s -> {
            Ring<DoubleField> u = s.ring("u");
            Ring<DoubleField> v = s.ring("v");
            StencilsKernels.on(s.backend()).grayScottInto(u.next(), v.next(), u.now(), v.now(), 0.03, 0.06);
        };
        TiledLoop.Result whole = loop.runWhole(Backend.CUDA, 40, gs);
        TiledLoop.Result tiled = loop.run(LocalSpark.get(), 40, gs);
        TiledLoopTest.assertBitForBit(whole.field("v"), tiled.field("v"));
        assertTrue(tiled.rounds().size() == 5);
        // the same tiling without Spark, the tiles spread over every GPU of the machine
        int[] devices = java.util.stream.IntStream.range(0, dev.gridforge.runtime.Gridforge.cudaDeviceCount()).toArray();
        TiledLoopTest.assertBitForBit(whole.field("v"), loop.runHere(Backend.CUDA, 2 * devices.length, 40, gs, devices).field("v"));
    }
}
