package dev.gridforge.abi;

import static dev.gridforge.abi.EntryParameter.ARRAY_N0;
import static dev.gridforge.abi.EntryParameter.ARRAY_N1;
import static dev.gridforge.abi.EntryParameter.ARRAY_N2;
import static dev.gridforge.abi.EntryParameter.ARRAY_N3;
import static dev.gridforge.abi.EntryParameter.BAND_HI;
import static dev.gridforge.abi.EntryParameter.BAND_LO;
import static dev.gridforge.abi.EntryParameter.FAULT_TAG;
import static dev.gridforge.abi.EntryParameter.FAULT_WORD;
import static dev.gridforge.abi.EntryParameter.GLOBAL_EXTENT;
import static dev.gridforge.abi.EntryParameter.INPUT_ELEMENTS;
import static dev.gridforge.abi.EntryParameter.MESH_START;
import static dev.gridforge.abi.EntryParameter.MESH_STEP;
import static dev.gridforge.abi.EntryParameter.MESH_STOP;
import static dev.gridforge.abi.EntryParameter.N0;
import static dev.gridforge.abi.EntryParameter.N1;
import static dev.gridforge.abi.EntryParameter.N2;
import static dev.gridforge.abi.EntryParameter.N3;
import static dev.gridforge.abi.EntryParameter.OUTPUT_ELEMENTS;
import static dev.gridforge.abi.EntryParameter.WINDOW_OFFSET;

import java.util.List;

/**
 * What one slot of a launch is, and which entry parameters it passes, in order. A launch's slots
 * come in this order: the outputs, the extents, the fault report (kernels that can fault), the
 * mesh axes read, the window axes read (each axis read through {@code @Index}, {@code @Extent} or
 * {@code @Coord}), then the input fields, grids, arrays and constants in the method's parameter
 * order, then the values hoisted out of the kernel; the specialised constants last.
 */
public enum SlotKind {
    /** A result field, filled by the kernel; allocated by the runtime unless the caller gives one. */
    OUTPUT("a result field, allocated by the runtime unless given to ...Into", OUTPUT_ELEMENTS),
    /** The launch's extents and the band of its outermost axis this launch computes. */
    EXTENTS("the launch's extents (1 past its rank) and the band [lo, hi) of its outermost axis", N0, N1, N2, N3, BAND_LO, BAND_HI),
    /** Where the kernel records what it cannot throw (a read outside an array, an integer division by zero). */
    FAULT("the fault word and this launch's tag; for kernels that can fault", FAULT_WORD, FAULT_TAG),
    /** One axis of the mesh. */
    MESH_AXIS("one mesh axis read through @Coord: its start, step and stop", MESH_START, MESH_STEP, MESH_STOP),
    /**
     * One axis the kernel reads through {@code @Index}, {@code @Extent} or {@code @Coord}: where the
     * launch's points lie in the whole domain (a launch over a tile sees global indices, extents and
     * coordinates). Filled by the runtime from the launch's window.
     */
    WINDOW_AXIS("one axis the kernel reads through @Index, @Extent or @Coord: the window's offset and the global extent",
            WINDOW_OFFSET, GLOBAL_EXTENT),
    /** An input field read at the point. */
    FIELD("an input field read at the point", INPUT_ELEMENTS),
    /** An input field read around the point (a stencil's grid view). */
    GRID("an input field read around the point (a grid)", INPUT_ELEMENTS),
    /** A read-only array read anywhere, with its four extents. */
    ARRAY("an array view read anywhere, and its extents (1 past its rank)", INPUT_ELEMENTS, ARRAY_N0, ARRAY_N1, ARRAY_N2, ARRAY_N3),
    /** One value for the whole launch: a {@code @Const}, or an expression of constants computed on the host. */
    VALUE("a @Const, or a value hoisted out of the kernel and computed on the host", EntryParameter.VALUE),
    /** A specialised constant: a {@code #define} compiled into the code, not an entry parameter. */
    DEFINE("a @Const(specialize = true): a #define, no entry parameter");

    private final String description;
    private final List<EntryParameter> parameters;

    SlotKind(String description, EntryParameter... parameters) {
        this.description = description;
        this.parameters = List.of(parameters);
    }

    /** The entry parameters this slot passes, in order. */
    public List<EntryParameter> parameters() {
        return parameters;
    }

    public String description() {
        return description;
    }

    /** Whether the generated launcher supplies this slot's value; else the runtime does. */
    public boolean suppliedByCaller() {
        return this != OUTPUT && this != EXTENTS && this != FAULT && this != WINDOW_AXIS;
    }

    /** Whether the slot carries an element or value type. */
    public boolean isTyped() {
        return this != EXTENTS && this != FAULT && this != MESH_AXIS && this != WINDOW_AXIS;
    }

    /** Whether the slot stands for one axis of the launch ({@link #MESH_AXIS}, {@link #WINDOW_AXIS}). */
    public boolean hasAxis() {
        return this == MESH_AXIS || this == WINDOW_AXIS;
    }
}
