package dev.gridforge.processor.plan;

import dev.gridforge.abi.SlotKind;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.KernelParam;
import dev.gridforge.processor.ir.Output;
import dev.gridforge.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * What a launch of one kernel passes, in the order of its CUDA entry's parameters: the one place
 * that order is decided. The CUDA printer prints the entry from it, the launcher writer prints
 * the device call and the runtime's copy of it ({@code KernelSignature}) from it. What each kind of
 * slot passes is {@link SlotKind}'s, shared with the runtime.
 *
 * <p>The order: outputs, the extents, the fault report (kernels that can fault), the mesh axes
 * read, the window axes (every axis read through {@code @Index}, {@code @Extent} or
 * {@code @Coord}), then the input fields, grids, arrays and constants in parameter order, then the
 * hoisted values; the specialised constants last (they are {@code #define}s, not entry parameters).
 */
public record LaunchSignature(List<Slot> slots) {

    /**
     * One slot.
     *
     * @param name   the output, parameter or hoisted value's name; for DEFINE the parameter's name
     * @param type   its type (a boolean VALUE travels as an int); null for EXTENTS, FAULT, MESH_AXIS and WINDOW_AXIS
     * @param axis   the axis of a MESH_AXIS or WINDOW_AXIS, else -1
     * @param output the output of an OUTPUT slot, else null
     */
    public record Slot(SlotKind kind, String name, Type type, int axis, Output output) {
    }

    public LaunchSignature {
        slots = List.copyOf(slots);
    }

    public static LaunchSignature of(Kernel k) {
        List<Slot> slots = new ArrayList<>();
        for (Output o : k.outputs()) {
            slots.add(new Slot(SlotKind.OUTPUT, o.name(), o.type(), -1, o));
        }
        slots.add(new Slot(SlotKind.EXTENTS, "extents", null, -1, null));
        if (k.canFault()) {
            slots.add(new Slot(SlotKind.FAULT, "fault", null, -1, null));
        }
        for (int axis : k.coordAxes()) {
            slots.add(new Slot(SlotKind.MESH_AXIS, "axis" + axis, null, axis, null));
        }
        for (int axis : k.windowAxes()) {
            slots.add(new Slot(SlotKind.WINDOW_AXIS, "window" + axis, null, axis, null));
        }
        for (KernelParam p : k.params()) {
            switch (p.role()) {
                case INPUT -> slots.add(new Slot(SlotKind.FIELD, p.name(), p.type(), -1, null));
                case GRID -> slots.add(new Slot(SlotKind.GRID, p.name(), p.type(), -1, null));
                case ARRAY -> slots.add(new Slot(SlotKind.ARRAY, p.name(), p.type(), -1, null));
                case CONST -> {
                    if (!p.specialize()) {
                        slots.add(new Slot(SlotKind.VALUE, p.name(), p.type(), -1, null));
                    }
                }
                default -> {
                    // COORD reads a mesh axis and a window axis, INDEX and EXTENT a window axis (above); OUTPUT is above
                }
            }
        }
        for (Kernel.Hoisted h : k.hoisted()) {
            slots.add(new Slot(SlotKind.VALUE, h.name(), h.value().type(), -1, null));
        }
        for (KernelParam p : k.params()) {
            if (p.specialize()) {
                slots.add(new Slot(SlotKind.DEFINE, p.name(), p.type(), -1, null));
            }
        }
        return new LaunchSignature(slots);
    }

    public List<Slot> ofKind(SlotKind kind) {
        return slots.stream().filter(s -> s.kind() == kind).toList();
    }
}
