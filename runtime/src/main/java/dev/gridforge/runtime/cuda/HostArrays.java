package dev.gridforge.runtime.cuda;

import java.util.Objects;
import jcuda.Pointer;

/**
 * The Java arrays that can be copied to and from the device, their sizes in bytes, and JCuda
 * pointers to them. Small downloads and every upload go straight between the device and the Java
 * array (JCuda pins it for the copy; the driver stages pageable memory itself); large downloads
 * go through pinned slots instead ({@link dev.gridforge.runtime.spi.StagedDownload}).
 */
final class HostArrays {

    private HostArrays() {
    }

    /** Bytes in {@code array}; IllegalArgumentException for anything but double[], float[], int[], long[]. */
    static long byteSize(Object array) {
        Objects.requireNonNull(array, "array");
        if (array instanceof double[] a) {
            return 8L * a.length;
        }
        if (array instanceof float[] a) {
            return 4L * a.length;
        }
        if (array instanceof int[] a) {
            return 4L * a.length;
        }
        if (array instanceof long[] a) {
            return 8L * a.length;
        }
        throw new IllegalArgumentException("cannot copy a " + array.getClass().getSimpleName()
                + " to or from the device; use double[], float[], int[] or long[]");
    }

    static Pointer pointerTo(Object array) {
        if (array instanceof double[] a) {
            return Pointer.to(a);
        }
        if (array instanceof float[] a) {
            return Pointer.to(a);
        }
        if (array instanceof int[] a) {
            return Pointer.to(a);
        }
        if (array instanceof long[] a) {
            return Pointer.to(a);
        }
        throw new IllegalArgumentException("cannot copy a " + array.getClass().getSimpleName() + " to or from the device");
    }

    /** Throws IllegalArgumentException unless the whole array fits in a buffer of {@code bufferBytes}. */
    static long checkFits(String direction, Object array, long bufferBytes) {
        long bytes = byteSize(array);
        if (bytes > bufferBytes) {
            throw new IllegalArgumentException(direction + " of a " + describe(array) + " (" + bytes
                    + " bytes) does not fit a device buffer of " + bufferBytes + " bytes");
        }
        return bytes;
    }

    static String describe(Object array) {
        String type = array.getClass().getComponentType().getName();
        return type + "[" + java.lang.reflect.Array.getLength(array) + "]";
    }
}
