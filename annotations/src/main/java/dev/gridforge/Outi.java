package dev.gridforge;

/**
 * A int result of a kernel that writes more than one field (or prefers to name its result): a
 * kernel method declared {@code void} takes one {@code Outi} parameter per result field and calls
 * {@code set} on each at every point. The launcher returns the fields (a record of them when
 * there are several), or writes into fields given to its {@code ...Into} method.
 *
 * <p>In a kernel body only {@link #set} may be called. A result that is not set at a point is
 * int zero there, as a fresh {@code Outi} reads. Called directly, the method writes into the
 * {@code Outi} it is given: {@code Outi r = new Outi(); K.step(..., r); r.get()}.
 */
public final class Outi {
    private int value;

    /** An output holding zero. */
    public Outi() {
    }

    /** Sets this point's value; in a kernel, the last value set is the one stored. */
    public void set(int value) {
        this.value = value;
    }

    /** The value last set (zero if none was). Not callable in a kernel body. */
    public int get() {
        return value;
    }

    @Override
    public String toString() {
        return "Outi[" + value + "]";
    }
}
