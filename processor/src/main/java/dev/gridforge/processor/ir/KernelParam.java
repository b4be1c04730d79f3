package dev.gridforge.processor.ir;

/**
 * One parameter of a kernel method and the role its type and annotation give it.
 *
 * @param type       the value type; for OUTPUT the element type of the result field
 * @param axis       the axis of a COORD, INDEX or EXTENT parameter; -1 otherwise
 * @param specialize for CONST: whether the value is baked into the compiled CUDA code
 * @param grid       for GRID: its rank and boundary rule; null otherwise
 * @param arrayRank  for ARRAY: the view's rank, 1 to 4; 0 otherwise
 */
public record KernelParam(String name, Type type, Role role, int axis, boolean specialize, GridSpec grid, int arrayRank) {

    public KernelParam {
        if ((role == Role.GRID) != (grid != null)) {
            throw new IllegalArgumentException(role + " parameter " + name + " with grid " + grid);
        }
        if ((role == Role.ARRAY) != (arrayRank >= 1 && arrayRank <= 4) || (role != Role.ARRAY && arrayRank != 0)) {
            throw new IllegalArgumentException(role + " parameter " + name + " with array rank " + arrayRank);
        }
    }

    public KernelParam(String name, Type type, Role role, int axis, boolean specialize, GridSpec grid) {
        this(name, type, role, axis, specialize, grid, 0);
    }

    public KernelParam(String name, Type type, Role role, int axis, boolean specialize) {
        this(name, type, role, axis, specialize, null, 0);
    }

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
        OUTPUT,
        /** An input field read around the point ({@code Grid2 u}; {@code u.at(1, 0)}). */
        GRID,
        /** A read-only array read anywhere ({@code Array4f x}; {@code x.get(w, h, c, b)}, {@code x.extent(2)}). */
        ARRAY
    }

    public static KernelParam output(String name, Type type) {
        return new KernelParam(name, type, Role.OUTPUT, -1, false);
    }

    public static KernelParam grid(String name, Type type, GridSpec grid) {
        return new KernelParam(name, type, Role.GRID, -1, false, grid);
    }

    public static KernelParam array(String name, Type type, int rank) {
        return new KernelParam(name, type, Role.ARRAY, -1, false, null, rank);
    }

    public boolean isUniform() {
        return role == Role.CONST;
    }

    /** Whether the point function receives a value for it (outputs are written, grids and arrays read through their view). */
    public boolean isPointValue() {
        return role != Role.OUTPUT && role != Role.GRID && role != Role.ARRAY;
    }
}
