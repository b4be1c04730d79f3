package dev.gridforge.runtime;

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

    /** A host field's own array (not a copy: do not modify it), or a fresh download. */
    @Override
    public long[] hostData() {
        return (long[]) super.hostData();
    }
}
