package dev.gridforge.processor.ir;

/**
 * One parameter of a kernel method and the role its type and annotation give it.
 *
 * @param type       the value type; for OUTPUT the element type of the result field
 * @param axis       the axis of a COORD, INDEX or EXTENT parameter; -1 otherwise
 * @param specialize for CONST: whether the value is baked into the compiled CUDA code
 */
public record KernelParam(String name, Type type, Role role, int axis, boolean specialize) {

    /** What the launch supplies for a parameter. */
    public enum Role {
        /** One element of an input field of the launch's shape (a plain primitive parameter). */
        INPUT,
        /** A mesh coordinate computed from the index ({@code @Coord}). */
        COORD,
        /** The point's position along an axis ({@code @Index}). */
        INDEX,
        /** The launch's size along an axis ({@code @Extent}). */
        EXTENT,
        /** One value for the whole launch ({@code @Const}). */
        CONST,
        /** A result field the kernel writes at the point ({@code Out uNext}; {@code uNext.set(v)}). */
        OUTPUT
    }

    public static KernelParam output(String name, Type type) {
        return new KernelParam(name, type, Role.OUTPUT, -1, false);
    }

    public boolean isUniform() {
        return role == Role.CONST;
    }

    /** Whether the point function receives a value for it (outputs are written, not passed in). */
    public boolean isPointValue() {
        return role != Role.OUTPUT;
    }
}
