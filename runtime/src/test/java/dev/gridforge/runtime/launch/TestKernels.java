package dev.gridforge.runtime.launch;

import static dev.gridforge.runtime.ElementType.DOUBLE;
import static dev.gridforge.runtime.ElementType.FLOAT;
import static dev.gridforge.runtime.ElementType.INT;
import static dev.gridforge.runtime.ElementType.LONG;

import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.launch.KernelSignature.Slot;
import java.util.Map;

/**
 * Stands in for a generated launcher: the hand-written {@code TestKernels.*.cu} resources sit
 * next to it, and {@link #SIGNATURES} describes each one's entry as the processor would.
 */
final class TestKernels {

    static final Map<String, KernelSignature> SIGNATURES = Map.of(
            "affine1", KernelSignature.of(Slot.output("out", DOUBLE), Slot.extents(), Slot.field("in", DOUBLE),
                    Slot.value("a", DOUBLE)),
            "affine2", KernelSignature.of(Slot.output("out", INT), Slot.extents(), Slot.field("in", INT),
                    Slot.value("k", INT), Slot.value("f", FLOAT)),
            "affine3", KernelSignature.of(Slot.output("out", LONG), Slot.extents(), Slot.field("in", LONG),
                    Slot.value("big", LONG)),
            "broken", KernelSignature.of(Slot.output("out", DOUBLE), Slot.extents(), Slot.define("GF_UNIQUE", INT)),
            "constD", constants(DOUBLE),
            "constF", constants(FLOAT),
            "constI", constants(INT),
            "constL", constants(LONG),
            "flat", KernelSignature.of(Slot.output("out", DOUBLE), Slot.extents(), Slot.field("in", DOUBLE),
                    Slot.field("g", FLOAT)),
            "scaled", KernelSignature.of(Slot.output("out", FLOAT), Slot.extents(), Slot.field("in", FLOAT),
                    Slot.define("SCALE", FLOAT), Slot.define("SHIFT", INT)));

    private TestKernels() {
    }

    static KernelInfo kernel(String name, int rank) {
        return new KernelInfo(TestKernels.class, name, name, rank, "TestKernels." + name + ".cu", SIGNATURES.get(name));
    }

    /** constD, constF, ...: eight specialised constants V0..V7, written to out[0..7]. */
    private static KernelSignature constants(ElementType t) {
        return KernelSignature.of(Slot.output("out", t), Slot.extents(), Slot.define("V0", t), Slot.define("V1", t),
                Slot.define("V2", t), Slot.define("V3", t), Slot.define("V4", t), Slot.define("V5", t),
                Slot.define("V6", t), Slot.define("V7", t));
    }
}
