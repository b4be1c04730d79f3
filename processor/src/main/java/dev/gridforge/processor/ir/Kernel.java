package dev.gridforge.processor.ir;

import dev.gridforge.Boundary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A kernel after the front end and the passes.
 *
 * @param name      the kernel's name (the Java method's name)
 * @param params    the Java method's parameters, in order, with their roles
 * @param point     the per-point function: the method's parameters that carry a value (not its
 *                  outputs), then one per hoisted value; void when the kernel writes {@code Out}
 *                  parameters instead of returning a value
 * @param hoisted   values computed once per launch from constants only, in dependency order
 * @param helpers   the {@code @Device} helpers it calls, callees first
 * @param rank      0 when no parameter reads an axis (any shape), else the highest axis + 1
 */
public record Kernel(String name, String sourceName, List<KernelParam> params, Function point,
                     List<Hoisted> hoisted, List<Function> helpers, int rank) {

    public Kernel {
        params = List.copyOf(params);
        hoisted = List.copyOf(hoisted);
        helpers = List.copyOf(helpers);
        if (point.isVoid() == outputParams(params).isEmpty()) {
            throw new IllegalArgumentException("kernel " + name + (point.isVoid()
                    ? " returns nothing and has no Out parameter" : " both returns a value and has Out parameters"));
        }
    }

    /** A value computed once per launch: {@code name = value}, where value reads only constants. */
    public record Hoisted(String name, Expr value) {
    }

    /** The result fields, in order: the returned value, or the {@code Out} parameters in parameter order. */
    public List<Output> outputs() {
        if (!point.isVoid()) {
            return List.of(Output.returnedValue(point.returnType()));
        }
        List<Output> outputs = new ArrayList<>();
        for (KernelParam p : outputParams(params)) {
            outputs.add(new Output(p.name(), p.type(), false));
        }
        return outputs;
    }

    /** Whether the kernel returns its one result (else it writes {@code Out} parameters). */
    public boolean returnsValue() {
        return !point.isVoid();
    }

    public Kernel withPoint(Function newPoint, List<Hoisted> newHoisted) {
        return new Kernel(name, sourceName, params, newPoint, newHoisted, helpers, rank);
    }

    public Kernel withHelpers(List<Function> newHelpers) {
        return new Kernel(name, sourceName, params, point, hoisted, newHelpers, rank);
    }

    /** The distinct coordinate axes the kernel reads, ascending. */
    public List<Integer> coordAxes() {
        return params.stream().filter(p -> p.role() == KernelParam.Role.COORD)
                .map(KernelParam::axis).distinct().sorted().toList();
    }

    /**
     * The axes the kernel reads through {@code @Index}, {@code @Extent} or {@code @Coord}, ascending:
     * where a launch over a tile of a larger domain passes the window's offset and the global extent.
     */
    public List<Integer> windowAxes() {
        return params.stream().filter(p -> p.role() == KernelParam.Role.COORD || p.role() == KernelParam.Role.INDEX
                || p.role() == KernelParam.Role.EXTENT).map(KernelParam::axis).distinct().sorted().toList();
    }

    public boolean hasRole(KernelParam.Role role) {
        return params.stream().anyMatch(p -> p.role() == role);
    }

    /** The input fields, read at the point (INPUT) or around it (GRID), in parameter order. */
    public List<KernelParam> fieldParams() {
        return params.stream().filter(p -> p.role() == KernelParam.Role.INPUT || p.role() == KernelParam.Role.GRID).toList();
    }

    /** The parameters with one role, in order. */
    public List<KernelParam> paramsWith(KernelParam.Role role) {
        return params.stream().filter(p -> p.role() == role).toList();
    }

    /** Whether the kernel reads array views or local arrays (and so reports reads outside them on the device). */
    public boolean hasArrays() {
        return hasRole(KernelParam.Role.ARRAY) || !localArrays().isEmpty();
    }

    /**
     * The point function's local array declarations, in order. A name may be declared more than
     * once: Java forbids shadowing, but sibling blocks may each declare their own {@code h}.
     */
    public List<Stmt.DeclareArray> localArrays() {
        List<Stmt.DeclareArray> found = new ArrayList<>();
        new IrScanner() {
            @Override
            public Void visitDeclareArray(Stmt.DeclareArray a) {
                found.add(a);
                return null;
            }
        }.function(point);
        return found;
    }

    /** The names of the point function's local arrays, each once, in the order they are first declared. */
    public List<String> localArrayNames() {
        return localArrays().stream().map(Stmt.DeclareArray::name).distinct().toList();
    }

    /**
     * Whether the point function or a helper divides integers by a value that may be zero (Java
     * throws there; a GPU thread records it in the fault word instead).
     */
    public boolean dividesByVariable() {
        boolean[] found = {false};
        IrScanner scanner = new IrScanner() {
            @Override
            public Void visitBinary(Expr.Binary b) {
                found[0] |= isCheckedDivision(b.op(), b.left().type(), b.right());
                return super.visitBinary(b);
            }

            @Override
            public Void visitMathCall(Expr.MathCall m) {
                found[0] |= m.function().isIntegerDivision() && mayBeZero(m.args().get(1));
                return super.visitMathCall(m);
            }
        };
        scanner.function(point);
        helpers.forEach(scanner::function);
        return found[0];
    }

    /** Whether an integer {@code /} or {@code %} needs its divisor checked: one that is not a non-zero literal. */
    public static boolean isCheckedDivision(BinaryOp op, Type type, Expr divisor) {
        return (op == BinaryOp.DIV || op == BinaryOp.REM) && type.isIntegral() && mayBeZero(divisor);
    }

    public static boolean mayBeZero(Expr divisor) {
        return !(divisor instanceof Expr.Literal l && ((Number) l.value()).longValue() != 0);
    }

    /** Whether a launch can record a fault (a read outside an array, an integer division by zero): it then has a FAULT slot. */
    public boolean canFault() {
        return hasArrays() || dividesByVariable();
    }

    /** Whether the kernel reads grids around the point (a stencil). */
    public boolean hasGrids() {
        return hasRole(KernelParam.Role.GRID);
    }

    /**
     * How far the kernel reads from the point along each axis (0, 1, 2), over every grid: a point
     * at least this far from each edge reads only inside the grids.
     */
    public int[] halo() {
        int[] halo = new int[3];
        new IrScanner() {
            @Override
            public Void visitGridRead(Expr.GridRead g) {
                for (int axis = 0; axis < g.offsets().size(); axis++) {
                    halo[axis] = Math.max(halo[axis], Math.abs(g.offsets().get(axis)));
                }
                return null;
            }
        }.function(point);
        return halo;
    }

    /**
     * The axes, ascending, along which the kernel reads a grid away from the point whose boundary
     * rule is {@link Boundary#PERIODIC} ({@code periodic} true) or any other rule
     * ({@code periodic} false): where a launch over a tile must reach, or must not reach, across
     * the domain's edge for the rule to be the domain's.
     */
    public List<Integer> edgeReadAxes(boolean periodic) {
        Map<String, GridSpec> grids = new HashMap<>();
        for (KernelParam p : paramsWith(KernelParam.Role.GRID)) {
            grids.put(p.name(), p.grid());
        }
        SortedSet<Integer> axes = new TreeSet<>();
        new IrScanner() {
            @Override
            public Void visitGridRead(Expr.GridRead g) {
                GridSpec spec = grids.get(g.grid());
                if (spec != null && (spec.boundary() == Boundary.PERIODIC) == periodic) {
                    for (int axis = 0; axis < g.offsets().size(); axis++) {
                        if (g.offsets().get(axis) != 0) {
                            axes.add(axis);
                        }
                    }
                }
                return null;
            }
        }.function(point);
        return List.copyOf(axes);
    }

    private static List<KernelParam> outputParams(List<KernelParam> params) {
        return params.stream().filter(p -> p.role() == KernelParam.Role.OUTPUT).toList();
    }
}
