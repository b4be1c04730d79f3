package dev.gridforge.processor.plan;

import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * How one kernel runs, decided once by {@link PlanLaunch} and only printed after: the CUDA
 * printer, the JVM loop writer and the launcher writer read it, and none of them decides any of it.
 *
 * @param kernel      the lowered kernel: the per-point function and its helpers
 * @param signature   the launch's slots, in entry order (the launch interface)
 * @param deviceLoops the GPU's loop nest, outermost first, in the order the entry sets them up
 * @param hostLoops   the JVM's loop nest, outermost first
 * @param halo        how far the kernel reads from the point along each axis; a point at least this
 *                    far from every edge is interior (every grid read a plain offset), any other is
 *                    an edge point (each read follows its grid's boundary rule)
 * @param allocations the point function's local arrays and where each backend keeps them
 * @param unrolled    the loops of the point function the GPU code unrolls (by identity)
 * @param bandAxis    the outermost axis: a launch computes a band {@code [lo, hi)} of it, and the
 *                    runtime may cut a large launch into bands
 * @param cost        what a point reads, writes and computes, for benchmarks to place the kernel against the device's limits
 */
public record LaunchPlan(Kernel kernel, LaunchSignature signature, List<Loop> deviceLoops, List<Loop> hostLoops, int[] halo,
                         List<Allocation> allocations, Set<Stmt.For> unrolled, int bandAxis, PointCost cost) {

    public LaunchPlan {
        deviceLoops = List.copyOf(deviceLoops);
        hostLoops = List.copyOf(hostLoops);
        halo = halo.clone();
        allocations = List.copyOf(allocations);
        Set<Stmt.For> identity = Collections.newSetFromMap(new IdentityHashMap<>());
        identity.addAll(unrolled);
        unrolled = Collections.unmodifiableSet(identity);
    }

    @Override
    public int[] halo() {
        return halo.clone();
    }

    /** Whether some points are edge points: a stencil that reads off the point. */
    public boolean hasEdges() {
        return halo[0] + halo[1] + halo[2] > 0;
    }

    /** The rank the loops walk: a rank-0 kernel runs over its flattened shape as rank 1. */
    public int loopRank() {
        return Math.max(1, kernel.rank());
    }

    /** The local arrays the JVM loops make once per piece of work. */
    public List<Allocation> workerAllocations() {
        return allocations.stream().filter(a -> a.host() == Allocation.HostScope.WORKER).toList();
    }

    public Allocation allocation(String array) {
        return allocations.stream().filter(a -> a.name().equals(array)).findFirst()
                .orElseThrow(() -> new IllegalStateException("internal error: no allocation for local array " + array));
    }

    /** The plan as {@code -Agridforge.dumpIr} prints it. */
    public String describe() {
        List<String> lines = new ArrayList<>();
        lines.add("gridforge launch plan of " + kernel.sourceName() + ":");
        lines.add("  slots: " + String.join(", ", signature.slots().stream().map(LaunchPlan::slot).toList()));
        lines.add("  device: " + String.join("; ", deviceLoops.stream().map(Loop::describe).toList()));
        lines.add("  host: " + String.join("; ", hostLoops.stream().map(Loop::describe).toList()));
        if (hasEdges()) {
            List<String> h = new ArrayList<>();
            for (int axis = 0; axis < loopRank() && axis < 3; axis++) {
                h.add(String.valueOf(halo[axis]));
            }
            lines.add("  regions: interior at least " + String.join(" x ", h) + " from every edge, reads unchecked;"
                    + " edge points apply each grid's boundary rule (device: a branch per point; host: the ends of each row"
                    + " and the edge rows)");
        } else {
            lines.add("  regions: every point alike (no grid read off the point)");
        }
        allocations.forEach(a -> lines.add("  local array " + a.describe()));
        if (!unrolled.isEmpty()) {
            lines.add("  device unrolls " + unrolled.size() + " counted loop" + (unrolled.size() == 1 ? "" : "s")
                    + " over register arrays");
        }
        lines.add("  bands: axis " + bandAxis + " (the runtime may cut a large launch into bands of it)");
        lines.add("  cost: " + cost.describe());
        return String.join("\n", lines) + "\n";
    }

    private static String slot(LaunchSignature.Slot s) {
        return s.kind() + (s.type() == null ? "" : " " + s.type().javaName()) + (s.axis() >= 0 ? " " + s.axis()
                : s.kind().isTyped() ? " " + s.name() : "");
    }
}
