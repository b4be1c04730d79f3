package dev.gridforge.processor.ir;

/**
 * One result field of a kernel: the value the method returns, or one of its {@code Out}
 * parameters.
 *
 * @param name     the {@code Out} parameter's name; for the returned value, {@link #RETURNED}
 * @param returned whether this is the method's return value
 */
public record Output(String name, Type type, boolean returned) {

    /** The name given to a kernel's return value in generated code (user names cannot start with gf_). */
    public static final String RETURNED = "gf_out";

    public static Output returnedValue(Type type) {
        return new Output(RETURNED, type, true);
    }
}
