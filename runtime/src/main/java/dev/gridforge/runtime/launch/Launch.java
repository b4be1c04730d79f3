package dev.gridforge.runtime.launch;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.Mesh;
import dev.gridforge.runtime.Shape;
import dev.gridforge.runtime.Window;
import dev.gridforge.runtime.spi.Accelerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One call of a kernel: its shape, resolved backend, window, inputs and outputs, with the checks
 * generated launchers rely on. Its outputs are new fields, or the ones given to {@link #into}
 * (the launcher's {@code ...Into} methods), written in place.
 *
 * <p>The launch's {@link Window} (where its points lie in the whole domain, which the kernel's
 * {@code @Index}, {@code @Extent} and {@code @Coord} read) is decided here, once: a launch over a
 * tile mesh has the mesh's window; else a launch inside a step of a time loop with a window has the
 * loop's; else the window is the identity of the launch's shape.
 */
public final class Launch {

    private final KernelInfo kernel;
    private final Backend backend;
    private final Shape shape;
    private final Window window;
    private final List<Named> inputs = new ArrayList<>();
    private Field[] given;

    private record Named(String name, Field field) {
    }

    private Launch(KernelInfo kernel, Backend backend, Shape shape, Window window) {
        this.kernel = kernel;
        this.backend = backend;
        this.shape = shape;
        this.window = window;
    }

    /** A launch over every point of {@code mesh}; over a tile mesh, with the tile's window. */
    public static Launch overMesh(KernelInfo k, Backend b, Mesh mesh) {
        Objects.requireNonNull(mesh, () -> k.name() + ": mesh is null");
        return create(k, b, mesh.shape(), "mesh", mesh);
    }

    /** A launch over every point of {@code shape}. */
    public static Launch overShape(KernelInfo k, Backend b, Shape shape) {
        Objects.requireNonNull(shape, () -> k.name() + ": shape is null");
        return create(k, b, shape, "shape", null);
    }

    /** A launch over the shape of its inputs, which must all be non-null and of one shape. */
    public static Launch overInputs(KernelInfo k, Backend b, String[] names, Field[] inputs) {
        Objects.requireNonNull(k, "kernel");
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(inputs, "inputs");
        if (names.length != inputs.length || inputs.length == 0) {
            throw new IllegalArgumentException(k.name() + ": expected one name per input and at least one input, got "
                    + names.length + " names and " + inputs.length + " inputs");
        }
        Field first = requireOpen(k, "input", names[0], inputs[0]);
        Launch launch = create(k, b, first.shape(), "input '" + names[0] + "'", null);
        for (int i = 0; i < inputs.length; i++) {
            launch.input(names[i], inputs[i]);
        }
        return launch;
    }

    private static Launch create(KernelInfo k, Backend b, Shape shape, String what, Mesh mesh) {
        Objects.requireNonNull(k, "kernel");
        Objects.requireNonNull(b, () -> k.name() + ": backend is null");
        if (k.rank() != 0 && shape.rank() != k.rank()) {
            throw new IllegalArgumentException(k.name() + " is a rank-" + k.rank() + " kernel but its " + what
                    + " has rank " + shape.rank() + " (" + shape + ")");
        }
        Backend resolved = Gridforge.resolve(b);
        LoopContext loop = LoopContext.current();
        if (loop != null) {
            loop.checkBackend(k, resolved);
        }
        return new Launch(k, resolved, shape, window(k, shape, mesh, loop == null ? null : loop.window()));
    }

    /**
     * The launch's window: the mesh's, for a launch over a mesh (inside a time loop with a window,
     * the mesh must be the tile of that window); else the loop's; else the identity. Checked against
     * the launch: the same rank, and, on every axis the kernel reads through @Index, @Extent or
     * @Coord, inside the global domain.
     */
    private static Window window(KernelInfo k, Shape shape, Mesh mesh, Window loopWindow) {
        Window w;
        if (mesh != null) {
            w = mesh.window();
            if (loopWindow != null && loopWindow.placement().equals(w)) {
                w = loopWindow; // the tile mesh of the loop's window, in the loop's domain (which may wrap)
            } else if (loopWindow != null) {
                throw new IllegalStateException("[TimeLoop] kernel '" + k.name() + "' was launched over " + mesh
                        + " inside a step of a time loop whose window is " + loopWindow + ": pass the tile mesh of that window,"
                        + " wholeMesh.tile(offsets, extents) with the loop's offsets and the launch's extents, so that its"
                        + " coordinates are the tile's");
            }
        } else if (loopWindow != null) {
            w = loopWindow;
            if (w.rank() != shape.rank()) {
                throw new IllegalStateException("[TimeLoop] kernel '" + k.name() + "' was launched over " + shape + " (rank "
                        + shape.rank() + ") inside a step of a time loop whose window " + w + " has rank " + w.rank()
                        + ": a windowed loop's launches have the window's rank");
            }
        } else {
            return Window.identity(shape);
        }
        for (int axis : k.signature().windowAxes()) {
            if (!w.contains(shape, axis)) {
                int o = w.offset(axis);
                throw new IllegalStateException("[Window] kernel '" + k.name() + "' reads axis " + axis + " through @Index, @Extent"
                        + " or @Coord, but its launch over " + shape + " in " + w + " covers global points [" + o + ", "
                        + ((long) o + shape.extent(axis)) + ") of " + w.globalExtent(axis) + " on that axis: a tile extended"
                        + " across a periodic edge. There its @Index, @Extent and @Coord would be wrong; this is not supported yet");
            }
        }
        checkEdges(k, shape, w);
        return w;
    }

    /**
     * A launch over a tile applies the kernel's boundary rules at the tile's own edges, which is
     * right only where the tile's edge is the domain's (elsewhere the tile's edge points are a
     * halo, which whoever tiles the domain drops) and the rule is how the domain's edge behaves.
     * So a launch that does not cover an axis whole is refused when the kernel wraps round it
     * (PERIODIC) in a domain that does not, or stops at its edges (any other rule) in a domain
     * that wraps ({@link Window#periodic}): either gives other values than one launch over the
     * whole domain.
     */
    private static void checkEdges(KernelInfo k, Shape shape, Window w) {
        if (k.wrapAxes().isEmpty() && k.edgeAxes().isEmpty()) {
            return; // reads no grid off the point: runs on any tile
        }
        for (int axis = 0; axis < w.rank(); axis++) {
            boolean whole = w.offset(axis) == 0 && shape.extent(axis) == w.globalExtent(axis);
            if (whole) {
                continue;
            }
            boolean wraps = w.isPeriodic(axis);
            if (!wraps && k.wrapAxes().contains(axis)) {
                throw new IllegalStateException("[Window] kernel '" + k.name() + "' wraps round axis " + axis + " (Boundary.PERIODIC),"
                        + " but its launch over " + shape + " in " + w + " is a tile of a domain that does not wrap there: the tile"
                        + " at the domain's edge would wrap round itself, not round the domain. Declare the axis periodic (a"
                        + " TiledLoop's .periodic(" + axis + "), Window.periodic(" + axis + ")), or give the kernel the domain's"
                        + " boundary rule");
            }
            if (wraps && k.edgeAxes().contains(axis)) {
                throw new IllegalStateException("[Window] kernel '" + k.name() + "' stops at the edges of axis " + axis
                        + " (a boundary rule other than PERIODIC), but its launch over " + shape + " in " + w + " is a tile of a"
                        + " domain that wraps round there. Make the kernel Boundary.PERIODIC, or do not declare the axis periodic"
                        + " (a TiledLoop's .periodic)");
            }
        }
    }

    private static Field requireOpen(KernelInfo k, String role, String name, Field f) {
        if (f == null) {
            throw new NullPointerException(k.name() + ": " + role + " '" + name + "' is null");
        }
        if (f.isClosed()) {
            throw new IllegalStateException(k.name() + ": " + role + " '" + name + "' (" + f + ") is closed");
        }
        return f;
    }

    /** Checks that input {@code name} is non-null, open and of the launch's shape. */
    public Launch input(String name, Field f) {
        requireOpen(kernel, "input", name, f);
        LoopContext loop = LoopContext.current();
        if (loop != null) {
            loop.checkField(kernel, "input", name, f);
        }
        if (!f.shape().equals(shape)) {
            throw new IllegalArgumentException(kernel.name() + ": input '" + name + "' has shape " + f.shape()
                    + " but the launch has shape " + shape + "; every field of one launch has the same shape");
        }
        inputs.add(new Named(name, f));
        return this;
    }

    /**
     * Checks array view {@code name}, a {@code rank}-dimensional view: non-null, open, and of that
     * rank, where axes past it may have extent 1 (a NumPy {@code (1, 1, H, W)} mask is an
     * {@code Array2}). Its extents need not match the launch's.
     */
    public Launch array(String name, Field f, int rank) {
        requireOpen(kernel, "array", name, f);
        LoopContext loop = LoopContext.current();
        if (loop != null) {
            loop.checkField(kernel, "array", name, f);
        }
        Shape s = f.shape();
        for (int axis = rank; axis < s.rank(); axis++) {
            if (s.extent(axis) != 1) {
                throw new IllegalArgumentException(kernel.name() + ": array '" + name + "' is " + rank
                        + "-dimensional but its field has shape " + s + " (rank " + s.rank() + "); axes past " + (rank - 1)
                        + " must have extent 1. Pass a field of rank " + rank + ", or declare the parameter "
                        + s.rank() + "-dimensional (Array" + s.rank() + ", Array" + s.rank() + "f or Array" + s.rank() + "i)");
            }
        }
        inputs.add(new Named(name, f));
        return this;
    }

    /**
     * Writes the results into {@code outputs} (in the kernel's output order) instead of new fields.
     * Each must be open, of the launch's shape and the output's element type, and share memory with
     * no input and no other output: a kernel never reads and writes one field.
     */
    public Launch into(String[] names, Field[] outputs) {
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(outputs, "outputs");
        List<ElementType> types = kernel.results();
        if (outputs.length != types.size() || names.length != outputs.length) {
            throw new IllegalArgumentException(kernel.name() + " writes " + types.size() + " field(s), got " + outputs.length);
        }
        LoopContext loop = LoopContext.current();
        for (int i = 0; i < outputs.length; i++) {
            Field f = requireOpen(kernel, "output", names[i], outputs[i]);
            if (loop != null) {
                loop.checkOutput(kernel, names[i], f);
            }
            if (f.elementType() != types.get(i)) {
                throw new IllegalArgumentException(kernel.name() + ": output '" + names[i] + "' holds " + f.elementType()
                        + " values but the kernel writes " + types.get(i) + " (" + f + ")");
            }
            if (!f.shape().equals(shape)) {
                throw new IllegalArgumentException(kernel.name() + ": output '" + names[i] + "' has shape " + f.shape()
                        + " but the launch has shape " + shape);
            }
            for (Named in : inputs) {
                if (f.sharesStorageWith(in.field())) {
                    throw new IllegalArgumentException(kernel.name() + ": output '" + names[i] + "' is the same memory as input '"
                            + in.name() + "'; gridforge does not update a field in place: write into another field"
                            + " (a time loop rotates its buffers for you)");
                }
            }
            for (int j = 0; j < i; j++) {
                if (f.sharesStorageWith(outputs[j])) {
                    throw new IllegalArgumentException(kernel.name() + ": outputs '" + names[j] + "' and '" + names[i]
                            + "' are the same memory; give each output its own field");
                }
            }
        }
        this.given = outputs.clone();
        return this;
    }

    /** {@code CUDA}, {@code JVM} or {@code CUDA_SIM}; never {@code AUTO}. */
    public Backend backend() {
        return backend;
    }

    public Shape shape() {
        return shape;
    }

    public int size() {
        return shape.size();
    }

    /** Where the launch's points lie in the whole domain (the identity unless over a tile mesh or in a windowed time loop). */
    public Window window() {
        return window;
    }

    /** The global index of the launch's first point on {@code axis}: what the JVM loops add to a local index for @Index. */
    public int windowOffset(int axis) {
        return window.offset(axis);
    }

    /** The whole domain's extent on {@code axis}: what @Extent reads, and the n of @Coord. */
    public int windowExtent(int axis) {
        return window.globalExtent(axis);
    }

    public KernelInfo kernel() {
        return kernel;
    }

    /** The outputs given to {@link #into}, or null when the launch makes new ones. */
    Field[] givenOutputs() {
        return given;
    }

    /**
     * The array the JVM loops write output {@code index} into: a given host field's own array, or
     * a new one (also for a given device field, uploaded by {@link #jvmResults}).
     */
    public Object jvmOutput(int index) {
        checkLoopOutputs();
        if (given != null && !given[index].isOnDevice()) {
            return given[index].hostData();
        }
        return kernel.results().get(index).newArray(shape.size());
    }

    /** The result fields of a JVM launch, once the loops have filled {@code arrays} (from {@link #jvmOutput}). */
    public Field[] jvmResults(Object... arrays) {
        List<ElementType> types = kernel.results();
        Field[] results = new Field[types.size()];
        for (int i = 0; i < results.length; i++) {
            if (given == null) {
                results[i] = Field.onHost(types.get(i), arrays[i], shape);
            } else {
                if (given[i].isOnDevice()) {
                    given[i].deviceBuffer().orElseThrow().owner().upload(arrays[i], given[i].deviceBuffer().orElseThrow());
                }
                results[i] = given[i];
            }
        }
        return results;
    }

    /** Inside a time loop's step a launch writes into the loop's fields, never into new ones. */
    private void checkLoopOutputs() {
        if (given == null && LoopContext.current() != null) {
            throw new IllegalStateException("[TimeLoop] kernel '" + kernel.name() + "' would make new result fields every"
                    + " step: inside a time loop write into the rings with " + kernel.launcher().getSimpleName() + "."
                    + kernel.name() + "Into(ring.next(), ...)");
        }
    }

    /** The device side of this launch; only for the CUDA and CUDA_SIM backends. */
    public DeviceLaunch device() {
        if (!backend.isDevice()) {
            throw new IllegalStateException(kernel.name() + ": the " + backend + " backend has no device launch");
        }
        checkLoopOutputs();
        Accelerator accelerator = Gridforge.accelerator(backend); // on CUDA, the calling thread's device
        LoopContext loop = LoopContext.current();
        if (loop != null) {
            loop.checkAccelerator(kernel, accelerator);
        }
        return new DeviceLaunch(kernel, backend, accelerator, shape, window, given);
    }
}
