package dev.gridforge.runtime.launch;

import dev.gridforge.abi.SlotKind;
import dev.gridforge.runtime.ElementType;
import java.util.List;
import java.util.Objects;

/**
 * What a generated kernel's launch passes, in order: the one description of its entry point that
 * the processor prints into the CUDA C, the generated launcher fills in, and {@link DeviceLaunch}
 * turns into the argument list. Each slot passes the entry parameters its {@link SlotKind} lists
 * (the launch interface, shared with the processor), in slot order.
 *
 * <p>Immutable; the lists it hands out are computed once, since every launch reads them.
 */
public final class KernelSignature {

    /**
     * One slot.
     *
     * @param name the kernel parameter it stands for (for messages); for {@link SlotKind#DEFINE} the macro's name
     * @param type the element or value type; null for {@link SlotKind#EXTENTS}, {@link SlotKind#FAULT},
     *             {@link SlotKind#MESH_AXIS} and {@link SlotKind#WINDOW_AXIS}
     * @param axis the axis of a {@link SlotKind#MESH_AXIS} (0..2) or a {@link SlotKind#WINDOW_AXIS} (0..3); -1 otherwise
     */
    public record Slot(SlotKind kind, String name, ElementType type, int axis) {
        public Slot {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            boolean untyped = !kind.isTyped();
            if (untyped != (type == null)) {
                throw new IllegalArgumentException(kind + " slot '" + name + "' " + (untyped ? "takes no type" : "needs a type"));
            }
            if (kind.hasAxis() != (axis >= 0) || axis > (kind == SlotKind.MESH_AXIS ? 2 : 3)) {
                throw new IllegalArgumentException(kind + " slot '" + name + "' with axis " + axis);
            }
        }

        public static Slot output(String name, ElementType type) {
            return new Slot(SlotKind.OUTPUT, name, type, -1);
        }

        public static Slot extents() {
            return new Slot(SlotKind.EXTENTS, "extents", null, -1);
        }

        public static Slot fault() {
            return new Slot(SlotKind.FAULT, "fault", null, -1);
        }

        public static Slot array(String name, ElementType type) {
            return new Slot(SlotKind.ARRAY, name, type, -1);
        }

        public static Slot meshAxis(int axis) {
            return new Slot(SlotKind.MESH_AXIS, "mesh axis " + axis, null, axis);
        }

        /** An axis the kernel reads through @Index, @Extent or @Coord: the runtime passes the launch window's offset and global extent there. */
        public static Slot windowAxis(int axis) {
            return new Slot(SlotKind.WINDOW_AXIS, "window axis " + axis, null, axis);
        }

        public static Slot field(String name, ElementType type) {
            return new Slot(SlotKind.FIELD, name, type, -1);
        }

        public static Slot grid(String name, ElementType type) {
            return new Slot(SlotKind.GRID, name, type, -1);
        }

        /** A boolean constant travels as an INT value of 0 or 1. */
        public static Slot value(String name, ElementType type) {
            return new Slot(SlotKind.VALUE, name, type, -1);
        }

        public static Slot define(String macro, ElementType type) {
            return new Slot(SlotKind.DEFINE, macro, type, -1);
        }

        @Override
        public String toString() {
            return kind.name().toLowerCase(java.util.Locale.ROOT) + (type == null ? "" : " " + type.cType()) + " " + name;
        }
    }

    private final List<Slot> slots;
    private final List<Slot> outputs;
    private final List<Slot> arguments;
    private final List<Slot> defines;
    private final List<ElementType> results;
    private final List<String> arrayNames;
    private final List<Integer> windowAxes;

    /** @param slots the slots in entry order */
    public KernelSignature(List<Slot> slots) {
        this.slots = List.copyOf(slots);
        if (this.slots.stream().filter(s -> s.kind() == SlotKind.EXTENTS).count() != 1) {
            throw new IllegalArgumentException("a kernel signature has exactly one EXTENTS slot: " + slots);
        }
        if (this.slots.stream().noneMatch(s -> s.kind() == SlotKind.OUTPUT)) {
            throw new IllegalArgumentException("a kernel signature has at least one OUTPUT slot: " + slots);
        }
        this.outputs = ofKind(SlotKind.OUTPUT);
        this.defines = ofKind(SlotKind.DEFINE);
        this.results = outputs.stream().map(Slot::type).toList();
        this.arrayNames = ofKind(SlotKind.ARRAY).stream().map(Slot::name).toList();
        this.windowAxes = ofKind(SlotKind.WINDOW_AXIS).stream().map(Slot::axis).toList();
        this.arguments = this.slots.stream().filter(s -> s.kind().suppliedByCaller() && s.kind() != SlotKind.DEFINE).toList();
    }

    public static KernelSignature of(Slot... slots) {
        return new KernelSignature(List.of(slots));
    }

    /** Every slot, in entry order. */
    public List<Slot> slots() {
        return slots;
    }

    /** The output slots, in order. */
    public List<Slot> outputs() {
        return outputs;
    }

    /** The element types of the outputs, in order. */
    public List<ElementType> results() {
        return results;
    }

    /** The slots the generated launcher fills with {@code arg(...)}, in order (not the defines). */
    List<Slot> arguments() {
        return arguments;
    }

    /** The array views' names, in order: what a read outside one is reported by. */
    public List<String> arrayNames() {
        return arrayNames;
    }

    /** The axes the kernel reads through @Index, @Extent or @Coord (its WINDOW_AXIS slots), ascending. */
    public List<Integer> windowAxes() {
        return windowAxes;
    }

    /** The specialised constants, in order. */
    public List<Slot> defines() {
        return defines;
    }

    private List<Slot> ofKind(SlotKind kind) {
        return slots.stream().filter(s -> s.kind() == kind).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KernelSignature k && k.slots.equals(slots);
    }

    @Override
    public int hashCode() {
        return slots.hashCode();
    }

    @Override
    public String toString() {
        return "KernelSignature" + slots;
    }
}
