package dev.gridforge;

/**
 * A long result of a kernel that writes more than one field (or prefers to name its result): a
 * kernel method declared {@code void} takes one {@code Outl} parameter per result field and calls
 * {@code set} on each at every point. The launcher returns the fields (a record of them when
 * there are several), or writes into fields given to its {@code ...Into} method.
 *
 * <p>In a kernel body only {@link #set} may be called. A result that is not set at a point is
 * long zero there, as a fresh {@code Outl} reads. Called directly, the method writes into the
 * {@code Outl} it is given: {@code Outl r = new Outl(); K.step(..., r); r.get()}.
 */
public final class Outl {
    private long value;

    /** An output holding zero. */
    public Outl() {
    }

    /** Sets this point's value; in a kernel, the last value set is the one stored. */
    public void set(long value) {
        this.value = value;
    }

    /** The value last set (zero if none was). Not callable in a kernel body. */
    public long get() {
        return value;
    }

    @Override
    public String toString() {
        return "Outl[" + value + "]";
    }
}
