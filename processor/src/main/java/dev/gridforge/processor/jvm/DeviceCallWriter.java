package dev.gridforge.processor.jvm;

import com.palantir.javapoet.CodeBlock;
import dev.gridforge.abi.SlotKind;
import dev.gridforge.processor.cuda.CNames;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.plan.LaunchPlan;
import dev.gridforge.processor.plan.LaunchSignature;
import dev.gridforge.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the two places a launcher spells out a kernel's {@link LaunchSignature}: the runtime's
 * copy of it ({@code KernelSignature.of(...)}, in the kernel's {@code KernelInfo}) and the device
 * call that fills its slots ({@code gf_launch.device().arg(...)...run()}).
 */
final class DeviceCallWriter {
    private DeviceCallWriter() {
    }

    /** {@code KernelSignature.of(Slot.output("gf_out", ElementType.DOUBLE), Slot.extents(), ...)}. */
    static CodeBlock signature(LaunchPlan plan) {
        Kernel k = plan.kernel();
        List<CodeBlock> slots = new ArrayList<>();
        CNames names = CNames.of(k);
        for (LaunchSignature.Slot s : plan.signature().slots()) {
            slots.add(switch (s.kind()) {
                case OUTPUT -> typed("output", s.name(), s.type());
                case EXTENTS -> CodeBlock.of("$T.extents()", RuntimeApi.SLOT);
                case FAULT -> CodeBlock.of("$T.fault()", RuntimeApi.SLOT);
                case MESH_AXIS -> CodeBlock.of("$T.meshAxis($L)", RuntimeApi.SLOT, s.axis());
                case WINDOW_AXIS -> CodeBlock.of("$T.windowAxis($L)", RuntimeApi.SLOT, s.axis());
                case FIELD -> typed("field", s.name(), s.type());
                case GRID -> typed("grid", s.name(), s.type());
                case ARRAY -> typed("array", s.name(), s.type());
                case VALUE -> typed("value", s.name(), s.type());
                case DEFINE -> typed("define", names.macro(s.name()), s.type());
            });
        }
        return CodeBlock.of("$T.of(\n$>$>$L$<$<)", RuntimeApi.SIGNATURE, CodeBlock.join(slots, ",\n"));
    }

    private static CodeBlock typed(String factory, String name, Type type) {
        return CodeBlock.of("$T.$L($S, $T.$L)", RuntimeApi.SLOT, factory, name, RuntimeApi.ELEMENT_TYPE,
                RuntimeApi.elementType(type));
    }

    /** {@code return gf_launch.device()...run();}: every slot the launcher supplies, in signature order. */
    static CodeBlock deviceCall(LaunchPlan plan, KernelNames names) {
        Kernel k = plan.kernel();
        CodeBlock.Builder call = CodeBlock.builder().add("return gf_launch.device()$>$>");
        CNames cNames = CNames.of(k);
        for (LaunchSignature.Slot s : plan.signature().slots()) {
            switch (s.kind()) {
                case MESH_AXIS -> call.add("\n.meshAxis($N, $L)", names.domainParam(), s.axis());
                case FIELD, GRID, ARRAY -> call.add("\n.arg($N)", s.name());
                case VALUE -> call.add("\n.arg($L)", deviceValue(s.name(), s.type()));
                case DEFINE -> call.add("\n.define($S, $L)", cNames.macro(s.name()), deviceValue(s.name(), s.type()));
                case OUTPUT, EXTENTS, FAULT, WINDOW_AXIS -> {
                    // the runtime's
                }
            }
        }
        return call.add("\n.run();\n$<$<").build();
    }

    /** Booleans travel to the device as int 0/1 (the entry declares them int). */
    private static String deviceValue(String name, Type type) {
        return type == Type.BOOLEAN ? "(" + name + " ? 1 : 0)" : name;
    }
}
