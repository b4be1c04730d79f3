package dev.gridforge;

/**
 * A double result of a kernel that writes more than one field (or prefers to name its result): a
 * kernel method declared {@code void} takes one {@code Out} parameter per result field and calls
 * {@code set} on each at every point. The launcher returns the fields (a record of them when
 * there are several), or writes into fields given to its {@code ...Into} method.
 *
 * <p>In a kernel body only {@link #set} may be called. A result that is not set at a point is
 * double zero there, as a fresh {@code Out} reads. Called directly, the method writes into the
 * {@code Out} it is given: {@code Out r = new Out(); K.step(..., r); r.get()}.
 */
public final class Out {
    private double value;

    /** An output holding zero. */
    public Out() {
    }

    /** Sets this point's value; in a kernel, the last value set is the one stored. */
    public void set(double value) {
        this.value = value;
    }

    /** The value last set (zero if none was). Not callable in a kernel body. */
    public double get() {
        return value;
    }

    @Override
    public String toString() {
        return "Out[" + value + "]";
    }
}
