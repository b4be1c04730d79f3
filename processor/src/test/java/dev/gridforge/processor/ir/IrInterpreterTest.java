package dev.gridforge.processor.ir;

import static dev.gridforge.processor.ir.IrBuilder.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test interpreter the pass tests evaluate IR with computes what the same Java does. */
class IrInterpreterTest {

    @Test
    void loopsLocalArraysBranchesAndHelpersAsJava() {
        // double[] h = new double[4]; for (int j = 0; j < 4; j++) h[j] = sq(x + j);
        // double s = 0; int j = 0; while (true) { if (j == 4) break; s += h[j]; j++; } return j < 4 ? -1 : s;
        Function sq = helper("sq", DOUBLE, List.of(param("a", DOUBLE)), ret(mul(dvar("a"), dvar("a"))));
        Kernel k = kernel(DOUBLE, params(input("x", DOUBLE)), List.of(sq),
                newArray("h", DOUBLE, 4),
                counted("j", 0, 4, setElem("h", ivar("j"), call("sq", DOUBLE, add(dvar("x"), cast(DOUBLE, ivar("j")))))),
                ddeclare("s", lit(0.0)),
                declare("i", INT, lit(0)),
                whileLoop(lit(true),
                        ifThen(eq(ivar("i"), lit(4)), new Stmt.Break()),
                        assign("s", add(dvar("s"), elem("h", DOUBLE, ivar("i")))),
                        assign("i", add(ivar("i"), lit(1)))),
                ret(cond(lt(ivar("i"), lit(4)), lit(-1.0), add(dvar("s"), math(MathFunction.SQRT, lit(4.0))))));
        double x = 0.3;
        double s = 0;
        for (int j = 0; j < 4; j++) {
            s += (x + j) * (x + j);
        }
        assertEquals(s + Math.sqrt(4.0), IrInterpreter.run(k, Map.of("x", x)));
    }

    @Test
    void integerDivisionByZeroThrowsAndIntsWrap() {
        Kernel div = kernel(INT, params(input("n", INT)), ret(div(lit(1), ivar("n"))));
        assertThrows(ArithmeticException.class, () -> IrInterpreter.run(div, Map.of("n", 0)));
        Kernel wrap = kernel(INT, params(input("n", INT)), ret(add(ivar("n"), lit(1))));
        assertEquals(Integer.MIN_VALUE, IrInterpreter.run(wrap, Map.of("n", Integer.MAX_VALUE)));
    }
}
