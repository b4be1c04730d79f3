package dev.gridforge.runtime;

import dev.gridforge.runtime.reduce.FieldReductions;
import dev.gridforge.runtime.spi.DeviceBuffer;

/** A {@link Field} of {@code long} values. */
public final class LongField extends Field {

    private LongField(Shape shape, long[] host, DeviceBuffer buffer, String location) {
        super(shape, host, buffer, location);
    }

    /** A host field over {@code data} (not copied); {@code data.length} must equal the shape's size. */
    public static LongField of(long[] data, int... shape) {
        return of(data, Shape.of(shape));
    }

    /** A host field over {@code data} (not copied); {@code data.length} must equal the shape's size. */
    public static LongField of(long[] data, Shape shape) {
        checkHost(data, data == null ? 0 : data.length, shape);
        return new LongField(shape, data, null, hostLocation());
    }

    /** A field over device memory, which it owns from now on. For the launch path. */
    public static LongField onDevice(DeviceBuffer buffer, Shape shape, Backend backend) {
        checkDevice(buffer, shape, backend, ElementType.LONG);
        return new LongField(shape, null, buffer, backend.id());
    }

    @Override
    public ElementType elementType() {
        return ElementType.LONG;
    }

    /** The elements in a fresh array (downloaded when on the device). */
    public long[] toArray() {
        long[] a = new long[shape().size()];
        readPrefix(a, a.length);
        return a;
    }

    /** Copies the elements into {@code dst}, whose length must equal the size. */
    public void copyTo(long[] dst) {
        checkDestination(dst, dst == null ? 0 : dst.length);
        readPrefix(dst, dst.length);
    }

    /**
     * One element, axis 0 first. On the device this downloads everything up to that element:
     * to read many, call {@link #toArray()} once.
     */
    public long get(int... index) {
        int linear = shape().linearIndex(index);
        long[] host = (long[]) hostArrayOrNull();
        if (host != null) {
            return host[linear];
        }
        long[] prefix = new long[linear + 1];
        readPrefix(prefix, prefix.length);
        return prefix[linear];
    }


    /**
     * The sum of the elements, wrapping modulo 2<sup>64</sup> as Java's {@code long} addition does (exact when no partial sum overflows; the result does not depend on the order); 0 for an empty field. Computed where the field lives: on every core for a host field,
     * on its device for a device field (nothing is downloaded but the result). Deterministic for a
     * given backend and size; see docs/reductions.md.
     *
     * @throws IllegalStateException when the field is closed
     */
    public long sum() {
        return FieldReductions.sum(this);
    }

    /**
     * The smallest element. Computed where the field lives: on every core for a host field,
     * on its device for a device field (nothing is downloaded but the result). Deterministic for a
     * given backend and size; see docs/reductions.md.
     *
     * @throws java.util.NoSuchElementException when the field is empty
     * @throws IllegalStateException when the field is closed
     */
    public long min() {
        return FieldReductions.min(this);
    }

    /**
     * The largest element. Computed where the field lives: on every core for a host field,
     * on its device for a device field (nothing is downloaded but the result). Deterministic for a
     * given backend and size; see docs/reductions.md.
     *
     * @throws java.util.NoSuchElementException when the field is empty
     * @throws IllegalStateException when the field is closed
     */
    public long max() {
        return FieldReductions.max(this);
    }
    /** A host field's own array (not a copy: do not modify it), or a fresh download. */
    @Override
    public long[] hostData() {
        return (long[]) super.hostData();
    }
}
