package dev.gridforge.runtime;

import dev.gridforge.runtime.reduce.FieldReductions;
import dev.gridforge.runtime.spi.DeviceBuffer;

/** A {@link Field} of {@code int} values. */
public final class IntField extends Field {

    private IntField(Shape shape, int[] host, DeviceBuffer buffer, String location) {
        super(shape, host, buffer, location);
    }

    /** A host field over {@code data} (not copied); {@code data.length} must equal the shape's size. */
    public static IntField of(int[] data, int... shape) {
        return of(data, Shape.of(shape));
    }

    /** A host field over {@code data} (not copied); {@code data.length} must equal the shape's size. */
    public static IntField of(int[] data, Shape shape) {
        checkHost(data, data == null ? 0 : data.length, shape);
        return new IntField(shape, data, null, hostLocation());
    }

    /** A field over device memory, which it owns from now on. For the launch path. */
    public static IntField onDevice(DeviceBuffer buffer, Shape shape, Backend backend) {
        checkDevice(buffer, shape, backend, ElementType.INT);
        return new IntField(shape, null, buffer, backend.id());
    }

    @Override
    public ElementType elementType() {
        return ElementType.INT;
    }

    /** The elements in a fresh array (downloaded when on the device). */
    public int[] toArray() {
        int[] a = new int[shape().size()];
        readPrefix(a, a.length);
        return a;
    }

    /** Copies the elements into {@code dst}, whose length must equal the size. */
    public void copyTo(int[] dst) {
        checkDestination(dst, dst == null ? 0 : dst.length);
        readPrefix(dst, dst.length);
    }

    /**
     * One element, axis 0 first. On the device this downloads everything up to that element:
     * to read many, call {@link #toArray()} once.
     */
    public int get(int... index) {
        int linear = shape().linearIndex(index);
        int[] host = (int[]) hostArrayOrNull();
        if (host != null) {
            return host[linear];
        }
        int[] prefix = new int[linear + 1];
        readPrefix(prefix, prefix.length);
        return prefix[linear];
    }


    /**
     * The sum of the elements, exact (accumulated in {@code long}, which an int field cannot overflow); 0 for an empty field. Computed where the field lives: on every core for a host field,
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
    public int min() {
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
    public int max() {
        return FieldReductions.max(this);
    }
    /** A host field's own array (not a copy: do not modify it), or a fresh download. */
    @Override
    public int[] hostData() {
        return (int[]) super.hostData();
    }
}
