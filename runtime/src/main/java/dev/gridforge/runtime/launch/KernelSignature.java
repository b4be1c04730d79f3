package dev.gridforge.runtime.launch;

import dev.gridforge.runtime.ElementType;
import java.util.List;
import java.util.Objects;

/**
 * What a generated kernel's launch passes, in order: the one description of its entry point that
 * the processor prints into the CUDA C, the generated launcher fills in, and {@link DeviceLaunch}
 * turns into the argument list. Every slot except {@link Kind#DEFINE} is one or more parameters
 * of the {@code extern "C" __global__} entry, in slot order.
 *
 * <p>Immutable; the lists it hands out are computed once, since every launch reads them.
 */
public final class KernelSignature {

    /** What one slot of the launch is, and what the entry receives for it. */
    public enum Kind {
        /** A result field: {@code T* __restrict__}, filled by the kernel; allocated by the runtime unless given. */
        OUTPUT,
        /**
         * The launch's extents and band: six {@code int}s, {@code n0, n1, n2, n3} (1 past the rank) and
         * {@code lo, hi}, the range of the outermost axis this launch computes (all of it, unless the
         * runtime launches a large kernel in bands).
         */
        EXTENTS,
        /**
         * Where a kernel with array views reports a read outside them: an {@code unsigned long long*}
         * (see {@code spi.ArrayFaults}) and an {@code int} tag naming this launch.
         */
        FAULT,
        /** One axis of the mesh: three {@code double}s, its start, step and stop. */
        MESH_AXIS,
        /** An input field read at the point: {@code const T* __restrict__}. */
        FIELD,
        /** An input field read around the point (a stencil's grid view): {@code const T* __restrict__}. */
        GRID,
        /** A read-only array read anywhere: {@code const T* __restrict__} and four {@code int} extents (1 past its rank). */
        ARRAY,
        /** One value for the whole launch (a {@code @Const}, or an expression of constants computed on the host). */
        VALUE,
        /** A {@code #define} of a specialised constant, compiled into the code; not an entry parameter. */
        DEFINE;

        /** Whether the generated launcher supplies this slot (with {@code arg} or {@code define}); else the runtime does. */
        public boolean suppliedByCaller() {
            return this != OUTPUT && this != EXTENTS && this != FAULT;
        }
    }

    /**
     * One slot.
     *
     * @param name the kernel parameter it stands for (for messages); for {@link Kind#DEFINE} the macro's name
     * @param type the element or value type; null for {@link Kind#EXTENTS} and {@link Kind#MESH_AXIS}
     * @param axis the axis of a {@link Kind#MESH_AXIS}; -1 otherwise
     */
    public record Slot(Kind kind, String name, ElementType type, int axis) {
        public Slot {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            boolean untyped = kind == Kind.EXTENTS || kind == Kind.FAULT || kind == Kind.MESH_AXIS;
            if (untyped != (type == null)) {
                throw new IllegalArgumentException(kind + " slot '" + name + "' " + (untyped ? "takes no type" : "needs a type"));
            }
            if ((kind == Kind.MESH_AXIS) != (axis >= 0) || axis > 2) {
                throw new IllegalArgumentException(kind + " slot '" + name + "' with axis " + axis);
            }
        }

        public static Slot output(String name, ElementType type) {
            return new Slot(Kind.OUTPUT, name, type, -1);
        }

        public static Slot extents() {
            return new Slot(Kind.EXTENTS, "extents", null, -1);
        }

        public static Slot fault() {
            return new Slot(Kind.FAULT, "fault", null, -1);
        }

        public static Slot array(String name, ElementType type) {
            return new Slot(Kind.ARRAY, name, type, -1);
        }

        public static Slot meshAxis(int axis) {
            return new Slot(Kind.MESH_AXIS, "mesh axis " + axis, null, axis);
        }

        public static Slot field(String name, ElementType type) {
            return new Slot(Kind.FIELD, name, type, -1);
        }

        public static Slot grid(String name, ElementType type) {
            return new Slot(Kind.GRID, name, type, -1);
        }

        /** A boolean constant travels as an INT value of 0 or 1. */
        public static Slot value(String name, ElementType type) {
            return new Slot(Kind.VALUE, name, type, -1);
        }

        public static Slot define(String macro, ElementType type) {
            return new Slot(Kind.DEFINE, macro, type, -1);
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

    /** @param slots the slots in entry order */
    public KernelSignature(List<Slot> slots) {
        this.slots = List.copyOf(slots);
        if (this.slots.stream().filter(s -> s.kind() == Kind.EXTENTS).count() != 1) {
            throw new IllegalArgumentException("a kernel signature has exactly one EXTENTS slot: " + slots);
        }
        if (this.slots.stream().noneMatch(s -> s.kind() == Kind.OUTPUT)) {
            throw new IllegalArgumentException("a kernel signature has at least one OUTPUT slot: " + slots);
        }
        this.outputs = ofKind(Kind.OUTPUT);
        this.defines = ofKind(Kind.DEFINE);
        this.results = outputs.stream().map(Slot::type).toList();
        this.arrayNames = ofKind(Kind.ARRAY).stream().map(Slot::name).toList();
        this.arguments = this.slots.stream().filter(s -> s.kind().suppliedByCaller() && s.kind() != Kind.DEFINE).toList();
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

    /** The specialised constants, in order. */
    public List<Slot> defines() {
        return defines;
    }

    private List<Slot> ofKind(Kind kind) {
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
