package dev.gridforge.abi;

/**
 * One parameter of a generated kernel's {@code extern "C" __global__} entry point, by what it
 * carries. The processor declares the entry's parameters from these, the runtime passes a value
 * for each, both in the order of {@link SlotKind#parameters()}.
 */
public enum EntryParameter {
    /** A result field's elements: {@code T*}, T the slot's element type. */
    OUTPUT_ELEMENTS(CType.ELEMENT_POINTER),
    /** An input field's elements: {@code const T*}. */
    INPUT_ELEMENTS(CType.CONST_ELEMENT_POINTER),
    /** The launch's extent along axis 0 (1 past its rank). */
    N0(CType.INT),
    N1(CType.INT),
    N2(CType.INT),
    N3(CType.INT),
    /** The first index along the outermost axis that this launch computes (0 unless launched in bands). */
    BAND_LO(CType.INT),
    /** One past the last index along the outermost axis that this launch computes. */
    BAND_HI(CType.INT),
    /** The accelerator's fault word ({@link FaultCode}), where a kernel records what it cannot throw. */
    FAULT_WORD(CType.FAULT_POINTER),
    /** The tag that names this launch in a fault code. */
    FAULT_TAG(CType.INT),
    /** A mesh axis's first coordinate. */
    MESH_START(CType.DOUBLE),
    /** A mesh axis's distance between coordinates. */
    MESH_STEP(CType.DOUBLE),
    /** A mesh axis's last coordinate, exactly (NumPy's linspace). */
    MESH_STOP(CType.DOUBLE),
    /**
     * The window's offset along the slot's axis: the global index of the launch's first point there
     * (0 for a launch over the whole domain). A kernel's {@code @Index} is the local index plus this.
     */
    WINDOW_OFFSET(CType.INT),
    /** The whole domain's extent along the slot's axis: what {@code @Extent} reads, and the {@code n} of {@code @Coord}. */
    GLOBAL_EXTENT(CType.INT),
    /** An array view's extent along axis 0 (1 past its rank). */
    ARRAY_N0(CType.INT),
    ARRAY_N1(CType.INT),
    ARRAY_N2(CType.INT),
    ARRAY_N3(CType.INT),
    /** One value of the slot's type (a boolean travels as an int, 0 or 1). */
    VALUE(CType.VALUE);

    /** How a parameter is declared in C. */
    public enum CType {
        ELEMENT_POINTER, CONST_ELEMENT_POINTER, FAULT_POINTER, INT, DOUBLE,
        /** The slot's own type: {@code int} for a boolean. */
        VALUE
    }

    private final CType cType;

    EntryParameter(CType cType) {
        this.cType = cType;
    }

    public CType cType() {
        return cType;
    }
}
