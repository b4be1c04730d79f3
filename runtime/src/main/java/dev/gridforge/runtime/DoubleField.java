package dev.gridforge.runtime;

import dev.gridforge.runtime.reduce.FieldReductions;
import dev.gridforge.runtime.spi.DeviceBuffer;

/** A {@link Field} of {@code double} values. */
public final class DoubleField extends Field {

    private DoubleField(Shape shape, double[] host, DeviceBuffer buffer, String location) {
        super(shape, host, buffer, location);
    }

    /** A host field over {@code data} (not copied); {@code data.length} must equal the shape's size. */
    public static DoubleField of(double[] data, int... shape) {
        return of(data, Shape.of(shape));
    }

    /** A host field over {@code data} (not copied); {@code data.length} must equal the shape's size. */
    public static DoubleField of(double[] data, Shape shape) {
        checkHost(data, data == null ? 0 : data.length, shape);
        return new DoubleField(shape, data, null, hostLocation());
    }

    /** A field over device memory, which it owns from now on. For the launch path. */
    public static DoubleField onDevice(DeviceBuffer buffer, Shape shape, Backend backend) {
        checkDevice(buffer, shape, backend, ElementType.DOUBLE);
        return new DoubleField(shape, null, buffer, backend.id());
    }

    @Override
    public ElementType elementType() {
        return ElementType.DOUBLE;
    }

    /** The elements in a fresh array (downloaded when on the device). */
    public double[] toArray() {
        double[] a = new double[shape().size()];
        readPrefix(a, a.length);
        return a;
    }

    /** Copies the elements into {@code dst}, whose length must equal the size. */
    public void copyTo(double[] dst) {
        checkDestination(dst, dst == null ? 0 : dst.length);
        readPrefix(dst, dst.length);
    }

    /**
     * One element, axis 0 first. On the device this downloads everything up to that element:
     * to read many, call {@link #toArray()} once.
     */
    public double get(int... index) {
        int linear = shape().linearIndex(index);
        double[] host = (double[]) hostArrayOrNull();
        if (host != null) {
            return host[linear];
        }
        double[] prefix = new double[linear + 1];
        readPrefix(prefix, prefix.length);
        return prefix[linear];
    }


    /**
     * The sum of the elements, accumulated in {@code double}: NaN when any element is NaN (or when
     * both infinities occur), an infinity per IEEE 754 otherwise; 0 for an empty field. The
     * summation order is not a sequential loop's, so the result may differ from one in the last
     * bits, within the bound docs/reductions.md states. Computed where the field lives: on every core for a host field,
     * on its device for a device field (nothing is downloaded but the result). Deterministic for a
     * given backend and size; see docs/reductions.md.
     *
     * @throws IllegalStateException when the field is closed
     */
    public double sum() {
        return FieldReductions.sum(this);
    }

    /**
     * The smallest element, as {@code Math.min} would find it: NaN when any element is NaN, and
     * -0.0 is below 0.0. Computed where the field lives: on every core for a host field,
     * on its device for a device field (nothing is downloaded but the result). Deterministic for a
     * given backend and size; see docs/reductions.md.
     *
     * @throws java.util.NoSuchElementException when the field is empty
     * @throws IllegalStateException when the field is closed
     */
    public double min() {
        return FieldReductions.min(this);
    }

    /**
     * The largest element, as {@code Math.max} would find it: NaN when any element is NaN, and
     * 0.0 is above -0.0. Computed where the field lives: on every core for a host field,
     * on its device for a device field (nothing is downloaded but the result). Deterministic for a
     * given backend and size; see docs/reductions.md.
     *
     * @throws java.util.NoSuchElementException when the field is empty
     * @throws IllegalStateException when the field is closed
     */
    public double max() {
        return FieldReductions.max(this);
    }
    /** A host field's own array (not a copy: do not modify it), or a fresh download. */
    @Override
    public double[] hostData() {
        return (double[]) super.hostData();
    }
}
