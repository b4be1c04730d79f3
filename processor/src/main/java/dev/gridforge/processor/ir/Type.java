package dev.gridforge.processor.ir;

/** The primitive types of the kernel language, with Java's numeric promotion rules. */
public enum Type {
    BOOLEAN("boolean", "bool"),
    INT("int", "int"),
    LONG("long", "long long"),
    FLOAT("float", "float"),
    DOUBLE("double", "double");

    private final String javaName;
    private final String cudaName;

    Type(String javaName, String cudaName) {
        this.javaName = javaName;
        this.cudaName = cudaName;
    }

    public String javaName() {
        return javaName;
    }

    public String cudaName() {
        return cudaName;
    }

    /** The size of one value in C (a bool is one byte). */
    public int bytes() {
        return switch (this) {
            case BOOLEAN -> 1;
            case INT, FLOAT -> 4;
            case LONG, DOUBLE -> 8;
        };
    }

    public boolean isNumeric() {
        return this != BOOLEAN;
    }

    public boolean isIntegral() {
        return this == INT || this == LONG;
    }

    public boolean isFloating() {
        return this == FLOAT || this == DOUBLE;
    }

    /** JLS 5.6.2 binary numeric promotion (byte, short and char are not in the language). */
    public static Type promote(Type a, Type b) {
        if (!a.isNumeric() || !b.isNumeric()) {
            throw new IllegalArgumentException("no numeric promotion of " + a + " and " + b);
        }
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** JLS 5.1.2: whether a value of this type converts to {@code to} without a cast. */
    public boolean widensTo(Type to) {
        if (this == to) {
            return true;
        }
        return isNumeric() && to.isNumeric() && ordinal() < to.ordinal();
    }

    /** The type a Java primitive keyword names, or null. */
    public static Type ofJavaName(String name) {
        for (Type t : values()) {
            if (t.javaName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
