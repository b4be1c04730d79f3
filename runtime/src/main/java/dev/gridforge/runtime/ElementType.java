package dev.gridforge.runtime;

/** The element type of a field or kernel result, with its size and C spelling. */
public enum ElementType {
    DOUBLE(8, "double", double[].class),
    FLOAT(4, "float", float[].class),
    INT(4, "int", int[].class),
    LONG(8, "long long", long[].class);

    private final int bytes;
    private final String cType;
    private final Class<?> arrayClass;

    ElementType(int bytes, String cType, Class<?> arrayClass) {
        this.bytes = bytes;
        this.cType = cType;
        this.arrayClass = arrayClass;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The C type generated kernels use for it. */
    public String cType() {
        return cType;
    }

    /** The Java array class holding such elements ({@code double[].class}, ...). */
    public Class<?> arrayClass() {
        return arrayClass;
    }

    /** A new zeroed Java array of {@code length} elements. */
    public Object newArray(int length) {
        switch (this) {
            case DOUBLE: return new double[length];
            case FLOAT: return new float[length];
            case INT: return new int[length];
            default: return new long[length];
        }
    }

    /** The element type of a primitive array, or an IllegalArgumentException naming what was given. */
    public static ElementType ofArray(Object javaArray) {
        for (ElementType t : values()) {
            if (t.arrayClass.isInstance(javaArray)) {
                return t;
            }
        }
        throw new IllegalArgumentException("expected a double[], float[], int[] or long[], got "
                + (javaArray == null ? "null" : javaArray.getClass().getSimpleName()));
    }
}
