package dev.gridforge.runtime.launch;

import dev.gridforge.abi.EntryParameter;
import dev.gridforge.abi.LaunchInterface;
import dev.gridforge.abi.SlotKind;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.FloatField;
import dev.gridforge.runtime.IntField;
import dev.gridforge.runtime.LongField;
import dev.gridforge.runtime.Mesh;
import dev.gridforge.runtime.Shape;
import dev.gridforge.runtime.Window;
import dev.gridforge.runtime.cuda.CLiterals;
import dev.gridforge.runtime.launch.KernelSignature.Slot;
import dev.gridforge.runtime.spi.Accelerator;
import dev.gridforge.runtime.spi.DeviceFaults;
import dev.gridforge.runtime.spi.DeviceBuffer;
import dev.gridforge.runtime.spi.DeviceKernel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The device side of one launch. The generated launcher supplies the slots of the kernel's
 * {@link KernelSignature} that it owns, in order ({@code arg}, {@code meshAxis}) and by name
 * ({@code define}), each checked against its slot; {@link #run()} then fills in the outputs,
 * extents, fault report and window axes (from the launch's {@link Window}), compiles (cached by
 * the accelerator), uploads host inputs, launches, and returns the result fields
 * (device-resident, or the given ones).
 */
public final class DeviceLaunch {

    private final KernelInfo kernel;
    private final Backend backend;
    private final Accelerator accelerator;
    private final Shape shape;
    private final Window window;
    private final Field[] given;
    private final List<Slot> argumentSlots;
    private final Map<String, String> defines = new LinkedHashMap<>();
    private final List<Object> args = new ArrayList<>();

    DeviceLaunch(KernelInfo kernel, Backend backend, Accelerator accelerator, Shape shape, Window window, Field[] given) {
        this.kernel = kernel;
        this.backend = backend;
        this.accelerator = accelerator;
        this.shape = shape;
        this.window = window;
        this.given = given;
        this.argumentSlots = kernel.signature().arguments();
    }

    /** For tests: a launch on a given accelerator over the whole of {@code shape}, writing new outputs. */
    static DeviceLaunch on(KernelInfo kernel, Backend backend, Accelerator accelerator, Shape shape) {
        return on(kernel, backend, accelerator, shape, Window.identity(shape));
    }

    /** For tests: a launch on a given accelerator in {@code window}, writing new outputs. */
    static DeviceLaunch on(KernelInfo kernel, Backend backend, Accelerator accelerator, Shape shape, Window window) {
        return new DeviceLaunch(kernel, backend, accelerator, shape, window, null);
    }

    public DeviceLaunch define(String macro, int value) {
        return define(macro, ElementType.INT, CLiterals.of(value));
    }

    public DeviceLaunch define(String macro, long value) {
        return define(macro, ElementType.LONG, CLiterals.of(value));
    }

    public DeviceLaunch define(String macro, float value) {
        return define(macro, ElementType.FLOAT, CLiterals.of(value));
    }

    public DeviceLaunch define(String macro, double value) {
        return define(macro, ElementType.DOUBLE, CLiterals.of(value));
    }

    private DeviceLaunch define(String macro, ElementType type, String literal) {
        Slot slot = kernel.signature().defines().stream().filter(s -> s.name().equals(macro)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(kernel.name() + " has no specialised constant " + macro
                        + " (its signature: " + kernel.signature().slots() + ")"));
        if (slot.type() != type) {
            throw new IllegalArgumentException(kernel.name() + ": " + macro + " is a " + slot.type() + " constant, got a " + type);
        }
        if (defines.putIfAbsent(macro, CLiterals.define(macro, literal)) != null) {
            throw new IllegalStateException(kernel.name() + ": " + macro + " was defined twice");
        }
        return this;
    }

    public DeviceLaunch arg(double value) {
        return value(ElementType.DOUBLE, value);
    }

    public DeviceLaunch arg(float value) {
        return value(ElementType.FLOAT, value);
    }

    public DeviceLaunch arg(int value) {
        return value(ElementType.INT, value);
    }

    public DeviceLaunch arg(long value) {
        return value(ElementType.LONG, value);
    }

    private DeviceLaunch value(ElementType type, Object value) {
        Slot slot = next("a " + type + " value");
        if (slot.kind() != SlotKind.VALUE || slot.type() != type) {
            throw mismatch(slot, "a " + type + " value");
        }
        args.add(value);
        return this;
    }

    /** An input field for a FIELD, GRID or ARRAY slot, passed as a {@code const T*}; host fields are uploaded for the launch. */
    public DeviceLaunch arg(Field input) {
        Slot slot = next("a field");
        Objects.requireNonNull(input, () -> kernel.name() + ": input '" + slot.name() + "' is null");
        boolean takesField = slot.kind() == SlotKind.FIELD || slot.kind() == SlotKind.GRID || slot.kind() == SlotKind.ARRAY;
        if (!takesField || slot.type() != input.elementType()) {
            throw mismatch(slot, input.toString());
        }
        args.add(input);
        return this;
    }

    /** One axis of the mesh, for a MESH_AXIS slot: its start, step and stop as three doubles. */
    public DeviceLaunch meshAxis(Mesh mesh, int axis) {
        Slot slot = next("mesh axis " + axis);
        Objects.requireNonNull(mesh, () -> kernel.name() + ": mesh is null");
        if (slot.kind() != SlotKind.MESH_AXIS || slot.axis() != axis) {
            throw mismatch(slot, "mesh axis " + axis);
        }
        args.add(new double[] {mesh.start(axis), mesh.step(axis), mesh.stop(axis)});
        return this;
    }

    private Slot next(String what) {
        if (args.size() >= argumentSlots.size()) {
            throw new IllegalStateException(kernel.name() + " takes " + argumentSlots.size() + " arguments; got one more: " + what);
        }
        return argumentSlots.get(args.size());
    }

    private IllegalArgumentException mismatch(Slot slot, String got) {
        return new IllegalArgumentException(kernel.name() + ": argument " + (args.size() + 1) + " is " + slot + ", got " + got);
    }

    /** The {@code #define} lines collected so far, in signature order. */
    List<String> defines() {
        List<String> lines = new ArrayList<>();
        for (Slot s : kernel.signature().defines()) {
            if (defines.containsKey(s.name())) {
                lines.add(defines.get(s.name()));
            }
        }
        return lines;
    }

    public DoubleField runDouble() {
        return (DoubleField) single(ElementType.DOUBLE);
    }

    public FloatField runFloat() {
        return (FloatField) single(ElementType.FLOAT);
    }

    public IntField runInt() {
        return (IntField) single(ElementType.INT);
    }

    public LongField runLong() {
        return (LongField) single(ElementType.LONG);
    }

    private Field single(ElementType type) {
        List<ElementType> results = kernel.results();
        if (results.size() != 1 || results.get(0) != type) {
            throw new IllegalStateException(kernel.name() + " writes " + results + ", not one " + type + " field");
        }
        return run()[0];
    }

    /**
     * Runs the kernel and returns its results in output order: new device fields, or the fields
     * given to {@link Launch#into}, written in place.
     */
    public Field[] run() {
        if (args.size() != argumentSlots.size()) {
            throw new IllegalStateException(kernel.name() + " takes " + argumentSlots.size() + " arguments ("
                    + argumentSlots + "), got " + args.size());
        }
        List<String> lines = defines();
        if (lines.size() != kernel.signature().defines().size()) {
            throw new IllegalStateException(kernel.name() + ": specialised constants " + kernel.signature().defines()
                    + " must all be defined, got " + defines.keySet());
        }
        if (accelerator.isRecording()) {
            checkRecordable();
        }
        DeviceKernel compiled = load(lines);
        List<ElementType> types = kernel.results();
        DeviceBuffer[] outputs = new DeviceBuffer[types.size()];
        List<DeviceBuffer> temporaries = new ArrayList<>();
        List<DeviceBuffer> fresh = new ArrayList<>();
        try {
            for (int i = 0; i < outputs.length; i++) {
                DeviceBuffer own = given == null ? null : ownBuffer(given[i]);
                if (own == null) {
                    own = accelerator.allocate((long) shape.size() * types.get(i).bytes());
                    (given == null ? fresh : temporaries).add(own);
                }
                outputs[i] = own;
            }
            launch(compiled, outputs, temporaries);
            Field[] results = new Field[outputs.length];
            for (int i = 0; i < outputs.length; i++) {
                if (given == null) {
                    results[i] = Field.onDevice(types.get(i), outputs[i], shape, backend);
                } else {
                    if (!given[i].isOnDevice() || ownBuffer(given[i]) == null) {
                        copyBack(outputs[i], given[i]);
                    }
                    results[i] = given[i];
                }
            }
            if (!temporaries.isEmpty() && !accelerator.freeingWaitsForLaunches()) {
                accelerator.synchronize(); // the uploads must outlive the kernel that reads them
            }
            freeAll(temporaries, null);
            return results;
        } catch (RuntimeException | Error e) {
            freeAll(temporaries, e);
            freeAll(fresh, e);
            throw e;
        }
    }

    /** A launch recorded for replay may not allocate, copy or wait: every field must already be on this accelerator. */
    private void checkRecordable() {
        String why = null;
        if (given == null) {
            why = "it would allocate new result fields; write into the loop's fields with the launcher's "
                    + kernel.name() + "Into(...)";
        } else {
            for (Field f : given) {
                if (ownBuffer(f) == null) {
                    why = "its output " + f + " is not on this device";
                }
            }
        }
        int i = 0;
        for (Object a : args) {
            if (a instanceof Field f && ownBuffer(f) == null) {
                why = "its input '" + argumentSlots.get(i).name() + "' (" + f + ") is not on this device; give the loop a"
                        + " copy there once (TimeLoop.resident) instead of uploading it every step";
            }
            i++;
        }
        if (why != null) {
            throw new IllegalStateException("[Recording] kernel '" + kernel.name() + "' cannot be recorded for replay: " + why);
        }
    }

    private DeviceKernel load(List<String> lines) {
        return KernelLoader.load(kernel, accelerator, lines, inWindow());
    }

    /**
     * Whether the kernel must see its window: an axis it reads through {@code @Index},
     * {@code @Extent} or {@code @Coord} has an offset other than 0 or a global extent other than
     * the launch's. Else it is compiled without {@code GF_WINDOW}, where offsets 0 and the launch's
     * extents are constants of the code ({@link LaunchInterface#WINDOW_MACRO}).
     */
    boolean inWindow() {
        for (int axis : kernel.signature().windowAxes()) {
            if (window.offset(axis) != 0 || window.globalExtent(axis) != shape.extent(axis)) {
                return true;
            }
        }
        return false;
    }

    /** A given output's buffer when it lives on this accelerator, else null (it is written through a temporary). */
    private DeviceBuffer ownBuffer(Field f) {
        DeviceBuffer b = f.deviceBuffer().orElse(null);
        return b != null && b.owner() == accelerator ? b : null;
    }

    /** A given output that does not live on this accelerator receives the result by copy. */
    private static void copyBack(DeviceBuffer result, Field target) {
        Object host = target.isOnDevice() ? target.elementType().newArray(target.shape().size()) : target.hostData();
        result.owner().download(result, host);
        DeviceFaults.check(result.owner());
        if (target.isOnDevice()) {
            DeviceBuffer b = target.deviceBuffer().orElseThrow();
            b.owner().upload(host, b);
        }
    }

    private void launch(DeviceKernel compiled, DeviceBuffer[] outputs, List<DeviceBuffer> temporaries) {
        // A rank-0 kernel reads no axis: it runs over the flattened shape as rank 1.
        int rank = kernel.rank() == 0 ? 1 : shape.rank();
        int[] n = kernel.rank() == 0 ? new int[] {shape.size(), 1, 1, 1}
                : new int[] {shape.extent(0), shape.extent(1), shape.extent(2), shape.extent(3)};
        if (shape.size() == 0) {
            return; // nothing to compute: the results are empty
        }
        List<Shape> arrayShapes = new ArrayList<>();
        List<Object> params = new ArrayList<>(args.size() + outputs.length + 8);
        List<Long> outputElementBytes = new ArrayList<>();
        int band = -1;
        int fault = -1;
        int output = 0;
        int arg = 0;
        // Each slot passes the entry parameters the launch interface lists for its kind, in that order.
        for (Slot s : kernel.signature().slots()) {
            Object value = null;
            if (s.kind() == SlotKind.OUTPUT) {
                value = outputs[output++];
                outputElementBytes.add((long) s.type().bytes());
            } else if (s.kind().suppliedByCaller() && s.kind() != SlotKind.DEFINE) {
                value = args.get(arg++);
            }
            for (EntryParameter p : s.kind().parameters()) {
                switch (p) {
                    case OUTPUT_ELEMENTS -> params.add(value);
                    case INPUT_ELEMENTS -> {
                        Field input = (Field) value;
                        params.add(onThisDevice(input, temporaries));
                        if (s.kind() == SlotKind.ARRAY) {
                            arrayShapes.add(input.shape());
                        }
                    }
                    case N0, N1, N2, N3 -> params.add(n[p.ordinal() - EntryParameter.N0.ordinal()]);
                    case BAND_LO -> {
                        band = params.size();
                        params.add(0);
                    }
                    case BAND_HI -> params.add(n[rank - 1]);
                    case FAULT_WORD -> {
                        fault = params.size();
                        params.add(null); // the word and this launch's tag, once the arrays are known
                    }
                    case FAULT_TAG -> params.add(0);
                    case MESH_START -> params.add(((double[]) value)[0]);
                    case MESH_STEP -> params.add(((double[]) value)[1]);
                    case MESH_STOP -> params.add(((double[]) value)[2]);
                    case WINDOW_OFFSET -> params.add(window.offset(s.axis()));
                    case GLOBAL_EXTENT -> params.add(window.globalExtent(s.axis()));
                    case ARRAY_N0, ARRAY_N1, ARRAY_N2, ARRAY_N3 ->
                            params.add(((Field) value).shape().extent(p.ordinal() - EntryParameter.ARRAY_N0.ordinal()));
                    case VALUE -> params.add(value);
                }
            }
        }
        if (fault >= 0) {
            params.set(fault, DeviceFaults.word(accelerator));
            params.set(fault + 1, DeviceFaults.launched(accelerator, kernel.name(), kernel.signature().arrayNames(), arrayShapes,
                    kernel.localArrays()));
        }
        int outer = n[rank - 1];
        long outputBytes = 0;
        for (long b : outputElementBytes) {
            outputBytes += b * shape.size();
        }
        // Bands only pay when the results are downloaded soon after. A recording replays exactly what it
        // saw, one launch per kernel; a time loop's steps stay on the device.
        boolean whole = accelerator.isRecording() || LoopContext.current() != null;
        int bands = whole ? 1 : Math.max(1, Math.min(outer, accelerator.bands(outputBytes, outer)));
        long below = outer == 0 ? 0 : (long) shape.size() / outer; // elements per step of the outermost axis
        // A rank-4 launch walks axes 2 and 3 together on the grid's z (the kernel splits them).
        int[] block = LaunchGeometry.block(Math.min(rank, 3), n[0], n[1], n[2] * n[3]);
        // The kernel computes one point per thread along the outermost axis: no band may need more
        // blocks along its grid dimension than the hardware allows.
        int rows = LaunchGeometry.maxBandRows(rank, block, n[2], kernel.name(), shape);
        bands = Math.max(bands, (int) ((outer + (long) rows - 1) / rows));
        for (int b = 0; b < bands; b++) {
            int lo = (int) ((long) outer * b / bands);
            int hi = (int) ((long) outer * (b + 1) / bands);
            params.set(band, lo);
            params.set(band + 1, hi);
            int[] extents = n.clone();
            extents[rank - 1] = hi - lo;
            accelerator.launch(compiled, LaunchGeometry.grid(block, extents[0], extents[1], extents[2] * extents[3]), block, params);
            if (bands > 1 && !whole) {
                long[] ready = new long[outputs.length];
                for (int i = 0; i < ready.length; i++) {
                    ready[i] = hi * below * outputElementBytes.get(i);
                }
                accelerator.bandLaunched(List.of(outputs), ready, b);
            }
        }
    }

    /** The input's buffer if it already lives on this accelerator, else a temporary upload of its elements. */
    private DeviceBuffer onThisDevice(Field input, List<DeviceBuffer> temporaries) {
        DeviceBuffer own = ownBuffer(input);
        if (own != null) {
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
