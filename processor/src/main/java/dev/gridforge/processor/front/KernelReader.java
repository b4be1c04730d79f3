package dev.gridforge.processor.front;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.gridforge.Boundary;
import dev.gridforge.Const;
import dev.gridforge.Coord;
import dev.gridforge.Extent;
import dev.gridforge.Index;
import dev.gridforge.Pad;
import dev.gridforge.Pointwise;
import dev.gridforge.Stencil;
import dev.gridforge.processor.diag.Messages;
import dev.gridforge.processor.ir.CallGraph;
import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.GridSpec;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.KernelParam;
import dev.gridforge.processor.ir.Stmt;
import dev.gridforge.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.Elements;

/**
 * Reads one {@code @Pointwise} or {@code @Stencil} method into kernel IR: checks the signature and the parameter
 * roles, then translates the body and the helpers it calls. Errors are reported at their
 * positions; the result is null when there were any.
 */
public final class KernelReader {
    static final int MAX_AXES = 4;
    /** The output view classes and the element type each writes. */
    static final Map<String, Type> OUTPUT_TYPES = Map.of(
            "dev.gridforge.Out", Type.DOUBLE, "dev.gridforge.Outf", Type.FLOAT,
            "dev.gridforge.Outi", Type.INT, "dev.gridforge.Outl", Type.LONG);
    /** The grid view classes of stencils. */
    static final Map<String, GridType> GRID_TYPES = Map.of(
            "dev.gridforge.Grid1", new GridType(Type.DOUBLE, 1), "dev.gridforge.Grid2", new GridType(Type.DOUBLE, 2),
            "dev.gridforge.Grid3", new GridType(Type.DOUBLE, 3), "dev.gridforge.Grid1f", new GridType(Type.FLOAT, 1),
            "dev.gridforge.Grid2f", new GridType(Type.FLOAT, 2), "dev.gridforge.Grid3f", new GridType(Type.FLOAT, 3));

    /** The array view classes: element type and rank. */
    static final Map<String, GridType> ARRAY_TYPES = arrayTypes();

    private static Map<String, GridType> arrayTypes() {
        Map<String, GridType> m = new java.util.HashMap<>();
        for (int rank = 1; rank <= 4; rank++) {
            m.put("dev.gridforge.Array" + rank, new GridType(Type.DOUBLE, rank));
            m.put("dev.gridforge.Array" + rank + "f", new GridType(Type.FLOAT, rank));
            m.put("dev.gridforge.Array" + rank + "i", new GridType(Type.INT, rank));
        }
        return Map.copyOf(m);
    }

    private final Trees trees;
    private final NameResolver names;
    private final ErrorSink errors;

    KernelReader(Trees trees, Elements elements) {
        this.trees = trees;
        this.names = new NameResolver(elements);
        this.errors = new ErrorSink(trees);
    }

    /**
     * The IR of every kernel of one class, or an empty list if any error was reported. The
     * kernels share one helper table, so a helper name means one method across the class.
     */
    public List<Kernel> readClass(List<ExecutableElement> methods, Set<String> reservedNames) {
        int before = errors.count();
        HelperTable helpers = new HelperTable(trees, errors, names, reservedNames);
        List<Kernel> kernels = new ArrayList<>();
        for (ExecutableElement m : methods) {
            Kernel k = read(m, helpers);
            if (k != null) {
                kernels.add(k);
            }
        }
        return errors.count() > before ? List.of() : kernels;
    }

    /** The kernel's IR, or null if errors were reported. */
    private Kernel read(ExecutableElement method, HelperTable helpers) {
        TreePath path = trees.getPath(method);
        if (path == null || !(path.getLeaf() instanceof MethodTree tree)) {
            return null; // not from source in this compilation: nothing to translate
        }
        CompilationUnitTree unit = path.getCompilationUnit();
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        String sourceName = owner.getQualifiedName() + "." + method.getSimpleName();
        int before = errors.count();

        checkMethod(method, tree, unit);
        Stencil stencil = method.getAnnotation(Stencil.class);
        if (stencil != null && method.getAnnotation(Pointwise.class) != null) {
            errors.error(Messages.signature("a kernel is @Pointwise or @Stencil, not both; keep @Stencil to read "
                    + "neighbours through grid views"), tree, unit);
        }
        List<KernelParam> params = new ArrayList<>();
        for (int i = 0; i < method.getParameters().size(); i++) {
            KernelParam p = param(method.getParameters().get(i), tree.getParameters().get(i), unit, stencil);
            if (p != null) {
                params.add(p);
            }
        }
        checkGridRanks(params, tree, unit);
        checkOutputNames(params, tree, unit);
        boolean writesOutputs = params.stream().anyMatch(p -> p.role() == KernelParam.Role.OUTPUT);
        Type result = returnType(method, tree, unit, writesOutputs);
        if (errors.count() > before || tree.getBody() == null) {
            return null;
        }
        List<Function.Parameter> fnParams = params.stream().filter(KernelParam::isPointValue)
                .map(p -> new Function.Parameter(p.name(), p.type())).toList();
        BodyTranslator body = new BodyTranslator(errors, names, helpers, owner, unit);
        Stmt.Block block = body.translateKernel(fnParams, params, result, tree.getBody());
        if (errors.count() > before) {
            return null;
        }
        String name = method.getSimpleName().toString();
        Function point = new Function(name + "_point", sourceName, result, fnParams, block);
        int rank = params.stream().mapToInt(p -> p.grid() != null ? p.grid().rank() : p.axis() + 1).max().orElse(0);
        // The table holds the helpers of every kernel of the class read so far: keep this one's.
        return new Kernel(name, sourceName, params, point, List.of(), CallGraph.reachable(point, helpers.functions()), rank);
    }

    /** A value kernel returns double, float, int or long; a kernel with Out parameters returns nothing (null). */
    private Type returnType(ExecutableElement method, MethodTree tree, CompilationUnitTree unit, boolean writesOutputs) {
        Tree where = tree.getReturnType() == null ? tree : tree.getReturnType();
        if (method.getReturnType().getKind() == TypeKind.VOID) {
            if (!writesOutputs) {
                errors.error(Messages.signature("a kernel that returns nothing writes its results through Out parameters "
                        + "(Out, Outf, Outi, Outl: 'Out result' and result.set(value)); add one, or return the value"), where, unit);
            }
            return null;
        }
        Type result = HelperTable.primitive(method.getReturnType());
        if (result == null || result == Type.BOOLEAN) {
            errors.error(Messages.signature("a kernel returns double, float, int or long, not "
                    + method.getReturnType()), where, unit);
        } else if (writesOutputs) {
            errors.error(Messages.signature("a kernel either returns its one result or writes Out parameters, not both; "
                    + "declare it void and set every result through an Out parameter"), where, unit);
        }
        return result;
    }

    private void checkMethod(ExecutableElement method, MethodTree tree, CompilationUnitTree unit) {
        if (!method.getModifiers().contains(Modifier.STATIC)) {
            errors.error(Messages.signature("a kernel must be static; add 'static' to '" + method.getSimpleName() + "'"),
                    tree, unit);
        }
        if (method.getModifiers().contains(Modifier.PRIVATE)) {
            errors.error(Messages.signature("a kernel must not be private: the generated launcher in the same "
                    + "package documents and tests against it; make it package-private or public"), tree, unit);
        }
        if (!method.getTypeParameters().isEmpty()) {
            errors.error(Messages.signature("a kernel cannot be generic"), tree, unit);
        }
        if (method.isVarArgs()) {
            errors.error(Messages.signature("a kernel cannot take varargs"), tree, unit);
        }
    }

    private KernelParam param(VariableElement p, VariableTree tree, CompilationUnitTree unit, Stencil stencil) {
        String name = p.getSimpleName().toString();
        if (ReservedNames.isReserved(name)) {
            return bad(tree, unit, ReservedNames.message(name));
        }
        GridType grid = GRID_TYPES.get(p.asType().toString());
        Pad pad = p.getAnnotation(Pad.class);
        if (grid != null) {
            return gridParam(name, grid, pad, stencil, tree, unit);
        }
        GridType array = ARRAY_TYPES.get(p.asType().toString());
        if (array != null && pad == null) {
            if (hasAnyRole(p)) {
                return bad(tree, unit, "array parameter '" + name + "' cannot also be @Coord, @Index, @Extent or @Const");
            }
            return KernelParam.array(name, array.type(), array.rank());
        }
        if (pad != null) {
            return bad(tree, unit, "@Pad belongs on a grid parameter (Grid1, Grid2, Grid3, or their f twins); '"
                    + name + "' is not one");
        }
        Type output = OUTPUT_TYPES.get(p.asType().toString());
        if (output != null) {
            if (hasAnyRole(p)) {
                return bad(tree, unit, "output parameter '" + name + "' cannot also be @Coord, @Index, @Extent or @Const");
            }
            return KernelParam.output(name, output);
        }
        Type type = HelperTable.primitive(p.asType());
        Coord coord = p.getAnnotation(Coord.class);
        Index index = p.getAnnotation(Index.class);
        Extent extent = p.getAnnotation(Extent.class);
        Const constant = p.getAnnotation(Const.class);
        int roles = (coord != null ? 1 : 0) + (index != null ? 1 : 0) + (extent != null ? 1 : 0) + (constant != null ? 1 : 0);
        if (roles > 1) {
            return bad(tree, unit, "parameter '" + name + "' has more than one of @Coord, @Index, @Extent and @Const; keep one");
        }
        if (type == null) {
            return bad(tree.getType(), unit, "parameter '" + name + "' has type " + p.asType()
                    + "; kernel parameters are int, long, float, double (or boolean for @Const), Out, Outf, Outi, Outl"
                    + " for results, Array1 to Array4 (Array2f, Array3i, ...) for arrays read anywhere,"
                    + " or Grid1, Grid2, Grid3 (Grid1f, ...) in a @Stencil kernel");
        }
        if (coord != null) {
            if (!type.isFloating()) {
                return bad(tree.getType(), unit, "@Coord parameter '" + name + "' must be double or float");
            }
            return axisParam(name, type, KernelParam.Role.COORD, coord.value(), tree, unit);
        }
        if (index != null || extent != null) {
            if (type != Type.INT) {
                return bad(tree.getType(), unit, "@" + (index != null ? "Index" : "Extent") + " parameter '" + name + "' must be int");
            }
            return axisParam(name, type, index != null ? KernelParam.Role.INDEX : KernelParam.Role.EXTENT,
                    index != null ? index.value() : extent.value(), tree, unit);
        }
        if (constant != null) {
            return new KernelParam(name, type, KernelParam.Role.CONST, -1, constant.specialize());
        }
        if (type == Type.BOOLEAN) {
            return bad(tree.getType(), unit, "input parameter '" + name + "' is boolean; inputs are double, float, int or long "
                    + "fields (pass 0/1 as an int), or mark it @Const");
        }
        return new KernelParam(name, type, KernelParam.Role.INPUT, -1, false);
    }

    /** A grid view's element type and rank. */
    record GridType(Type type, int rank) {
    }

    private KernelParam gridParam(String name, GridType grid, Pad pad, Stencil stencil, VariableTree tree,
                                  CompilationUnitTree unit) {
        if (stencil == null) {
            return bad(tree, unit, "grid parameter '" + name + "' reads neighbours, which needs a @Stencil kernel: "
                    + "replace @Pointwise with @Stencil (or take a plain value for the point's own element)");
        }
        Boundary boundary = pad != null ? pad.value() : stencil.boundary();
        double constant = boundary != Boundary.CONSTANT ? 0 : pad != null ? pad.constant() : stencil.constant();
        if (grid.type() == Type.FLOAT) {
            constant = (float) constant; // what a float grid reads outside, exactly
        }
        return KernelParam.grid(name, grid.type(), new GridSpec(grid.rank(), boundary, constant));
    }

    /** Names a record of the results (kernels with several outputs) cannot have as components. */
    private static final Set<String> RECORD_MEMBERS = Set.of("close", "hashCode", "toString", "equals", "getClass", "wait",
            "notify", "notifyAll", "clone", "finalize");

    private void checkOutputNames(List<KernelParam> params, MethodTree tree, CompilationUnitTree unit) {
        List<KernelParam> outputs = params.stream().filter(p -> p.role() == KernelParam.Role.OUTPUT).toList();
        if (outputs.size() < 2) {
            return;
        }
        for (KernelParam p : outputs) {
            if (RECORD_MEMBERS.contains(p.name())) {
                VariableTree where = tree.getParameters().stream().filter(v -> v.getName().contentEquals(p.name()))
                        .findFirst().orElseThrow();
                bad(where, unit, "output '" + p.name() + "' would be a method of the launcher's result record (it has "
                        + String.join(", ", new java.util.TreeSet<>(RECORD_MEMBERS)) + "); rename it");
            }
        }
    }

    /** Every grid of a kernel has the launch's rank, and axis parameters stay within it. */
    private void checkGridRanks(List<KernelParam> params, MethodTree tree, CompilationUnitTree unit) {
        KernelParam first = params.stream().filter(p -> p.grid() != null).findFirst().orElse(null);
        if (first == null) {
            return;
        }
        for (int i = 0; i < params.size(); i++) {
            KernelParam p = params.get(i);
            VariableTree where = tree.getParameters().stream().filter(v -> v.getName().contentEquals(p.name()))
                    .findFirst().orElseThrow();
            if (p.grid() != null && p.grid().rank() != first.grid().rank()) {
                bad(where, unit, "grid '" + p.name() + "' is " + p.grid().rank() + "-dimensional but '" + first.name() + "' is "
                        + first.grid().rank() + "-dimensional; every grid of a kernel has the launch's rank");
            } else if (p.axis() >= first.grid().rank()) {
                bad(where, unit, "parameter '" + p.name() + "' names axis " + p.axis() + " but the grids are "
                        + first.grid().rank() + "-dimensional (axes 0.." + (first.grid().rank() - 1) + ")");
            }
        }
    }

    private static boolean hasAnyRole(VariableElement p) {
        return p.getAnnotation(Coord.class) != null || p.getAnnotation(Index.class) != null
                || p.getAnnotation(Extent.class) != null || p.getAnnotation(Const.class) != null;
    }

    private KernelParam axisParam(String name, Type type, KernelParam.Role role, int axis, VariableTree tree,
                                  CompilationUnitTree unit) {
        if (axis < 0 || axis >= MAX_AXES) {
            return bad(tree, unit, "parameter '" + name + "' names axis " + axis + "; axes are 0 (x), 1 (y), 2 (z) and 3");
        }
        return new KernelParam(name, type, role, axis, false);
    }

    private KernelParam bad(Tree tree, CompilationUnitTree unit, String what) {
        errors.error(Messages.signature(what), tree, unit);
        return null;
    }
}
