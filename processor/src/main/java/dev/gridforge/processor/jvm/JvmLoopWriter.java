package dev.gridforge.processor.jvm;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.KernelParam;
import dev.gridforge.processor.ir.Output;
import dev.gridforge.processor.ir.Type;
import dev.gridforge.processor.plan.Allocation;
import dev.gridforge.processor.plan.LaunchPlan;
import dev.gridforge.processor.plan.Loop;
import dev.gridforge.processor.print.CodePrinter;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes a kernel's JVM backend from its {@link LaunchPlan}'s host loops: one method that reads
 * the inputs in place, then runs the point body, inlined, for every point (the rows split over the
 * cores by {@code JvmLoops}, each row's edge points through the edge method), and returns the
 * result fields. Local arrays are made once per piece of work and zeroed where the method declares
 * them. The method's own names all start with {@code gf_}; the body's parameters become locals
 * under their own names, so the body reads as the user wrote it.
 */
final class JvmLoopWriter {
    private final LaunchPlan plan;
    private final Kernel k;
    private final KernelNames names;

    JvmLoopWriter(LaunchPlan plan, KernelNames names) {
        this.plan = plan;
        this.k = plan.kernel();
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
            if (p.role() == KernelParam.Role.INPUT || p.role() == KernelParam.Role.GRID || p.role() == KernelParam.Role.ARRAY
                    || p.role() == KernelParam.Role.CONST) {
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
            if (p.role() == KernelParam.Role.INPUT || p.role() == KernelParam.Role.GRID || p.role() == KernelParam.Role.ARRAY) {
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
        if (k.rank() == 4) {
            m.addStatement("final int gf_n3 = gf_launch.shape().extent(3)");
        }
        // where the launch lies in the whole domain: @Index is the local index plus the window's offset, @Extent the global extent
        for (WindowLocal w : windowLocals()) {
            m.addStatement("final int $N = gf_launch.$L($L)", w.name(), w.getter(), w.axis());
        }
        List<Output> outputs = k.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            String t = outputs.get(i).type().javaName();
            m.addStatement("final $L[] $N = ($L[]) gf_launch.jvmOutput($L)", t, KernelNames.outputArray(outputs.get(i)), t, i);
        }
        for (KernelParam p : k.fieldParams()) {
            // a host input is read in place; a device-resident one is downloaded
            m.addStatement("final $L[] $N = $N.hostData()", p.type().javaName(), KernelNames.inputArray(p), KernelNames.inputField(p));
        }
        for (KernelParam p : k.paramsWith(KernelParam.Role.ARRAY)) {
            // the same view class the method reads, over the field's elements (downloaded if on a device)
            List<String> extents = new ArrayList<>();
            for (int axis = 0; axis < p.arrayRank(); axis++) {
                extents.add(KernelNames.inputField(p) + ".shape().extent(" + axis + ")");
            }
            m.addStatement("final $T $N = $T.of($N.hostData(), $L).named($S)", RuntimeApi.arrayType(p.type(), p.arrayRank()), p.name(),
                    RuntimeApi.arrayType(p.type(), p.arrayRank()), KernelNames.inputField(p), String.join(", ", extents), p.name());
        }
        for (int axis : k.coordAxes()) {
            // the coordinates once per launch (Mesh.coords gives exactly Mesh.coord), not once per point
            m.addStatement("final double[] gf_coord$L = gf_mesh.coords($L)", axis, axis);
        }
        m.beginControlFlow("if (gf_launch.size() > 0)"); // an empty launch: its other extents may be huge
        if (k.hasArrays()) {
            // a read outside an array view or a local array throws as the method does, with the kernel named
            m.beginControlFlow("try");
            m.addCode(loops());
            m.nextControlFlow("catch ($T gf_e)", IndexOutOfBoundsException.class);
            m.addStatement("throw $T.readOutside($S, gf_e)", RuntimeApi.JVM_LOOPS, k.name());
            m.endControlFlow();
        } else {
            m.addCode(loops());
        }
        m.endControlFlow();
        m.addStatement("return gf_launch.jvmResults($L)",
                String.join(", ", outputs.stream().map(KernelNames::outputArray).toList()));
        return m.build();
    }

    boolean hasEdgePath() {
        return plan.hasEdges();
    }

    /** The plan's host nest: a parallel loop (over axis 0, or over the rows), and the points of each row one by one. */
    private CodeBlock loops() {
        CodeBlock.Builder c = CodeBlock.builder();
        Loop parallel = plan.hostLoops().get(0);
        if (parallel.kind() != Loop.Kind.HOST_PARALLEL) {
            throw new IllegalStateException("internal error: the host nest starts with " + parallel);
        }
        if (parallel.axes().equals(List.of(0))) {
            c.beginControlFlow("$T.forRows(gf_n0, (gf_x0, gf_x1) ->", RuntimeApi.JVM_LOOPS);
            c.add(workerArrays());
            c.add(row("false", "gf_i0"));
        } else {
            // Whole rows, or pieces of rows when there are too few rows for every core.
            boolean four = plan.loopRank() == 4;
            c.beginControlFlow("$T.forRowSegments(gf_n1 * gf_n2$L, gf_n0, (gf_rowFrom, gf_rowTo, gf_x0, gf_x1) ->",
                    RuntimeApi.JVM_LOOPS, four ? " * gf_n3" : "");
            c.add(workerArrays());
            c.beginControlFlow("for (int gf_row = gf_rowFrom; gf_row < gf_rowTo; gf_row++)");
            c.addStatement("final int gf_i1 = gf_row % gf_n1");
            if (four) {
                c.addStatement("final int gf_i2 = gf_row / gf_n1 % gf_n2");
                c.addStatement("final int gf_i3 = gf_row / gf_n1 / gf_n2");
            } else {
                c.addStatement("final int gf_i2 = gf_row / gf_n1");
            }
            int[] halo = plan.halo();
            c.add(row(CodePrinter.edgeCondition(new int[] {0, halo[1], halo[2]}), "gf_i0 + gf_n0 * gf_row"));
            c.endControlFlow();
        }
        c.unindent().add("});\n");
        return c.build();
    }

    /**
     * The points {@code gf_x0 <= gf_i0 < gf_x1} of one row. A stencil's points nearer an edge than
     * its halo (the whole row when {@code edgeRow}) go through the edge method; the rest run a
     * loop with no boundary arithmetic and no branch for it.
     */
    private CodeBlock row(String edgeRow, String linearIndex) {
        CodeBlock.Builder c = CodeBlock.builder();
        if (!hasEdgePath()) {
            c.beginControlFlow("for (int gf_i0 = gf_x0; gf_i0 < gf_x1; gf_i0++)");
            c.addStatement("final int gf_at = $L", linearIndex);
            c.add(point(false));
            c.endControlFlow();
            return c.build();
        }
        int h0 = plan.halo()[0];
        boolean rowsCanBeEdges = !edgeRow.isEmpty() && !edgeRow.equals("false");
        if (rowsCanBeEdges) {
            c.addStatement("final boolean gf_edgeRow = $L", edgeRow);
        }
        String ifEdgeRow = rowsCanBeEdges ? "gf_edgeRow ? gf_x1 : " : "";
        c.addStatement("final int gf_lo = $LMath.min(gf_x1, Math.max(gf_x0, $L))", ifEdgeRow, h0);
        c.addStatement("final int gf_hi = $LMath.max(gf_lo, Math.min(gf_x1, gf_n0 - $L))", ifEdgeRow, h0);
        String edgeCall = names.edgeMethod() + "(" + String.join(", ", edgeArguments(linearIndex)) + ")";
        for (String[] range : new String[][] {{"gf_x0", "gf_lo"}, {"gf_hi", "gf_x1"}}) {
            c.beginControlFlow("for (int gf_i0 = $L; gf_i0 < $L; gf_i0++)", range[0], range[1]);
            c.addStatement("$L", edgeCall);
            c.endControlFlow();
        }
        c.beginControlFlow("for (int gf_i0 = gf_lo; gf_i0 < gf_hi; gf_i0++)");
        c.addStatement("final int gf_at = $L", linearIndex);
        c.add(point(false));
        c.endControlFlow();
        return c.build();
    }

    /** The local arrays of this piece of work: made once here, zeroed where the body declares them. */
    private CodeBlock workerArrays() {
        CodeBlock.Builder c = CodeBlock.builder();
        for (Allocation a : plan.workerAllocations()) {
            c.addStatement("final $L[] $N = new $L[$L]", a.type().javaName(), a.name(), a.type().javaName(), a.length());
        }
        return c.build();
    }

    /** The method for one point near an edge, where each grid read maps its index by the boundary rule. */
    MethodSpec edgeMethod() {
        MethodSpec.Builder m = MethodSpec.methodBuilder(names.edgeMethod())
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addJavadoc("One point of {@code $L} nearer an edge than the halo.\n", k.name());
        for (String p : new String[] {"gf_i0", "gf_i1", "gf_i2", "gf_at", "gf_n0", "gf_n1", "gf_n2"}) {
            m.addParameter(int.class, p);
        }
        for (WindowLocal w : windowLocals()) {
            m.addParameter(int.class, w.name());
        }
        for (Output o : k.outputs()) {
            m.addParameter(ArrayTypeName.of(RuntimeApi.primitive(o.type())), KernelNames.outputArray(o));
        }
        for (KernelParam p : k.fieldParams()) {
            m.addParameter(ArrayTypeName.of(RuntimeApi.primitive(p.type())), KernelNames.inputArray(p));
        }
        for (int axis : k.coordAxes()) {
            m.addParameter(double[].class, "gf_coord" + axis);
        }
        for (KernelParam p : k.paramsWith(KernelParam.Role.ARRAY)) {
            m.addParameter(RuntimeApi.arrayType(p.type(), p.arrayRank()), p.name());
        }
        for (KernelParam p : k.paramsWith(KernelParam.Role.CONST)) {
            m.addParameter(RuntimeApi.primitive(p.type()), KernelNames.constant(p));
        }
        for (Kernel.Hoisted h : k.hoisted()) {
            m.addParameter(RuntimeApi.primitive(h.value().type()), h.name());
        }
        for (Allocation a : plan.workerAllocations()) {
            m.addParameter(ArrayTypeName.of(RuntimeApi.primitive(a.type())), a.name());
        }
        m.addCode(point(true));
        return m.build();
    }

    /** The edge method's arguments, as the loops name them; {@code linearIndex} is the point's index. */
    private List<String> edgeArguments(String linearIndex) {
        List<String> args = new ArrayList<>(List.of("gf_i0", k.rank() > 1 ? "gf_i1" : "0", k.rank() > 1 ? "gf_i2" : "0",
                linearIndex, "gf_n0", "gf_n1", "gf_n2"));
        windowLocals().forEach(w -> args.add(w.name()));
        k.outputs().forEach(o -> args.add(KernelNames.outputArray(o)));
        k.fieldParams().forEach(p -> args.add(KernelNames.inputArray(p)));
        k.coordAxes().forEach(axis -> args.add("gf_coord" + axis));
        k.paramsWith(KernelParam.Role.ARRAY).forEach(p -> args.add(p.name()));
        k.paramsWith(KernelParam.Role.CONST).forEach(p -> args.add(KernelNames.constant(p)));
        k.hoisted().forEach(h -> args.add(h.name()));
        plan.workerAllocations().forEach(a -> args.add(a.name()));
        return args;
    }

    /** One point: the body's parameters as locals, its outputs starting at zero, the body, the stores. */
    private CodeBlock point(boolean nearEdge) {
        CodeBlock.Builder c = CodeBlock.builder();
        for (KernelParam p : k.params()) {
            if (p.isPointValue()) {
                c.addStatement("$L $N = $L", p.type().javaName(), p.name(), pointValue(p));
            }
        }
        for (Output o : k.outputs()) {
            String local = o.returned() ? JavaBodyPrinter.RESULT : o.name();
            c.addStatement("$L $N = $L", o.type().javaName(), local, JavaBodyPrinter.zero(o.type()));
        }
        c.add("$L", JavaBodyPrinter.inlinePoint(k, nearEdge,
                plan.workerAllocations().stream().map(Allocation::name).collect(java.util.stream.Collectors.toSet())));
        for (Output o : k.outputs()) {
            String local = o.returned() ? JavaBodyPrinter.RESULT : o.name();
            c.addStatement("$N[gf_at] = $N", KernelNames.outputArray(o), local);
        }
        return c.build();
    }

    /**
     * The locals the loops read from the launch once, by axis: the window's offset of each axis read
     * through {@code @Index}, the global extent of each read through {@code @Extent}. A {@code @Coord}
     * reads the launch mesh's coordinates instead.
     */
    private List<WindowLocal> windowLocals() {
        List<WindowLocal> locals = new ArrayList<>();
        for (int axis : k.windowAxes()) {
            if (reads(KernelParam.Role.INDEX, axis)) {
                locals.add(new WindowLocal(windowOffset(axis), "windowOffset", axis));
            }
            if (reads(KernelParam.Role.EXTENT, axis)) {
                locals.add(new WindowLocal(globalExtent(axis), "windowExtent", axis));
            }
        }
        return locals;
    }

    /** A local of the JVM loops read once per launch: {@code final int name = gf_launch.getter(axis)}. */
    private record WindowLocal(String name, String getter, int axis) {
    }

    private boolean reads(KernelParam.Role role, int axis) {
        return k.params().stream().anyMatch(p -> p.role() == role && p.axis() == axis);
    }

    /** The local with the window's offset along {@code axis} (as the CUDA entry names it). */
    private static String windowOffset(int axis) {
        return "gf_o" + axis;
    }

    /** The local with the whole domain's extent along {@code axis}. */
    private static String globalExtent(int axis) {
        return "gf_gn" + axis;
    }

    /**
     * A point value. {@code @Index} and {@code @Extent} are global (local index plus the window's
     * offset, the whole domain's extent); {@code @Coord} reads the launch mesh's coordinates, which a
     * tile mesh gives at global points already ({@code Mesh.coord} of the whole mesh, bit for bit:
     * what the CUDA entry computes from the global index and extent).
     */
    private static String pointValue(KernelParam p) {
        return switch (p.role()) {
            case INPUT -> KernelNames.inputArray(p) + "[gf_at]";
            case COORD -> (p.type() == Type.FLOAT ? "(float) " : "") + "gf_coord" + p.axis() + "[gf_i" + p.axis() + "]";
            case INDEX -> "gf_i" + p.axis() + " + " + windowOffset(p.axis());
            case EXTENT -> globalExtent(p.axis());
            case CONST -> KernelNames.constant(p);
            case OUTPUT, GRID, ARRAY -> throw new IllegalArgumentException("not a point value: " + p);
        };
    }
}
