package dev.gridforge.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.Backend;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

/**
 * Which device a task takes. Spark assigns GPUs only under a cluster manager (local mode hangs a
 * job that asks for them), so the resources a cluster would give are built here; on local[2]
 * without GPUs every task runs on the fallback.
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
