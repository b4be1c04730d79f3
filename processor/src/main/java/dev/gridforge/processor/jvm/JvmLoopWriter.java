package dev.gridforge.processor.jvm;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.KernelParam;
import dev.gridforge.processor.ir.Output;
import dev.gridforge.processor.ir.Type;
import dev.gridforge.processor.print.CodePrinter;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes a kernel's JVM backend: one method that reads the inputs in place, then runs the
 * point body, inlined, for every point, rows split over the cores ({@code JvmLoops}), and
 * returns the result fields. The method's own names all start with {@code gf_}; the body's
 * parameters become locals under their own names, so the body reads as the user wrote it.
 */
final class JvmLoopWriter {
    private final Kernel k;
    private final KernelNames names;

    JvmLoopWriter(Kernel k, KernelNames names) {
        this.k = k;
        this.names = names;
    }

    /** The arguments the launch method passes, in the order of {@link #method()}'s parameters. */
    List<String> callArguments() {
        List<String> args = new ArrayList<>();
        args.add("gf_launch");
        if (names.domain() == KernelNames.Domain.MESH) {
            args.add(names.domainParam());
        }
        for (KernelParam p : k.params()) {
            if (p.role() == KernelParam.Role.INPUT || p.role() == KernelParam.Role.GRID || p.role() == KernelParam.Role.CONST) {
                args.add(p.name());
            }
        }
        k.hoisted().forEach(h -> args.add(h.name()));
        return args;
    }

    MethodSpec method() {
        MethodSpec.Builder m = MethodSpec.methodBuilder(names.jvmMethod())
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(ArrayTypeName.of(RuntimeApi.FIELD))
                .addParameter(RuntimeApi.LAUNCH, "gf_launch");
        if (names.domain() == KernelNames.Domain.MESH) {
            m.addParameter(RuntimeApi.MESH, "gf_mesh");
        }
        for (KernelParam p : k.params()) {
            if (p.role() == KernelParam.Role.INPUT || p.role() == KernelParam.Role.GRID) {
                m.addParameter(RuntimeApi.fieldType(p.type()), KernelNames.inputField(p));
            } else if (p.role() == KernelParam.Role.CONST) {
                m.addParameter(RuntimeApi.primitive(p.type()), KernelNames.constant(p));
            }
        }
        for (Kernel.Hoisted h : k.hoisted()) {
            m.addParameter(RuntimeApi.primitive(h.value().type()), h.name());
        }
        boolean flat = k.rank() == 0;
        m.addStatement("final int gf_n0 = $L", flat ? "gf_launch.size()" : "gf_launch.shape().extent(0)");
        m.addStatement("final int gf_n1 = $L", flat ? "1" : "gf_launch.shape().extent(1)");
        m.addStatement("final int gf_n2 = $L", flat ? "1" : "gf_launch.shape().extent(2)");
        List<Output> outputs = k.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            String t = outputs.get(i).type().javaName();
            m.addStatement("final $L[] $N = ($L[]) gf_launch.jvmOutput($L)", t, KernelNames.outputArray(outputs.get(i)), t, i);
        }
        for (KernelParam p : k.fieldParams()) {
            // a host input is read in place; a device-resident one is downloaded
            m.addStatement("final $L[] $N = $N.hostData()", p.type().javaName(), KernelNames.inputArray(p), KernelNames.inputField(p));
        }
        for (int axis : k.coordAxes()) {
            // the coordinates once per launch (Mesh.coords gives exactly Mesh.coord), not once per point
            m.addStatement("final double[] gf_coord$L = gf_mesh.coords($L)", axis, axis);
        }
        m.addCode(loops());
        m.addStatement("return gf_launch.jvmResults($L)",
                String.join(", ", outputs.stream().map(KernelNames::outputArray).toList()));
        return m.build();
    }

    private CodeBlock loops() {
        CodeBlock.Builder c = CodeBlock.builder();
        if (k.rank() <= 1) {
            c.beginControlFlow("$T.forRows(gf_n0, (gf_from, gf_to) ->", RuntimeApi.JVM_LOOPS);
            c.beginControlFlow("for (int gf_i0 = gf_from; gf_i0 < gf_to; gf_i0++)");
            c.addStatement("final int gf_at = gf_i0");
            c.add(point());
            c.endControlFlow();
        } else {
            // Whole rows, or pieces of rows when there are too few rows for every core.
            c.beginControlFlow("$T.forRowSegments(gf_n1 * gf_n2, gf_n0, (gf_rowFrom, gf_rowTo, gf_x0, gf_x1) ->",
                    RuntimeApi.JVM_LOOPS);
            c.beginControlFlow("for (int gf_row = gf_rowFrom; gf_row < gf_rowTo; gf_row++)");
            c.addStatement("final int gf_i1 = gf_row % gf_n1");
            c.addStatement("final int gf_i2 = gf_row / gf_n1");
            c.beginControlFlow("for (int gf_i0 = gf_x0; gf_i0 < gf_x1; gf_i0++)");
            c.addStatement("final int gf_at = gf_i0 + gf_n0 * gf_row");
            c.add(point());
            c.endControlFlow();
            c.endControlFlow();
        }
        c.unindent().add("});\n");
        return c.build();
    }

    /** One point: the body's parameters as locals, its outputs starting at zero, the body, the stores. */
    private CodeBlock point() {
        CodeBlock.Builder c = CodeBlock.builder();
        for (KernelParam p : k.params()) {
            if (p.isPointValue()) {
                c.addStatement("$L $N = $L", p.type().javaName(), p.name(), pointValue(p));
            }
        }
        for (Output o : k.outputs()) {
            String local = o.returned() ? JavaBodyPrinter.RESULT : o.name();
            c.addStatement("$L $N = $L", o.type().javaName(), local, zero(o.type()));
        }
        int[] halo = k.halo();
        if (halo[0] + halo[1] + halo[2] > 0) {
            // Near an edge every grid read goes through its boundary rule; inside, none does.
            c.beginControlFlow("if ($L)", CodePrinter.edgeCondition(halo));
            c.add("$L", JavaBodyPrinter.inlinePoint(k, true));
            c.nextControlFlow("else");
            c.add("$L", JavaBodyPrinter.inlinePoint(k, false));
            c.endControlFlow();
        } else {
            c.add("$L", JavaBodyPrinter.inlinePoint(k, false));
        }
        for (Output o : k.outputs()) {
            String local = o.returned() ? JavaBodyPrinter.RESULT : o.name();
            c.addStatement("$N[gf_at] = $N", KernelNames.outputArray(o), local);
        }
        return c.build();
    }

    private static String pointValue(KernelParam p) {
        return switch (p.role()) {
            case INPUT -> KernelNames.inputArray(p) + "[gf_at]";
            case COORD -> (p.type() == Type.FLOAT ? "(float) " : "") + "gf_coord" + p.axis() + "[gf_i" + p.axis() + "]";
            case INDEX -> "gf_i" + p.axis();
            case EXTENT -> "gf_n" + p.axis();
            case CONST -> KernelNames.constant(p);
            case OUTPUT, GRID -> throw new IllegalArgumentException("not a point value: " + p);
        };
    }

    private static String zero(Type t) {
        return switch (t) {
            case LONG -> "0L";
            case FLOAT -> "0f";
            case DOUBLE -> "0.0";
            default -> "0";
        };
    }
}
