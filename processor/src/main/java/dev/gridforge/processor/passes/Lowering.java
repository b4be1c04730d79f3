package dev.gridforge.processor.passes;

import dev.gridforge.processor.ir.Kernel;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The whole lowering of a kernel, in order:
 * <pre>
 *   Kernel (front end: typed IR of the method and its helpers)
 *     → expand-derivatives    every d(expr, var) replaced by its forward-mode formula
 *     → drop-unused-tangents  tangent locals no derivative reads removed
 *     → fold-constants        literals combined with Java's arithmetic
 *     → hoist-uniform         constant-only expressions computed once per launch
 *     → reduce-strength       Math.pow(x, 2.0) as x * x, which Java's pow returns exactly
 *     → share-subexpressions  a library call or array read written twice in a run of statements computed once
 *   Kernel → plan-launch (the schedule: loops, regions, allocations, slots; the printers only print it)
 *   Kernel (ready for the CUDA and Java printers)
 * </pre>
 */
public final class Lowering {
    private static final List<Pass> PASSES = List.of(new ExpandDerivatives(), new DropUnusedTangents(), new ConstantFolding(),
            new HoistUniform(), new ReduceStrength(), new ShareSubexpressions());

    private Lowering() {
    }

    /** Runs every pass; {@code afterEach} sees each pass's name and output (for {@code -Agridforge.dumpIr}). */
    public static Kernel lower(Kernel kernel, BiConsumer<String, Kernel> afterEach) {
        Kernel k = kernel;
        for (Pass pass : PASSES) {
            k = pass.apply(k);
            afterEach.accept(pass.name(), k);
        }
        return k;
    }
}
