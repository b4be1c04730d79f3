package dev.gridforge.runtime;

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

    /** A host field's own array (not a copy: do not modify it), or a fresh download. */
    @Override
    public int[] hostData() {
        return (int[]) super.hostData();
    }
}
