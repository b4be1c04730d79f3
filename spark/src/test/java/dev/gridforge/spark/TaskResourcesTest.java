package dev.gridforge.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.Backend;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Which device a task takes. Spark assigns GPUs only under a cluster manager (local mode hangs a
 * job that asks for them): a local cluster with a discovery script schedules them here as a
 * cluster would, and the addresses it hands out stand for GPUs this machine need not have (the
 * tasks only report their device). On local[2] without GPUs every task runs on the fallback.
 */
class TaskResourcesTest {

    @Test
    void theFirstAssignedAddressIsTheDeviceOrdinal() {
        assertEquals(OptionalInt.of(1), TaskDevice.assignedGpu(Map.of("gpu", new ResourceInformation("gpu", new String[] {"1", "0"})), 7));
        assertEquals(OptionalInt.of(3), TaskDevice.assignedGpu(Map.of("gpu", new ResourceInformation("gpu", new String[] {" 3 "})), 7));
        assertEquals(OptionalInt.empty(), TaskDevice.assignedGpu(Map.of(), 7));
        assertEquals(OptionalInt.empty(), TaskDevice.assignedGpu(Map.of("fpga", new ResourceInformation("fpga", new String[] {"0"})), 7));
        assertEquals(OptionalInt.empty(), TaskDevice.assignedGpu(null, -1));
        Exception e = assertThrows(IllegalStateException.class,
                () -> TaskDevice.assignedGpu(Map.of("gpu", new ResourceInformation("gpu", new String[] {"GPU-5f3a"})), 7));
        assertTrue(e.getMessage().contains("task 7 was assigned GPU address 'GPU-5f3a', not a CUDA device ordinal"), e.getMessage());
    }

    /** Two task slots wait for each other, so both GPUs are taken at once. */
    private static final CyclicBarrier BOTH_SLOTS = new CyclicBarrier(2);

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // an executor that cannot start leaves the job waiting
    void underGpuSchedulingEachTaskRunsOnTheGpuSparkAssignedIt() {
        SweepTask<Integer, String> where = (p, task) -> {
            String[] assigned = TaskContext.get().resources().get(TaskDevice.GPU).get().addresses();
            BOTH_SLOTS.await(60, TimeUnit.SECONDS);
            return String.join(",", assigned) + " -> " + task.device().describe();
        };
        List<String> seen;
        try (LocalCluster cluster = LocalCluster.withGpus(2, "0", "1")) {
            seen = Sweep.over(List.of(0, 1)).backend(Backend.JVM).run(cluster.spark(), where);
        }
        // each task was given one GPU of the two, a different one, and runs on CUDA there (not on the JVM backend asked for)
        assertEquals(Set.of("0 -> cuda device 0 (assigned by Spark)", "1 -> cuda device 1 (assigned by Spark)"), Set.copyOf(seen), seen.toString());
    }

    @Test
    void tasksWithoutAGpuRunOnTheFallback() {
        SweepTask<Integer, String> where = (p, task) -> task.device().describe();
        List<String> seen = Sweep.over(List.of(0, 1, 2, 3)).run(LocalSpark.get(), where);
        assertEquals(List.of("jvm (no GPU assigned)", "jvm (no GPU assigned)", "jvm (no GPU assigned)", "jvm (no GPU assigned)"), seen);
        try (TaskDevice d = TaskDevice.open(Backend.CUDA_SIM)) {
            assertEquals(Backend.CUDA_SIM, d.backend());
            assertTrue(d.gpu().isEmpty());
        }
    }
}
