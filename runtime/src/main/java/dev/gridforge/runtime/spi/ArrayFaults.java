package dev.gridforge.runtime.spi;

import dev.gridforge.runtime.Shape;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads outside an array view on a device. A GPU kernel cannot throw, so a generated kernel's
 * {@code x.get(...)} outside the extents returns 0 and records the read, by {@code atomicMin},
 * in one 8-byte word per accelerator (the prelude's {@code gf_array_fault}): the tag of the
 * launch (16 bits), the array's ordinal among the kernel's arrays (8), the axis (8) and the index
 * (32). The smallest code wins, so the report is the same whichever thread got there first.
 *
 * <p>The word is read after every download from an accelerator that has run a kernel with
 * arrays (8 more bytes), and a recorded read becomes an {@link IndexOutOfBoundsException} naming
 * the kernel, the array, the axis and the index, as the JVM backend throws at the read itself.
 * The tag stands for the kernel and the shapes of its arrays, not for one launch, so a time loop's
 * recorded steps replay with the same arguments.
 */
public final class ArrayFaults {

    /** The word when nothing was recorded: every code is smaller. */
    static final long CLEAR = -1L;
    private static final int MAX_TAG = 0xFFFF;
    /** The array number the prelude reports for a kernel's local arrays (double h[32]). */
    private static final int LOCAL = 255;

    private static final Map<Accelerator, State> STATES = new ConcurrentHashMap<>();

    private ArrayFaults() {
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

    /** What a tag stands for: the kernel and its arrays' names and shapes, in ordinal order. */
    private record LaunchOf(String kernel, List<String> arrays) {
    }

    /** The device word a launch on {@code accelerator} passes its kernel (allocated at the first use). */
    public static DeviceBuffer word(Accelerator accelerator) {
        return state(accelerator).word;
    }

    /**
     * The tag of a launch of {@code kernel} reading arrays {@code names} of {@code shapes}, in the
     * kernel's order: the same for the same kernel and shapes. Called at every launch of a kernel
     * with arrays, so it only looks the pair up; the description is made once, for the message.
     */
    public static int launched(Accelerator accelerator, String kernel, List<String> names, List<Shape> shapes) {
        State s = state(accelerator);
        return s.tags.computeIfAbsent(new LaunchKey(kernel, shapes), k -> {
            int tag = Math.min(s.tags.size(), MAX_TAG);
            List<String> arrays = new java.util.ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                arrays.add(names.get(i) + " (" + shapes.get(i) + ")");
            }
            s.launches.putIfAbsent(tag, new LaunchOf(kernel, List.copyOf(arrays)));
            return tag;
        });
    }

    /** What a tag is looked up by. */
    private record LaunchKey(String kernel, List<Shape> shapes) {
    }

    /**
     * After a download from {@code accelerator}: throws if a kernel read outside an array since
     * the last check, and clears the word. Nothing to do on an accelerator that never ran one.
     *
     * @throws IndexOutOfBoundsException naming the kernel, array, axis and index of the read
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
        throw new IndexOutOfBoundsException(describe(code[0], s.launches));
    }

    private static State state(Accelerator accelerator) {
        return STATES.computeIfAbsent(accelerator, State::new);
    }

    /** The message for a recorded code. */
    static String describe(long code, Map<Integer, LaunchOf> launches) {
        int tag = (int) (code >>> 48);
        int array = (int) (code >>> 40) & 0xFF;
        int axis = (int) (code >>> 32) & 0xFF;
        int index = (int) code;
        LaunchOf launch = tag < MAX_TAG ? launches.get(tag) : null;
        String where = launch == null ? "a kernel" : "kernel '" + launch.kernel() + "'";
        String what = array == LOCAL ? "a local array" : launch == null || array >= launch.arrays().size()
                ? "array " + array : "array " + launch.arrays().get(array);
        return "[ArrayBounds] " + where + " read " + what + " at index " + index + " on axis " + axis
                + ", outside its extents. On the device such a read returns 0 instead of throwing, so the results"
                + " of that launch are wrong; the JVM backend throws at the read (run it there to find the point).";
    }
}
