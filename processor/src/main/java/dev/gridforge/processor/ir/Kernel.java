package dev.gridforge.processor.ir;

import java.util.List;

/**
 * A pointwise kernel after the front end and the passes.
 *
 * @param name      the kernel's name (the Java method's name)
 * @param params    the Java method's parameters, in order, with their roles
 * @param point     the per-point function: the method's parameters, then one per hoisted value
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
    }

    /** A value computed once per launch: {@code name = value}, where value reads only constants. */
    public record Hoisted(String name, Expr value) {
    }

    public Type resultType() {
        return point.returnType();
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

    public boolean hasRole(KernelParam.Role role) {
        return params.stream().anyMatch(p -> p.role() == role);
    }
}
