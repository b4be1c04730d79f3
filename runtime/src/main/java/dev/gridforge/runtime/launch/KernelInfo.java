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
 * @param wrapAxes     the axes along which it reads a {@code Boundary.PERIODIC} grid away from the point: there its
 *                     launch wraps round its own extent, which is the domain's only for a launch over the whole axis
 * @param edgeAxes     the axes along which it reads a grid of another boundary rule away from the point: there its
 *                     launch applies the rule at its own edges, which are the domain's unless it reaches past them
 */
public record KernelInfo(Class<?> launcher, String name, String entry, int rank, String cudaResource, KernelSignature signature,
                         List<String> localArrays, List<Integer> wrapAxes, List<Integer> edgeAxes) {

    public KernelInfo {
        Objects.requireNonNull(launcher, "launcher");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(cudaResource, "cudaResource");
        Objects.requireNonNull(signature, "signature");
        localArrays = List.copyOf(localArrays);
        wrapAxes = List.copyOf(wrapAxes);
        edgeAxes = List.copyOf(edgeAxes);
        if (rank < 0 || rank > Shape.MAX_RANK) {
            throw new IllegalArgumentException("kernel " + name + ": rank must be 0..4, got " + rank);
        }
    }

    /** A kernel that reads no grid away from the point. */
    public KernelInfo(Class<?> launcher, String name, String entry, int rank, String cudaResource, KernelSignature signature,
                      List<String> localArrays) {
        this(launcher, name, entry, rank, cudaResource, signature, localArrays, List.of(), List.of());
    }

    /** A kernel with no local arrays that reads no grid away from the point. */
    public KernelInfo(Class<?> launcher, String name, String entry, int rank, String cudaResource, KernelSignature signature) {
        this(launcher, name, entry, rank, cudaResource, signature, List.of());
    }

    /** The element types of the result fields, in order. */
    public List<ElementType> results() {
        return signature.results();
    }
}
