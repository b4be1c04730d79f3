package dev.gridforge;

/** The checks every array view makes, with the messages the generated JVM code throws too. */
final class ArrayChecks {
    private ArrayChecks() {
    }

    static void extent(int axis, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("extent of axis " + axis + " must not be negative, got " + n);
        }
    }

    static void index(String array, int axis, int i, int n) {
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException("index " + i + " out of bounds for axis " + axis + " of extent " + n
                    + (array == null ? "" : " of array '" + array + "'"));
        }
    }
}
