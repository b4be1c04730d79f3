package dev.gridforge.processor.plan;

import static dev.gridforge.processor.ir.IrBuilder.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gridforge.abi.SlotKind;
import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Function;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.KernelParam;
import dev.gridforge.processor.ir.MathFunction;
import dev.gridforge.processor.ir.Output;
import dev.gridforge.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The launch's slots, as plan-launch orders them: outputs, extents, the fault report when the
 * kernel can fault (arrays, local arrays, an integer division by what may be zero, also in a
 * helper), the mesh axes read, the window axes (read through @Index, @Extent or @Coord), then
 * fields, grids, arrays and run-time constants in parameter order, the hoisted values, the
 * specialised constants last.
 */
class LaunchSignatureTest {

    private static List<String> slots(Kernel k) {
        return PlanLaunch.plan(k).signature().slots().stream().map(s -> s.kind() + (s.type() == null ? "" : " " + s.type().javaName())
                + " " + s.name() + (s.axis() >= 0 ? " @" + s.axis() : "")).toList();
    }

    @Test
    void slotsComeInTheOrderOfTheLaunchInterface() {
        List<KernelParam> ps = params(specialized("s", DOUBLE), output("r1", DOUBLE), grid("u", DOUBLE, 2), constant("a", DOUBLE),
                coord("y", 1), input("f", FLOAT), array("w", DOUBLE, 2), coord("x", 0), index("i", 0), extentParam("n", 1),
                output("r2", FLOAT), constant("b", BOOLEAN), specialized("t", INT), coord("y2", 1));
        Kernel k = kernel(null, ps, set("r1", mul(dvar("a"), dvar("gf_h0"))), set("r2", var("f", FLOAT)));
        List<Function.Parameter> withHoisted = new ArrayList<>(k.point().parameters());
        withHoisted.add(param("gf_h0", DOUBLE));
        withHoisted.add(param("gf_h1", BOOLEAN));
        k = k.withPoint(k.point().withParameters(withHoisted), List.of(new Kernel.Hoisted("gf_h0", mul(dvar("a"), dvar("a"))),
                new Kernel.Hoisted("gf_h1", not(var("b", BOOLEAN)))));
        assertEquals(List.of("OUTPUT double r1", "OUTPUT float r2", "EXTENTS extents", "FAULT fault", "MESH_AXIS axis0 @0",
                "MESH_AXIS axis1 @1", "WINDOW_AXIS window0 @0", "WINDOW_AXIS window1 @1", "GRID double u", "VALUE double a", "FIELD float f", "ARRAY double w", "VALUE boolean b",
                "VALUE double gf_h0", "VALUE boolean gf_h1", "DEFINE double s", "DEFINE int t"), slots(k));
        LaunchSignature sig = PlanLaunch.plan(k).signature();
        assertEquals(new Output("r2", FLOAT, false), sig.slots().get(1).output());
        assertNull(sig.slots().get(2).output());
        assertEquals(List.of("s", "t"), sig.ofKind(SlotKind.DEFINE).stream().map(LaunchSignature.Slot::name).toList());
        assertEquals(List.of("a", "b", "gf_h0", "gf_h1"), sig.ofKind(SlotKind.VALUE).stream().map(LaunchSignature.Slot::name).toList());
    }

    @Test
    void aReturnedValueIsTheOneOutput() {
        Kernel k = kernel(FLOAT, params(input("x", DOUBLE), index("i", 0)), ret(cast(FLOAT, dvar("x"))));
        assertEquals(List.of("OUTPUT float gf_out", "EXTENTS extents", "WINDOW_AXIS window0 @0", "FIELD double x"), slots(k));
        assertEquals(Output.returnedValue(FLOAT), PlanLaunch.plan(k).signature().slots().get(0).output());
    }

    /**
     * Index, extent and coordinate parameters have no slot of their own: one window axis per axis
     * read through any of them (distinct, ascending), and a mesh axis per axis a coordinate reads.
     */
    @Test
    void indexExtentAndCoordinateParametersShareOneWindowAxisPerAxis() {
        Kernel k = kernel(params(index("i", 0), extentParam("n", 1), coord("y", 1)), ret(dvar("y")));
        assertEquals(List.of("OUTPUT double gf_out", "EXTENTS extents", "MESH_AXIS axis1 @1", "WINDOW_AXIS window0 @0",
                "WINDOW_AXIS window1 @1"), slots(k));
        Kernel k3 = kernel(params(extentParam("n", 3), index("l", 2), index("l2", 2), input("x", DOUBLE), extentParam("m", 2)),
                ret(dvar("x")));
        assertEquals(List.of("OUTPUT double gf_out", "EXTENTS extents", "WINDOW_AXIS window2 @2", "WINDOW_AXIS window3 @3",
                "FIELD double x"), slots(k3));
        Kernel none = kernel(params(input("x", DOUBLE), constant("a", DOUBLE)), ret(dvar("x")));
        assertEquals(List.of("OUTPUT double gf_out", "EXTENTS extents", "FIELD double x", "VALUE double a"), slots(none),
                "a kernel that reads no index, extent or coordinate has no window axis");
    }

    private static Kernel dividing(Expr value) {
        return kernel(params(input("x", DOUBLE), input("n", INT), input("m", INT), input("l", LONG)), ret(value));
    }

    private static boolean faults(Kernel k) {
        return !PlanLaunch.plan(k).signature().ofKind(SlotKind.FAULT).isEmpty();
    }

    @Test
    void aFaultSlotWhereTheKernelCanFault() {
        Expr n = ivar("n");
        Expr m = ivar("m");
        Expr l = var("l", LONG);
        // integer division by what may be zero: / and %, int and long, floorDiv and floorMod, a literal 0
        for (Expr e : List.of(div(n, m), rem(n, m), div(l, l), rem(l, cast(LONG, m)), div(n, lit(0)),
                math(MathFunction.FLOOR_DIV_I, n, m), math(MathFunction.FLOOR_MOD_L, l, l), math(MathFunction.FLOOR_MOD_I, n, lit(0)))) {
            assertEquals(true, faults(dividing(cast(DOUBLE, e))), print(e));
        }
        // by a non-zero literal, or in floating point: nothing to report
        for (Expr e : List.of(cast(DOUBLE, div(n, lit(2))), cast(DOUBLE, rem(l, lit(-3L))), cast(DOUBLE, math(MathFunction.FLOOR_DIV_I, n, lit(4))),
                div(dvar("x"), dvar("x")), rem(dvar("x"), lit(0.0)))) {
            assertEquals(false, faults(dividing(e)), print(e));
        }
        // in a helper only
        Function h = helper("h", INT, List.of(param("p", INT)), ret(div(lit(1), ivar("p"))));
        assertEquals(true, faults(kernel(DOUBLE, params(input("n", INT)), List.of(h), ret(cast(DOUBLE, call("h", INT, ivar("n")))))));
        // an array view, a local array
        assertEquals(true, faults(kernel(params(array("w", DOUBLE, 1)), ret(get("w", DOUBLE, lit(0))))));
        Stmt[] local = {newArray("t", DOUBLE, 2), ret(elem("t", DOUBLE, lit(0)))};
        assertEquals(true, faults(kernel(params(input("x", DOUBLE)), local)));
        assertEquals(List.of("OUTPUT double gf_out", "EXTENTS extents", "FAULT fault", "FIELD double x"),
                slots(kernel(params(input("x", DOUBLE)), local)));
    }
}
