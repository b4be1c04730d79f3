package dev.gridforge.runtime.launch;

import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.Shape;
import java.util.List;
import java.util.Objects;

/**
 * What a generated launcher knows about one kernel.
 *
 * @param launcher     the generated launcher class; the CUDA resource lives next to it
 * @param name         the kernel's name (the Java method's), for messages
 * @param entry        its {@code extern "C"} entry point in the CUDA C, looked up by this name
 * @param rank         0 for a kernel that reads no axis (any shape, flattened on the device), else 1..4
 * @param cudaResource the CUDA C resource, relative to {@code launcher} ({@code "GeoKernels.distance.cu"})
 * @param signature    what a launch passes, in the entry's order
 * @param localArrays  the kernel's local arrays, in order, as a read outside one names them ({@code "h (double[32])"})
 */
public record KernelInfo(Class<?> launcher, String name, String entry, int rank, String cudaResource, KernelSignature signature,
                         List<String> localArrays) {

    public KernelInfo {
        Objects.requireNonNull(launcher, "launcher");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(cudaResource, "cudaResource");
        Objects.requireNonNull(signature, "signature");
        localArrays = List.copyOf(localArrays);
        if (rank < 0 || rank > Shape.MAX_RANK) {
            throw new IllegalArgumentException("kernel " + name + ": rank must be 0..4, got " + rank);
        }
    }

    /** A kernel with no local arrays. */
    public KernelInfo(Class<?> launcher, String name, String entry, int rank, String cudaResource, KernelSignature signature) {
        this(launcher, name, entry, rank, cudaResource, signature, List.of());
    }

    /** The element types of the result fields, in order. */
    public List<ElementType> results() {
        return signature.results();
    }
}
