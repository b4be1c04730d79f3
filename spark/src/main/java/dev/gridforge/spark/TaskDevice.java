package dev.gridforge.spark;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.CudaDeviceScope;
import dev.gridforge.runtime.Gridforge;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * Where the Spark task running on this thread computes: the GPU Spark assigned it, or a backend
 * of the JVM's own when Spark assigned none. Open it at the start of a task and close it at the
 * end (try-with-resources): while open, CUDA work of this thread goes to the assigned device
 * ({@link Gridforge#onCudaDevice}).
 *
 * <p>The rule: a task given GPU addresses ({@code spark.task.resource.gpu.amount} and a discovery
 * script, read from {@code TaskContext.resources()}) runs on CUDA on the first of them (an address
 * is a CUDA device ordinal, as the discovery script lists them). A task given none runs on the
 * {@code fallback} backend: {@code spark.gridforge.backend} when the application sets it, else
 * gridforge's default ({@code auto}: the GPU of the machine when one is usable, else the JVM);
 * when that is CUDA and the machine has several GPUs, tasks take them in turn by partition
 * (Spark schedules GPUs only under a cluster manager; in local mode it assigns none).
 */
public final class TaskDevice implements AutoCloseable {

    /** The Spark configuration key naming the backend of tasks that were assigned no GPU. */
    public static final String BACKEND_KEY = "spark.gridforge.backend";
    /** The resource name Spark schedules GPUs by. */
    public static final String GPU = "gpu";

    private final Backend backend;
    private final OptionalInt gpu;
    private final CudaDeviceScope scope;

    private final String why;

    private TaskDevice(Backend backend, OptionalInt gpu, CudaDeviceScope scope, String why) {
        this.backend = backend;
        this.gpu = gpu;
        this.scope = scope;
        this.why = why;
    }

    /**
     * The device of the task running on this thread (or, outside a Spark task, the fallback).
     *
     * @param fallback the backend for a task without a GPU ({@code null}: gridforge's default)
     */
    public static TaskDevice open(Backend fallback) {
        TaskContext task = TaskContext.get();
        OptionalInt gpu = assignedGpu(task == null ? null : task.resourcesJMap(), task == null ? -1 : task.taskAttemptId());
        if (gpu.isPresent()) {
            return new TaskDevice(Backend.CUDA, gpu, Gridforge.onCudaDevice(gpu.getAsInt()), "assigned by Spark");
        }
        Backend b = Gridforge.resolve(fallback == null ? Gridforge.defaultBackend() : fallback);
        int devices = b == Backend.CUDA && task != null ? Gridforge.cudaDeviceCount() : 0;
        if (devices > 1) {
            // No GPU scheduling (local mode has none): the machine's GPUs taken in turn by partition.
            int ordinal = task.partitionId() % devices;
            return new TaskDevice(b, OptionalInt.of(ordinal), Gridforge.onCudaDevice(ordinal),
                    "partition " + task.partitionId() + " of " + devices + " GPUs in turn, none assigned by Spark");
        }
        return new TaskDevice(b, OptionalInt.empty(), null, "no GPU assigned");
    }

    /**
     * {@link #open} for the work {@code what} ({@code "[Sweep] parameter set #3 (...)"}): a backend
     * that cannot run here is a {@link TaskFailedException} that names the work, as its failure
     * is ({@link #failed}).
     */
    static TaskDevice openFor(String what, Backend fallback) {
        try {
            return open(fallback);
        } catch (RuntimeException e) {
            throw new TaskFailedException(what + " cannot start" + attempt() + ": " + e.getMessage(), e);
        }
    }

    /** The work {@code what} failed on this device with {@code e}: said with the work, the device and Spark's attempt. */
    TaskFailedException failed(String what, Exception e) {
        return new TaskFailedException(what + " failed on " + describe() + attempt() + ": " + e, e);
    }

    /** ", attempt n" when Spark runs this task again, else nothing. */
    private static String attempt() {
        TaskContext task = TaskContext.get();
        return task == null || task.attemptNumber() == 0 ? "" : ", attempt " + (task.attemptNumber() + 1);
    }

    /** The first GPU address of a task's resources, as a device ordinal; empty when it has none. */
    static OptionalInt assignedGpu(Map<String, ResourceInformation> resources, long taskAttempt) {
        ResourceInformation gpus = resources == null ? null : resources.get(GPU);
        if (gpus == null || gpus.addresses().length == 0) {
            return OptionalInt.empty();
        }
        String address = gpus.addresses()[0].strip();
        try {
            int ordinal = Integer.parseInt(address);
            if (ordinal < 0) {
                throw new NumberFormatException("negative");
            }
            return OptionalInt.of(ordinal);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("[Spark] task " + taskAttempt + " was assigned GPU address '" + address
                    + "', not a CUDA device ordinal: the GPU discovery script must list ordinals such as \"0\", \"1\""
                    + " (docs/spark.md has one)");
        }
    }

    /** {@code CUDA} on the assigned GPU, or the fallback: never {@code AUTO}. */
    public Backend backend() {
        return backend;
    }

    /** The CUDA device ordinal Spark assigned this task, if it assigned one. */
    public OptionalInt gpu() {
        return gpu;
    }

    /** "cuda device 1 (assigned by Spark)", "jvm (no GPU assigned)". */
    public String describe() {
        return (gpu.isPresent() ? "cuda device " + gpu.getAsInt() : backend.id()) + " (" + why + ")";
    }

    @Override
    public void close() {
        if (scope != null) {
            scope.close();
        }
    }

    @Override
    public String toString() {
        return "TaskDevice[" + describe() + "]";
    }
}
