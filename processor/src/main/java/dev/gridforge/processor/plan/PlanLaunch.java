package dev.gridforge.processor.plan;

import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.Stmt;
import dev.gridforge.processor.plan.Loop.IndexWidth;
import dev.gridforge.processor.plan.Loop.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * plan-launch: the schedule of a lowered kernel, made once. What it decides, and why:
 * <ul>
 * <li>On the GPU one point per thread, with 32-bit indices (a field fits a Java array): axis 0 on
 *     grid x, the outermost axis on its own dimension over the band {@code [lo, hi)}; the runtime
 *     launches a grid that covers both (cutting a launch into bands where grid y or z would pass
 *     65535 blocks). Only axis 1 of a rank-3 or rank-4 launch, which no band covers, is walked with
 *     a grid stride. Each thread sets its indices first, and one past the end does nothing.</li>
 * <li>On the JVM the rows (axes 1 and up) are split over the cores, pieces of rows where there
 *     are too few of them, and each row runs its points one after another; a rank-0 or rank-1
 *     launch is split along axis 0.</li>
 * <li>A stencil that reads off the point has interior points (no boundary arithmetic) and edge
 *     points; the GPU branches per point, the JVM runs the ends of each row and the edge rows
 *     through the edge code and the rest through the interior code.</li>
 * <li>Local arrays live in registers where {@link RegisterArrays} can prove every index known
 *     after unrolling, else in local memory; on the JVM once per worker, zeroed where declared
 *     (a name sibling blocks declare again is allocated where declared, as the method does).</li>
 * </ul>
 */
public final class PlanLaunch {
    private PlanLaunch() {
    }

    public static LaunchPlan plan(Kernel k) {
        int rank = Math.max(1, k.rank());
        RegisterArrays.Choice registers = RegisterArrays.choose(k.point(), k.localArrays());
        List<Allocation> allocations = new ArrayList<>();
        List<Stmt.DeclareArray> declared = k.localArrays();
        for (String name : k.localArrayNames()) {
            List<Stmt.DeclareArray> of = declared.stream().filter(d -> d.name().equals(name)).toList();
            Stmt.DeclareArray a = of.get(0);
            allocations.add(new Allocation(name, a.type(), a.length(), registers.registerArrays().contains(name)
                    ? Allocation.DeviceMemory.REGISTER : Allocation.DeviceMemory.LOCAL,
                    of.size() == 1 ? Allocation.HostScope.WORKER : Allocation.HostScope.POINT));
        }
        return new LaunchPlan(k, LaunchSignature.of(k), deviceLoops(rank), hostLoops(rank), k.halo(), allocations,
                registers.unrolled(), rank - 1, PointCost.of(k));
    }

    /** Indices of one point per thread first (x, then the banded outermost axis), then the grid-stride loop, if any. */
    private static List<Loop> deviceLoops(int rank) {
        List<Loop> loops = new ArrayList<>();
        loops.add(new Loop(List.of(0), Kind.DEVICE_THREAD, 0, IndexWidth.INT32, rank == 1));
        if (rank == 2) {
            loops.add(new Loop(List.of(1), Kind.DEVICE_THREAD, 1, IndexWidth.INT32, true));
        } else if (rank >= 3) {
            loops.add(new Loop(rank == 3 ? List.of(2) : List.of(2, 3), Kind.DEVICE_THREAD, 2, IndexWidth.INT32, true));
            loops.add(new Loop(List.of(1), Kind.DEVICE_GRID_STRIDE, 1, IndexWidth.INT32, false));
        }
        return loops;
    }

    private static List<Loop> hostLoops(int rank) {
        if (rank == 1) {
            return List.of(new Loop(List.of(0), Kind.HOST_PARALLEL, -1, IndexWidth.INT32, false));
        }
        List<Loop> loops = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        for (int axis = 1; axis < rank; axis++) {
            rows.add(axis);
        }
        loops.add(new Loop(rows, Kind.HOST_PARALLEL, -1, IndexWidth.INT32, false));
        loops.add(new Loop(List.of(0), Kind.SERIAL, -1, IndexWidth.INT32, false));
        return loops;
    }
}
