package dev.gridforge.processor.plan;

import static dev.gridforge.processor.ir.IrBuilder.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.Boundary;
import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.GridSpec;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.KernelParam;
import dev.gridforge.processor.ir.Stmt;
import dev.gridforge.processor.plan.Allocation.DeviceMemory;
import dev.gridforge.processor.plan.Allocation.HostScope;
import dev.gridforge.processor.plan.Loop.IndexWidth;
import dev.gridforge.processor.plan.Loop.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * plan-launch on kernels built directly: the device and host loop nests of each rank (which axes,
 * which kind, which grid dimension, which loop runs over the band, where the grid stride is), the
 * band axis, the halo and edges from the grid reads wherever they stand, and the local arrays'
 * allocations. The slots are {@link LaunchSignatureTest}'s, the register choice {@link RegisterArraysTest}'s.
 */
class PlanLaunchTest {

    /** A kernel of this rank: an @Index parameter on each axis (none for rank 0), returning x. */
    private static Kernel ofRank(int rank) {
        List<KernelParam> ps = new ArrayList<>();
        ps.add(input("x", DOUBLE));
        for (int axis = 0; axis < rank; axis++) {
            ps.add(index("i" + axis, axis));
        }
        return kernel(ps, ret(dvar("x")));
    }

    private static Loop thread(int axis, int dimension, boolean banded) {
        return new Loop(List.of(axis), Kind.DEVICE_THREAD, dimension, IndexWidth.INT32, banded);
    }

    @Test
    void rankZeroRunsAsRankOne() {
        LaunchPlan p = PlanLaunch.plan(ofRank(0));
        assertEquals(0, p.kernel().rank());
        assertEquals(1, p.loopRank());
        assertEquals(PlanLaunch.plan(ofRank(1)).deviceLoops(), p.deviceLoops());
        assertEquals(PlanLaunch.plan(ofRank(1)).hostLoops(), p.hostLoops());
        assertEquals(0, p.bandAxis());
    }

    @Test
    void rankOne() {
        LaunchPlan p = PlanLaunch.plan(ofRank(1));
        assertEquals(List.of(thread(0, 0, true)), p.deviceLoops()); // axis 0 is the outermost: it runs over the band
        assertEquals(List.of(new Loop(List.of(0), Kind.HOST_PARALLEL, -1, IndexWidth.INT32, false)), p.hostLoops());
        assertEquals(0, p.bandAxis());
    }

    @Test
    void rankTwo() {
        LaunchPlan p = PlanLaunch.plan(ofRank(2));
        assertEquals(List.of(thread(0, 0, false), thread(1, 1, true)), p.deviceLoops());
        assertEquals(List.of(new Loop(List.of(1), Kind.HOST_PARALLEL, -1, IndexWidth.INT32, false),
                new Loop(List.of(0), Kind.SERIAL, -1, IndexWidth.INT32, false)), p.hostLoops());
        assertEquals(1, p.bandAxis());
    }

    @Test
    void rankThreeWalksAxisOneWithAGridStride() {
        LaunchPlan p = PlanLaunch.plan(ofRank(3));
        assertEquals(List.of(thread(0, 0, false), thread(2, 2, true),
                new Loop(List.of(1), Kind.DEVICE_GRID_STRIDE, 1, IndexWidth.INT32, false)), p.deviceLoops());
        assertEquals(List.of(new Loop(List.of(1, 2), Kind.HOST_PARALLEL, -1, IndexWidth.INT32, false),
                new Loop(List.of(0), Kind.SERIAL, -1, IndexWidth.INT32, false)), p.hostLoops());
        assertEquals(2, p.bandAxis());
    }

    @Test
    void rankFourPutsAxesTwoAndThreeTogetherOnGridZ() {
        LaunchPlan p = PlanLaunch.plan(ofRank(4));
        assertEquals(List.of(thread(0, 0, false), new Loop(List.of(2, 3), Kind.DEVICE_THREAD, 2, IndexWidth.INT32, true),
                new Loop(List.of(1), Kind.DEVICE_GRID_STRIDE, 1, IndexWidth.INT32, false)), p.deviceLoops());
        assertEquals(List.of(new Loop(List.of(1, 2, 3), Kind.HOST_PARALLEL, -1, IndexWidth.INT32, false),
                new Loop(List.of(0), Kind.SERIAL, -1, IndexWidth.INT32, false)), p.hostLoops());
        assertEquals(3, p.bandAxis());
    }

    @Test
    void onlyAxisOneOfRanksThreeAndFourIsGridStrideAndOneLoopIsBanded() {
        for (int rank = 0; rank <= 4; rank++) {
            LaunchPlan p = PlanLaunch.plan(ofRank(rank));
            List<Loop> stride = p.deviceLoops().stream().filter(l -> l.kind() == Kind.DEVICE_GRID_STRIDE).toList();
            assertEquals(rank >= 3 ? List.of(List.of(1)) : List.of(), stride.stream().map(Loop::axes).toList(), "rank " + rank);
            List<Loop> banded = p.deviceLoops().stream().filter(Loop::banded).toList();
            assertEquals(1, banded.size(), "rank " + rank);
            assertTrue(banded.get(0).axes().contains(p.bandAxis()), "rank " + rank);
            assertTrue(p.hostLoops().stream().noneMatch(Loop::banded), "rank " + rank);
            // every axis is walked once on each side
            List<Integer> deviceAxes = p.deviceLoops().stream().flatMap(l -> l.axes().stream()).sorted().toList();
            List<Integer> hostAxes = p.hostLoops().stream().flatMap(l -> l.axes().stream()).sorted().toList();
            List<Integer> all = java.util.stream.IntStream.range(0, p.loopRank()).boxed().toList();
            assertEquals(all, deviceAxes, "rank " + rank);
            assertEquals(all, hostAxes, "rank " + rank);
            // the grid dimensions are distinct
            assertEquals(p.deviceLoops().size(), p.deviceLoops().stream().map(Loop::dimension).distinct().count(), "rank " + rank);
        }
    }

    @Test
    void aKernelWithoutGridReadsHasNoEdges() {
        LaunchPlan p = PlanLaunch.plan(ofRank(2));
        assertArrayEquals(new int[] {0, 0, 0}, p.halo());
        assertFalse(p.hasEdges());
        // a grid read at the point only: still no edges
        LaunchPlan atPoint = PlanLaunch.plan(kernel(params(grid("u", DOUBLE, 2)), ret(at("u", DOUBLE, 0, 0))));
        assertArrayEquals(new int[] {0, 0, 0}, atPoint.halo());
        assertFalse(atPoint.hasEdges());
    }

    @Test
    void theHaloIsTheFarthestReadAlongEachAxisOverEveryGrid() {
        Kernel k = kernel(params(grid("u", DOUBLE, 2), grid("v", DOUBLE, 3)),
                ret(add(add(at("u", DOUBLE, 1, -2), at("u", DOUBLE, -3, 0)), at("v", DOUBLE, 0, 1, -4))));
        LaunchPlan p = PlanLaunch.plan(k);
        assertArrayEquals(new int[] {3, 2, 4}, p.halo());
        assertTrue(p.hasEdges());
        assertEquals(3, p.loopRank());
    }

    /** Where a tiled launch must wrap or stop: the axes of PERIODIC grids' reads off the point, and of the other grids'. */
    @Test
    void theEdgeReadAxesSayWhereEachGridsRuleActs() {
        KernelParam periodic = KernelParam.grid("p", DOUBLE, new GridSpec(3, Boundary.PERIODIC, 0));
        KernelParam zero = KernelParam.grid("z", DOUBLE, new GridSpec(3, Boundary.ZERO, 0));
        Kernel k = kernel(params(periodic, zero),
                ret(add(add(at("p", DOUBLE, 0, 2, 0), at("p", DOUBLE, 0, 0, 0)), at("z", DOUBLE, -1, 0, 1))));
        assertEquals(List.of(1), k.edgeReadAxes(true));
        assertEquals(List.of(0, 2), k.edgeReadAxes(false));
        Kernel atPoint = kernel(params(periodic), ret(at("p", DOUBLE, 0, 0, 0)));
        assertEquals(List.of(), atPoint.edgeReadAxes(true));
        assertEquals(List.of(), atPoint.edgeReadAxes(false));
    }

    @Test
    void gridReadsCountWhereverTheyStand() {
        // in a local-array store only, a loop condition, a branch, a helper argument
        List<List<Stmt>> bodies = List.of(
                List.of(newArray("h", DOUBLE, 2), setElem("h", lit(0), at("u", DOUBLE, 0, 2)), ret(elem("h", DOUBLE, lit(0)))),
                List.of(whileLoop(gt(at("u", DOUBLE, 0, 2), lit(0.0)), new Stmt.Break()), ret(lit(0.0))),
                List.of(ifThen(gt(dvar("x"), lit(0.0)), ret(at("u", DOUBLE, 0, -2))), ret(lit(0.0))),
                List.of(ret(call("h", DOUBLE, at("u", DOUBLE, 0, 2)))));
        for (List<Stmt> body : bodies) {
            Kernel k = kernel(params(grid("u", DOUBLE, 2), input("x", DOUBLE)), body.toArray(Stmt[]::new));
            LaunchPlan p = PlanLaunch.plan(k);
            assertArrayEquals(new int[] {0, 2, 0}, p.halo(), print(k));
            assertTrue(p.hasEdges(), print(k));
        }
    }

    @Test
    void theHaloIsACopy() {
        LaunchPlan p = PlanLaunch.plan(kernel(params(grid("u", DOUBLE, 1)), ret(at("u", DOUBLE, 1))));
        p.halo()[0] = 9;
        assertArrayEquals(new int[] {1, 0, 0}, p.halo());
    }

    @Test
    void localArraysAreAllocatedInDeclarationOrderOncePerWorker() {
        Kernel k = kernel(params(input("x", DOUBLE), input("i", INT)), newArray("a", DOUBLE, 4), newArray("b", INT, 3),
                setElem("a", ivar("i"), dvar("x")), setElem("b", lit(0), lit(1)),
                ret(add(elem("a", DOUBLE, lit(0)), cast(DOUBLE, elem("b", INT, lit(0))))));
        LaunchPlan p = PlanLaunch.plan(k);
        assertEquals(List.of(new Allocation("a", DOUBLE, 4, DeviceMemory.LOCAL, HostScope.WORKER),
                new Allocation("b", INT, 3, DeviceMemory.LOCAL, HostScope.WORKER)), p.allocations()); // all or none in registers
        assertSame(p.allocations().get(1), p.allocation("b"));
        assertThrows(IllegalStateException.class, () -> p.allocation("c"));
        assertEquals(List.of(), PlanLaunch.plan(ofRank(1)).allocations());
    }

    @Test
    void localArraysInNestedStatementsAreAllocatedToo() {
        Kernel k = kernel(params(input("x", DOUBLE)), ifThen(gt(dvar("x"), lit(0.0)), block(newArray("h", FLOAT, 5),
                setElem("h", lit(4), cast(FLOAT, dvar("x"))))), ret(dvar("x")));
        assertEquals(List.of(new Allocation("h", FLOAT, 5, DeviceMemory.REGISTER, HostScope.WORKER)), PlanLaunch.plan(k).allocations());
    }

    /**
     * Java lets two sibling blocks declare a local array of one name ({ double[] h = new double[2]; ... }
     * { double[] h = new double[8]; ... }). One array per worker for both would be the wrong length for
     * one of them (a read outside must throw where the method's does), so such a name is allocated
     * where declared, as the method does; the budget of registers counts both declarations.
     */
    @Test
    void siblingLocalArraysOfOneNameAreAllocatedWhereDeclared() {
        Kernel k = kernel(params(input("x", DOUBLE)),
                ddeclare("r", lit(0.0)),
                block(newArray("h", DOUBLE, 2), setElem("h", lit(1), dvar("x")), assign("r", add(dvar("r"), elem("h", DOUBLE, lit(1))))),
                block(newArray("h", DOUBLE, 8), setElem("h", lit(7), dvar("x")), assign("r", add(dvar("r"), elem("h", DOUBLE, lit(7))))),
                ret(dvar("r")));
        LaunchPlan p = PlanLaunch.plan(k);
        assertEquals(1, p.allocations().size(), p.allocations().toString());
        assertEquals(HostScope.POINT, p.allocation("h").host());
        assertEquals(List.of(), p.workerAllocations());
        assertEquals(2, k.localArrays().size());
        assertEquals(List.of("h"), k.localArrayNames());
    }

    @Test
    void thePlanKeepsTheKernelAndItsSlots() {
        Kernel k = ofRank(2);
        LaunchPlan p = PlanLaunch.plan(k);
        assertSame(k, p.kernel());
        assertEquals(LaunchSignature.of(k), p.signature());
    }

    @Test
    void describeSaysWhatThePlanHolds() {
        Expr x = dvar("x");
        Kernel k = kernel(params(grid("u", DOUBLE, 2), input("x", DOUBLE)), newArray("h", DOUBLE, 4),
                counted("j", 0, 4, setElem("h", ivar("j"), mul(x, cast(DOUBLE, ivar("j"))))),
                ret(add(at("u", DOUBLE, 1, 0), elem("h", DOUBLE, lit(3)))));
        String d = PlanLaunch.plan(k).describe();
        for (String part : List.of("gridforge launch plan of test.K.k:", "slots: OUTPUT double gf_out, EXTENTS, FAULT, GRID double u, FIELD double x",
                "device: axis 0 on grid x, one point per thread (32-bit); axis 1 on grid y, one point per thread (32-bit), banded [lo, hi)",
                "host: axis 1 split over the cores (32-bit); axis 0 one after another (32-bit)", "regions: interior at least 1 x 0 from every edge",
                "local array h double[4]: on the device in registers, on the host once per worker", "device unrolls 1 counted loop over",
                "bands: axis 1")) {
            assertTrue(d.contains(part), "\"" + part + "\" in\n" + d);
        }
        assertTrue(PlanLaunch.plan(ofRank(1)).describe().contains("regions: every point alike"));
    }

    @Test
    void aLoopWalksOneToThreeAxesAndOnlyDeviceLoopsHaveADimension() {
        assertThrows(IllegalArgumentException.class, () -> new Loop(List.of(), Kind.SERIAL, -1, IndexWidth.INT32, false));
        assertThrows(IllegalArgumentException.class, () -> new Loop(List.of(0, 1, 2, 3), Kind.HOST_PARALLEL, -1, IndexWidth.INT32, false));
        assertThrows(IllegalArgumentException.class, () -> new Loop(List.of(0), Kind.DEVICE_THREAD, -1, IndexWidth.INT32, false));
        assertThrows(IllegalArgumentException.class, () -> new Loop(List.of(0), Kind.SERIAL, 0, IndexWidth.INT32, false));
        assertThrows(IllegalStateException.class, () -> new Loop(List.of(1, 2), Kind.HOST_PARALLEL, -1, IndexWidth.INT32, false).axis());
    }
}
