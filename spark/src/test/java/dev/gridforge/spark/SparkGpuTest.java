package dev.gridforge.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.Ring;
import dev.gridforge.spark.kernels.StencilsKernels;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On a GPU: a sweep's tasks run on CUDA and agree with the JVM, in local mode and under Spark's GPU
 * scheduling ({@code spark.task.resource.gpu.amount}); a tiled loop on CUDA equals the whole
 * domain on CUDA.
 */
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
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // an executor that cannot start leaves the job waiting
    void underSparkGpuSchedulingEachTaskRunsOnTheGpuItWasAssigned() {
        // without a usable GPU, one address all the same: its tasks then fail saying why CUDA cannot run
        int gpus = Math.max(1, Gridforge.cudaDeviceCount());
        String[] addresses = IntStream.range(0, gpus).mapToObj(Integer::toString).toArray(String[]::new);
        Sweep<SweepTest.FK> sweep = Sweep.over(SweepTest.parameters(4));
        List<SweepTest.Outcome> jvm = sweep.runHere(Backend.JVM, SweepTest.GRAY_SCOTT);
        List<SweepTest.Outcome> gpu;
        // one task slot per GPU; tasks without a GPU would run on the JVM (spark.gridforge.backend=jvm)
        try (LocalCluster cluster = LocalCluster.withGpus(gpus, addresses)) {
            gpu = sweep.run(cluster.spark(), SweepTest.GRAY_SCOTT);
        }
        for (int i = 0; i < gpu.size(); i++) {
            assertEquals("cuda", gpu.get(i).backend(), "task " + i + " was not given a GPU by Spark");
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
        int[] devices = IntStream.range(0, Gridforge.cudaDeviceCount()).toArray();
        TiledLoopTest.assertBitForBit(whole.field("v"), loop.runHere(Backend.CUDA, 2 * devices.length, 40, gs, devices).field("v"));
    }
}
