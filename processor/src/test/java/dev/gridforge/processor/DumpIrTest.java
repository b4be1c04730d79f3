package dev.gridforge.processor;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * {@code -Agridforge.dumpIr=true} prints the IR itself after the front end and after every pass,
 * derivatives unexpanded before expand-derivatives, and then the kernel's launch plan.
 */
class DumpIrTest {
    @Test
    void theIrAfterEveryPassAndThePlanArePrinted() {
        Compilation c = javac().withProcessors(new KernelProcessor()).withOptions("-Agridforge.dumpIr=true")
                .compile(Compiler.kernelClass("import static dev.gridforge.Derivatives.d;\n", """
                        @Stencil(boundary = Boundary.CLAMP)
                        static double k(Grid2 u, double x, @Const double a) {
                            double[] h = new double[4];
                            for (int j = 0; j < 4; j++) { h[j] = u.at(1, 0) * x * j; }
                            return d(h[3] * x, x) + a * 2 * a;
                        }
                        """));
        assertTrue(c.errors().isEmpty(), c.errors().toString());
        List<String> notes = c.notes().stream().map(d -> d.getMessage(null)).toList();
        List<String> passes = List.of("the front end", "expand-derivatives", "drop-unused-tangents", "fold-constants", "hoist-uniform",
                "reduce-strength", "share-subexpressions");
        for (int i = 0; i < passes.size(); i++) {
            assertTrue(notes.get(i).startsWith("gridforge IR of test.K.k after " + passes.get(i) + ":"), notes.get(i));
        }
        assertTrue(notes.get(0).contains("return d(h[3] * x, x) + ((a * 2.0) * a);") && notes.get(0).contains("u.at(1, 0)"), notes.get(0));
        assertTrue(notes.get(0).contains("double[] h = new double[4];"), notes.get(0));
        assertTrue(!notes.get(1).contains("d(") && notes.get(1).contains("gf_d1_x"), notes.get(1));
        assertTrue(notes.get(4).contains("hoisted double gf_h0 = "), notes.get(4));
        String plan = notes.get(passes.size());
        assertTrue(plan.startsWith("gridforge launch plan of test.K.k:"), plan);
        for (String part : List.of("slots: OUTPUT double gf_out, EXTENTS, FAULT, GRID double u, FIELD double x, VALUE double a, VALUE double gf_h0",
                "device: axis 0 on grid x, one point per thread (32-bit); axis 1 on grid y, one point per thread (32-bit), banded [lo, hi)",
                "host: axis 1 split over the cores (32-bit); axis 0 one after another (32-bit)",
                "regions: interior at least 1 x 0 from every edge", "local array h double[4]: on the device in registers",
                "device unrolls 1 counted loop", "bands: axis 1",
                // x and u read once each, the result written: 24 B. The code as generated counts: a j-loop of 4 setting h[j]
                // and its tangent (2 FLOPs and a grid read each); then d(h[3] * x, x) = gf_d1_h[3] * x + h[3] (3) + gf_h0 (1)
                "cost: 24 B memory per point; (4 FLOPs, 0 transcendental, 8 B from cache) + 4 x (4 FLOPs, 0 transcendental, 16 B from cache)")) {
            assertTrue(plan.contains(part), "\"" + part + "\" in\n" + plan);
        }
        assertEquals(passes.size() + 1, notes.stream().filter(n -> n.startsWith("gridforge ")).count(), notes.toString());
    }
}
