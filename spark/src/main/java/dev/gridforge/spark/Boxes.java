package dev.gridforge.spark;

/**
 * Copies a box of points between two flat arrays of one primitive type, each laid out axis 0
 * fastest with its own extents: row by row along axis 0 ({@code System.arraycopy}).
 */
final class Boxes {
    private Boxes() {
    }

    /** A new array holding the box of extents {@code box} at {@code at} in {@code src} (of extents {@code srcExtents}). */
    static Object cut(Object src, int[] srcExtents, int[] at, int[] box) {
        long n = 1;
        for (int e : box) {
            n *= e;
        }
        Object part = java.lang.reflect.Array.newInstance(src.getClass().getComponentType(), (int) n);
        copy(src, srcExtents, at, part, box, new int[box.length], box);
        return part;
    }

    /**
     * Copies the box of extents {@code box} starting at {@code srcAt} in {@code src} (of extents
     * {@code srcExtents}) to {@code dstAt} in {@code dst} (of extents {@code dstExtents}).
     */
    static void copy(Object src, int[] srcExtents, int[] srcAt, Object dst, int[] dstExtents, int[] dstAt, int[] box) {
        int rank = box.length;
        for (int e : box) {
            if (e == 0) {
                return;
            }
        }
        int[] i = new int[rank]; // the box's position over axes 1.., axis 0 copied whole
        while (true) {
            long s = srcAt[0];
            long d = dstAt[0];
            long sStride = srcExtents[0];
            long dStride = dstExtents[0];
            for (int a = 1; a < rank; a++) {
                s += (srcAt[a] + i[a]) * sStride;
                d += (dstAt[a] + i[a]) * dStride;
                sStride *= srcExtents[a];
                dStride *= dstExtents[a];
            }
            System.arraycopy(src, (int) s, dst, (int) d, box[0]);
            int a = 1;
            while (a < rank && ++i[a] == box[a]) {
                i[a] = 0;
                a++;
            }
            if (a >= rank) {
                return;
            }
        }
    }
}
