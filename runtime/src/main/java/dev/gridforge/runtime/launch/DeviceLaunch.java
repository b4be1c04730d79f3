package dev.gridforge.runtime.launch;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.cuda.CLiterals;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.FloatField;
import dev.gridforge.runtime.IntField;
import dev.gridforge.runtime.LongField;
import dev.gridforge.runtime.Shape;
import dev.gridforge.runtime.spi.Accelerator;
import dev.gridforge.runtime.spi.DeviceBuffer;
import dev.gridforge.runtime.spi.DeviceKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The device side of one launch: collects defines and arguments in the kernel's order, then
 * compiles (cached by the accelerator), uploads host inputs, launches, and returns the result
 * as a device-resident field. The kernel's C parameters are {@code (out, n0, n1, n2, args...)}.
 */
public final class DeviceLaunch {

    private final KernelInfo kernel;
    private final Backend backend;
    private final Accelerator accelerator;
    private final Shape shape;
    private final List<String> defines = new ArrayList<>();
    private final List<Object> args = new ArrayList<>();

    DeviceLaunch(KernelInfo kernel, Backend backend, Accelerator accelerator, Shape shape) {
        this.kernel = kernel;
        this.backend = backend;
        this.accelerator = accelerator;
        this.shape = shape;
    }

    /** For tests: a launch on a given accelerator. */
    static DeviceLaunch on(KernelInfo kernel, Backend backend, Accelerator accelerator, Shape shape) {
        return new DeviceLaunch(kernel, backend, accelerator, shape);
    }

    public DeviceLaunch define(String macro, int value) {
        defines.add(CLiterals.define(macro, CLiterals.of(value)));
        return this;
    }

    public DeviceLaunch define(String macro, long value) {
        defines.add(CLiterals.define(macro, CLiterals.of(value)));
        return this;
    }

    public DeviceLaunch define(String macro, float value) {
        defines.add(CLiterals.define(macro, CLiterals.of(value)));
        return this;
    }

    public DeviceLaunch define(String macro, double value) {
        defines.add(CLiterals.define(macro, CLiterals.of(value)));
        return this;
    }

    public DeviceLaunch arg(double value) {
        args.add(value);
        return this;
    }

    public DeviceLaunch arg(float value) {
        args.add(value);
        return this;
    }

    public DeviceLaunch arg(int value) {
        args.add(value);
        return this;
    }

    public DeviceLaunch arg(long value) {
        args.add(value);
        return this;
    }

    /** An input field, passed as a {@code const T*}; host fields are uploaded for the launch. */
    public DeviceLaunch arg(Field input) {
        args.add(Objects.requireNonNull(input, () -> kernel.name() + ": input field argument " + args.size() + " is null"));
        return this;
    }

    /** The {@code #define} lines collected so far, in order. */
    List<String> defines() {
        return List.copyOf(defines);
    }

    public DoubleField runDouble() {
        return (DoubleField) run(ElementType.DOUBLE);
    }

    public FloatField runFloat() {
        return (FloatField) run(ElementType.FLOAT);
    }

    public IntField runInt() {
        return (IntField) run(ElementType.INT);
    }

    public LongField runLong() {
        return (LongField) run(ElementType.LONG);
    }

    private Field run(ElementType type) {
        if (type != kernel.result()) {
            throw new IllegalStateException(kernel.name() + " returns " + kernel.result() + ", not " + type);
        }
        LauncherCaches caches = LauncherCaches.of(kernel.launcher());
        List<String> lines = List.copyOf(defines);
        DeviceKernel compiled = caches.loaded.get(new LauncherCaches.LoadedKey(accelerator, kernel.name(), kernel.cudaResource(), lines), k -> {
            DeviceKernel loaded = accelerator.load(KernelSources.loadResource(kernel.launcher(), kernel.cudaResource()),
                    kernel.name(), lines);
            if (!lines.isEmpty()) {
                caches.specialisations.loaded(kernel.name(), lines);
            }
            return loaded;
        });
        DeviceBuffer out = accelerator.allocate((long) shape.size() * type.bytes());
        List<DeviceBuffer> temporaries = new ArrayList<>();
        try {
            launch(compiled, out, temporaries);
            if (!temporaries.isEmpty()) {
                accelerator.synchronize(); // the uploads must outlive the kernel that reads them
            }
            freeAll(temporaries, null);
            return Field.onDevice(type, out, shape, backend);
        } catch (RuntimeException | Error e) {
            freeAll(temporaries, e);
            closeQuietly(out, e);
            throw e;
        }
    }

    private void launch(DeviceKernel compiled, DeviceBuffer out, List<DeviceBuffer> temporaries) {
        // A rank-0 kernel reads no axis: it runs over the flattened shape as rank 1.
        int rank = kernel.rank() == 0 ? 1 : shape.rank();
        int n0 = kernel.rank() == 0 ? shape.size() : shape.extent(0);
        int n1 = kernel.rank() == 0 ? 1 : shape.extent(1);
        int n2 = kernel.rank() == 0 ? 1 : shape.extent(2);
        List<Object> params = new ArrayList<>(args.size() + 4);
        params.add(out);
        params.add(n0);
        params.add(n1);
        params.add(n2);
        for (Object a : args) {
            params.add(a instanceof Field ? onThisDevice((Field) a, temporaries) : a);
        }
        int[] block = LaunchGeometry.block(rank, n0, n1, n2);
        accelerator.launch(compiled, LaunchGeometry.grid(block, n0, n1, n2), block, params);
    }

    /** The input's buffer if it already lives on this accelerator, else a temporary upload of its elements. */
    private DeviceBuffer onThisDevice(Field input, List<DeviceBuffer> temporaries) {
        DeviceBuffer own = input.deviceBuffer().orElse(null);
        if (own != null && own.owner() == accelerator) {
            return own;
        }
        Object host = input.hostData(); // downloads a field that lives on another accelerator
        DeviceBuffer tmp = accelerator.allocate((long) input.shape().size() * input.elementType().bytes());
        temporaries.add(tmp);
        accelerator.upload(host, tmp);
        return tmp;
    }

    private static void freeAll(List<DeviceBuffer> buffers, Throwable primary) {
        for (DeviceBuffer b : buffers) {
            closeQuietly(b, primary);
        }
        buffers.clear();
    }

    private static void closeQuietly(DeviceBuffer b, Throwable primary) {
        if (primary == null) {
            b.close();
            return;
        }
        try {
            b.close();
        } catch (RuntimeException e) {
            primary.addSuppressed(e);
        }
    }
}
