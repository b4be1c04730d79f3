package dev.gridforge.runtime.launch;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.Mesh;
import dev.gridforge.runtime.Shape;
import java.util.Objects;

/** One call of a kernel: its shape and resolved backend, with the checks generated launchers rely on. */
public final class Launch {

    private final KernelInfo kernel;
    private final Backend backend;
    private final Shape shape;

    private Launch(KernelInfo kernel, Backend backend, Shape shape) {
        this.kernel = kernel;
        this.backend = backend;
        this.shape = shape;
    }

    /** A launch over every point of {@code mesh}. */
    public static Launch overMesh(KernelInfo k, Backend b, Mesh mesh) {
        Objects.requireNonNull(mesh, () -> k.name() + ": mesh is null");
        return create(k, b, mesh.shape(), "mesh");
    }

    /** A launch over every point of {@code shape}. */
    public static Launch overShape(KernelInfo k, Backend b, Shape shape) {
        Objects.requireNonNull(shape, () -> k.name() + ": shape is null");
        return create(k, b, shape, "shape");
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
        Field first = requireInput(k, names[0], inputs[0]);
        Launch launch = create(k, b, first.shape(), "input '" + names[0] + "'");
        for (int i = 1; i < inputs.length; i++) {
            launch.input(names[i], inputs[i]);
        }
        return launch;
    }

    private static Launch create(KernelInfo k, Backend b, Shape shape, String what) {
        Objects.requireNonNull(k, "kernel");
        Objects.requireNonNull(b, () -> k.name() + ": backend is null");
        if (k.rank() != 0 && shape.rank() != k.rank()) {
            throw new IllegalArgumentException(k.name() + " is a rank-" + k.rank() + " kernel but its " + what
                    + " has rank " + shape.rank() + " (" + shape + ")");
        }
        return new Launch(k, Gridforge.resolve(b), shape);
    }

    private static Field requireInput(KernelInfo k, String name, Field f) {
        if (f == null) {
            throw new NullPointerException(k.name() + ": input '" + name + "' is null");
        }
        if (f.isClosed()) {
            throw new IllegalStateException(k.name() + ": input '" + name + "' (" + f + ") is closed");
        }
        return f;
    }

    /** Checks that input {@code name} is non-null, open and of the launch's shape. */
    public Launch input(String name, Field f) {
        requireInput(kernel, name, f);
        if (!f.shape().equals(shape)) {
            throw new IllegalArgumentException(kernel.name() + ": input '" + name + "' has shape " + f.shape()
                    + " but the launch has shape " + shape);
        }
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

    public KernelInfo kernel() {
        return kernel;
    }

    /** The device side of this launch; only for the CUDA and CUDA_SIM backends. */
    public DeviceLaunch device() {
        if (!backend.isDevice()) {
            throw new IllegalStateException(kernel.name() + ": the " + backend + " backend has no device launch");
        }
        return new DeviceLaunch(kernel, backend, Gridforge.accelerator(backend), shape);
    }
}
