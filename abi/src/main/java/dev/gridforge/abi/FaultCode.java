package dev.gridforge.abi;

/**
 * What a kernel records in its accelerator's fault word when it meets what Java would throw at
 * and a GPU thread cannot: 64 bits, recorded by {@code atomicMin}, so the smallest code wins and
 * the report is the same whichever thread got there first.
 * <pre>
 *   bits 63..48  the launch's tag (which kernel, with which array shapes)
 *   bits 47..40  the source: an array view's ordinal (0..127), a local array (128 + its ordinal), or DIVISION
 *   bits 39..32  the detail: an array's axis; for DIVISION, 0 for / and 1 for %
 *   bits 31..0   the index read (for DIVISION, 0)
 * </pre>
 * The CUDA prelude writes codes with the same layout; the processor prints these constants into
 * every kernel, so the two cannot drift.
 */
public final class FaultCode {
    /** The word when nothing was recorded: every code is smaller. */
    public static final long CLEAR = -1L;
    /** The largest tag; launches past it share it (the report then names no kernel). */
    public static final int MAX_TAG = 0xFFFF;
    /** Source numbers below this are the kernel's array views, in parameter order. */
    public static final int LOCAL_ARRAY_BASE = 128;
    /** The source number of an integer division or remainder by zero. */
    public static final int DIVISION = 254;
    /** The detail of a division by zero: {@code /} (and Math.floorDiv). */
    public static final int DIVIDE = 0;
    /** The detail of a remainder by zero: {@code %} (and Math.floorMod). */
    public static final int REMAINDER = 1;

    private final long code;

    private FaultCode(long code) {
        this.code = code;
    }

    public static FaultCode of(long code) {
        return new FaultCode(code);
    }

    public int tag() {
        return (int) (code >>> 48);
    }

    public int source() {
        return (int) (code >>> 40) & 0xFF;
    }

    public int detail() {
        return (int) (code >>> 32) & 0xFF;
    }

    public int index() {
        return (int) code;
    }

    public boolean isDivision() {
        return source() == DIVISION;
    }

    public boolean isLocalArray() {
        return source() >= LOCAL_ARRAY_BASE && source() < DIVISION;
    }

    /** The ordinal of the local array, for {@link #isLocalArray()}. */
    public int localArray() {
        return source() - LOCAL_ARRAY_BASE;
    }

    /** A code as the prelude makes it (for tests of the runtime's messages). */
    public static long encode(int tag, int source, int detail, int index) {
        return ((long) (tag & 0xFFFF) << 48) | ((long) (source & 0xFF) << 40) | ((long) (detail & 0xFF) << 32)
                | (index & 0xFFFFFFFFL);
    }
}
