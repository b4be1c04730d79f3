package dev.gridforge.runtime.spi;

import dev.gridforge.abi.FaultCode;
import dev.gridforge.runtime.Shape;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a kernel on a device meets where Java would throw: a read outside an array view or a local
 * array, an integer division by zero. A GPU thread cannot throw, so the generated code reads 0 (or
 * divides to 0) and records a code ({@link FaultCode}: the launch's tag, the source, a detail, the
 * index) by {@code atomicMin} in one 8-byte word per accelerator; the smallest code wins, so the
 * report is the same whichever thread got there first.
 *
 * <p>The word is read after every download from an accelerator that has run a kernel that can
 * fault (8 more bytes), and a recorded code becomes the exception the JVM backend throws at the
 * read or division itself: an {@link IndexOutOfBoundsException} naming the kernel, the array, the
 * axis and the index, or an {@link ArithmeticException} naming the kernel and the operator. The
 * tag stands for the kernel and the shapes of its arrays, not for one launch, so a time loop's
 * recorded steps replay with the same arguments.
 */
public final class DeviceFaults {

    static final long CLEAR = FaultCode.CLEAR;
    private static final int MAX_TAG = FaultCode.MAX_TAG;

    private static final Map<Accelerator, State> STATES = new ConcurrentHashMap<>();

    private DeviceFaults() {
    }

    private static final class State {
        final DeviceBuffer word;
        final Map<LaunchKey, Integer> tags = new ConcurrentHashMap<>();
        final Map<Integer, LaunchOf> launches = new ConcurrentHashMap<>();

        State(Accelerator accelerator) {
            word = accelerator.allocate(8);
            accelerator.upload(new long[] {CLEAR}, word);
        }
    }

    /** What a tag stands for: the kernel, its arrays' names and shapes and its local arrays, each in ordinal order. */
    private record LaunchOf(String kernel, List<String> arrays, List<String> localArrays) {
    }

    /** The device word a launch on {@code accelerator} passes its kernel (allocated at the first use). */
    public static DeviceBuffer word(Accelerator accelerator) {
        return state(accelerator).word;
    }

    /**
     * The tag of a launch of {@code kernel} reading arrays {@code names} of {@code shapes}, in the
     * kernel's order, with local arrays described by {@code localArrays}: the same for the same
     * kernel and shapes. Called at every launch of a kernel that can fault, so it only looks the
     * pair up; the description is made once, for the message.
     */
    public static int launched(Accelerator accelerator, String kernel, List<String> names, List<Shape> shapes,
                               List<String> localArrays) {
        State s = state(accelerator);
        return s.tags.computeIfAbsent(new LaunchKey(kernel, shapes), k -> {
            int tag = Math.min(s.tags.size(), MAX_TAG);
            List<String> arrays = new java.util.ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                arrays.add(names.get(i) + " (" + shapes.get(i) + ")");
            }
            s.launches.putIfAbsent(tag, new LaunchOf(kernel, List.copyOf(arrays), List.copyOf(localArrays)));
            return tag;
        });
    }

    /** What a tag is looked up by. */
    private record LaunchKey(String kernel, List<Shape> shapes) {
    }

    /**
     * After a download from {@code accelerator}: throws if a kernel recorded a fault since the
     * last check, and clears the word. Nothing to do on an accelerator that never ran one.
     *
     * @throws IndexOutOfBoundsException naming the kernel, array, axis and index of a read outside
     * @throws ArithmeticException naming the kernel and the operator of an integer division by zero
     */
    public static void check(Accelerator accelerator) {
        State s = STATES.get(accelerator);
        if (s == null) {
            return;
        }
        long[] code = new long[1];
        accelerator.download(s.word, code);
        if (code[0] == CLEAR) {
            return;
        }
        accelerator.upload(new long[] {CLEAR}, s.word);
        String message = describe(code[0], s.launches);
        throw FaultCode.of(code[0]).isDivision() ? new ArithmeticException(message) : new IndexOutOfBoundsException(message);
    }

    private static State state(Accelerator accelerator) {
        return STATES.computeIfAbsent(accelerator, State::new);
    }

    /** The message for a recorded code. */
    static String describe(long recorded, Map<Integer, LaunchOf> launches) {
        FaultCode code = FaultCode.of(recorded);
        LaunchOf launch = code.tag() < MAX_TAG ? launches.get(code.tag()) : null;
        String where = launch == null ? "a kernel" : "kernel '" + launch.kernel() + "'";
        if (code.isDivision()) {
            return "[DivisionByZero] " + where + " divided an integer by zero (" + (code.detail() == FaultCode.REMAINDER ? "%" : "/")
                    + "). On the device such a division gives 0 instead of throwing, so the results of that launch are"
                    + " wrong; the JVM backend throws at the division (run it there to find the point).";
        }
        String what;
        if (code.isLocalArray()) {
            what = launch != null && code.localArray() < launch.localArrays().size()
                    ? "local array " + launch.localArrays().get(code.localArray()) : "a local array";
        } else {
            what = launch == null || code.source() >= launch.arrays().size() ? "array " + code.source()
                    : "array " + launch.arrays().get(code.source());
        }
        return "[ArrayBounds] " + where + " read " + what + " at index " + code.index() + " on axis " + code.detail()
                + ", outside its extents. On the device such a read returns 0 instead of throwing, so the results"
                + " of that launch are wrong; the JVM backend throws at the read (run it there to find the point).";
    }
}
