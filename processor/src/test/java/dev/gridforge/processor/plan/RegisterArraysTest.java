package dev.gridforge.processor.plan;

import static dev.gridforge.processor.ir.IrBuilder.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.processor.ir.Expr;
import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.KernelParam;
import dev.gridforge.processor.ir.Stmt;
import dev.gridforge.processor.plan.Allocation.DeviceMemory;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which local arrays a GPU thread keeps in registers: those whose every access has an index known
 * once the counted loops around it are unrolled (a literal, or + - * of literals and the counters
 * of {@code for (int j = a; j < b; j++)} loops with literal bounds, at most 64 iterations, the
 * counter assigned nowhere else); all of a kernel's arrays or none, within 256 bytes together; the
 * loops whose counters those indices read are unrolled, and no others.
 */
class RegisterArraysTest {
    private static final Expr X = dvar("x");
    private static final Expr I = ivar("i");
    private static final List<KernelParam> PARAMS = params(input("x", DOUBLE), input("i", INT));

    private static Kernel kernelOf(Stmt... body) {
        return kernel(PARAMS, body);
    }

    private static RegisterArrays.Choice choose(Kernel k) {
        return RegisterArrays.choose(k.point(), k.localArrays());
    }

    private static Expr j() {
        return ivar("j");
    }

    private static Expr times(Expr counter) {
        return mul(X, cast(DOUBLE, counter));
    }

    @Test
    void anArrayIndexedByACountedLoopGoesInRegistersAndTheLoopIsUnrolled() {
        Stmt.For loop = counted("j", 0, 8, setElem("h", j(), times(j())));
        Kernel k = kernelOf(newArray("h", DOUBLE, 8), loop, ret(elem("h", DOUBLE, lit(3))));
        RegisterArrays.Choice c = choose(k);
        assertEquals(Set.of("h"), c.registerArrays());
        assertEquals(1, c.unrolled().size());
        assertTrue(c.unrolled().contains(loop));
        LaunchPlan p = PlanLaunch.plan(k);
        assertEquals(DeviceMemory.REGISTER, p.allocation("h").device());
        assertTrue(p.unrolled().contains(loop));
        // by identity: an equal loop that is not the kernel's is not one of them
        assertFalse(p.unrolled().contains(counted("j", 0, 8, setElem("h", j(), times(j())))));
    }

    @Test
    void literalIndicesNeedNoUnrolling() {
        Kernel k = kernelOf(newArray("h", DOUBLE, 2), setElem("h", lit(1), X), counted("j", 0, 4, assign("x", add(X, lit(1.0)))),
                ret(elem("h", DOUBLE, lit(1))));
        RegisterArrays.Choice c = choose(k);
        assertEquals(Set.of("h"), c.registerArrays());
        assertEquals(Set.of(), c.unrolled());
    }

    @Test
    void anIndexFromAnInputKeepsTheArrayInLocalMemory() {
        Stmt.For loop = counted("j", 0, 8, setElem("h", j(), X));
        Kernel k = kernelOf(newArray("h", DOUBLE, 8), loop, ret(elem("h", DOUBLE, I)));
        RegisterArrays.Choice c = choose(k);
        assertEquals(Set.of(), c.registerArrays());
        assertEquals(Set.of(), c.unrolled()); // nothing gains from unrolling it
        assertEquals(DeviceMemory.LOCAL, PlanLaunch.plan(k).allocation("h").device());
    }

    @Test
    void indicesThatAreNotSumsAndProductsOfCountersKeepItInLocalMemory() {
        List<Expr> unknown = List.of(div(j(), lit(2)), rem(j(), lit(4)), add(j(), I), neg(j()), cast(INT, X),
                math(dev.gridforge.processor.ir.MathFunction.ABS_I, j()), elem("k", INT, lit(0)));
        for (Expr index : unknown) {
            Kernel k = kernelOf(newArray("k", INT, 1), newArray("h", DOUBLE, 8), counted("j", 0, 8, setElem("h", index, X)),
                    ret(lit(0.0)));
            // k alone could be registers; with h in local memory, all of them stay there
            assertEquals(Set.of(), choose(k).registerArrays(), print(index));
            assertEquals(Set.of(), choose(k).unrolled(), print(index));
            Kernel alone = kernelOf(newArray("k", INT, 1), setElem("k", lit(0), lit(1)), ret(lit(0.0)));
            assertEquals(Set.of("k"), choose(alone).registerArrays());
        }
        // through a local: k = j is not known to be j
        Kernel local = kernelOf(newArray("h", DOUBLE, 8), counted("j", 0, 8, declare("k", INT, j()), setElem("h", ivar("k"), X)),
                ret(lit(0.0)));
        assertEquals(Set.of(), choose(local).registerArrays());
    }

    @Test
    void sumsAndProductsOfCountersAndLiteralsAreKnown() {
        Stmt.For inner = counted("j", 0, 4, setElem("h", add(mul(ivar("r"), lit(4)), j()), X),
                setElem("g", sub(add(mul(lit(2), j()), lit(1)), lit(1)), X));
        Stmt.For outer = counted("r", 0, 2, inner);
        Kernel k = kernelOf(newArray("h", DOUBLE, 8), newArray("g", DOUBLE, 8), outer, ret(elem("h", DOUBLE, lit(7))));
        RegisterArrays.Choice c = choose(k);
        assertEquals(Set.of("h", "g"), c.registerArrays());
        assertTrue(c.unrolled().contains(outer));
        assertTrue(c.unrolled().contains(inner));
        assertEquals(2, c.unrolled().size());
    }

    @Test
    void aCounterAssignedInTheBodyDisqualifies() {
        Stmt.For loop = counted("j", 0, 8, setElem("h", j(), X), ifThen(gt(X, lit(1.0)), assign("j", add(j(), lit(1)))));
        Kernel k = kernelOf(newArray("h", DOUBLE, 8), loop, ret(elem("h", DOUBLE, lit(0))));
        RegisterArrays.Choice c = choose(k);
        assertEquals(Set.of(), c.registerArrays());
        assertEquals(Set.of(), c.unrolled());
    }

    @Test
    void aLoopOfMoreThan64IterationsIsNotUnrolled() {
        Stmt.For long65 = counted("j", 0, 65, ifThen(lt(j(), lit(4)), setElem("h", j(), X)));
        Kernel k = kernelOf(newArray("h", DOUBLE, 4), long65, ret(elem("h", DOUBLE, lit(0))));
        assertEquals(Set.of(), choose(k).registerArrays());
        assertEquals(Set.of(), choose(k).unrolled());
        // 64 iterations is still counted, whatever the bounds: 10 to 74
        Stmt.For just64 = counted("j", 10, 74, ifThen(lt(j(), lit(14)), setElem("h", sub(j(), lit(10)), X)));
        Kernel k64 = kernelOf(newArray("h", DOUBLE, 4), just64, ret(elem("h", DOUBLE, lit(0))));
        assertEquals(Set.of("h"), choose(k64).registerArrays());
        assertTrue(choose(k64).unrolled().contains(just64));
        assertEquals(64, RegisterArrays.MAX_TRIP);
    }

    @Test
    void onlyLoopsOfTheCountedShapeAreCounted() {
        Expr j = j();
        List<Stmt.For> notCounted = List.of(
                // j <= 7
                forLoop(List.of(declare("j", INT, lit(0))), bin(dev.gridforge.processor.ir.BinaryOp.LE, j, lit(7)),
                        List.of(assign("j", add(j, lit(1)))), setElem("h", j, X)),
                // j = j + 2
                forLoop(List.of(declare("j", INT, lit(0))), lt(j, lit(8)), List.of(assign("j", add(j, lit(2)))), setElem("h", j, X)),
                // a bound that is not a literal
                forLoop(List.of(declare("j", INT, lit(0))), lt(j, I), List.of(assign("j", add(j, lit(1)))), setElem("h", j, X)),
                // a start that is not a literal
                forLoop(List.of(declare("j", INT, I)), lt(j, lit(8)), List.of(assign("j", add(j, lit(1)))), setElem("h", j, X)),
                // the condition on another variable
                forLoop(List.of(declare("j", INT, lit(0))), lt(I, lit(8)), List.of(assign("j", add(j, lit(1)))), setElem("h", j, X)),
                // 1 + j as the step
                forLoop(List.of(declare("j", INT, lit(0))), lt(j, lit(8)), List.of(assign("j", add(lit(1), j))), setElem("h", j, X)),
                // no condition
                forLoop(List.of(declare("j", INT, lit(0))), null, List.of(assign("j", add(j, lit(1)))), setElem("h", j, X)),
                // the counter declared outside
                forLoop(List.of(assign("j", lit(0))), lt(j, lit(8)), List.of(assign("j", add(j, lit(1)))), setElem("h", j, X)));
        for (Stmt.For loop : notCounted) {
            Kernel k = kernelOf(declare("j", INT, lit(0)), newArray("h", DOUBLE, 8), loop, ret(elem("h", DOUBLE, lit(0))));
            assertEquals(Set.of(), choose(k).registerArrays(), print(k));
            assertEquals(Set.of(), choose(k).unrolled(), print(k));
        }
    }

    @Test
    void theArraysGoInRegistersTogetherWithinTheBudgetOrNotAtAll() {
        // a 160 bytes + b 128 = 288 > 256: none of them; a + c 64 + d 32 = 256 exactly: all three
        Kernel over = kernelOf(newArray("a", DOUBLE, 20), newArray("b", DOUBLE, 16), setElem("a", lit(0), X), setElem("b", lit(0), X),
                ret(X));
        assertEquals(Set.of(), choose(over).registerArrays());
        Kernel k = kernelOf(newArray("a", DOUBLE, 20), newArray("c", INT, 16), newArray("d", FLOAT, 8),
                setElem("a", lit(0), X), setElem("c", lit(0), lit(1)), setElem("d", lit(0), lit(1f)), ret(X));
        assertEquals(Set.of("a", "c", "d"), choose(k).registerArrays());
        assertEquals(256, RegisterArrays.BUDGET_BYTES);
        LaunchPlan p = PlanLaunch.plan(k);
        assertEquals(List.of(DeviceMemory.REGISTER, DeviceMemory.REGISTER, DeviceMemory.REGISTER),
                p.allocations().stream().map(Allocation::device).toList());
        assertEquals(List.of(DeviceMemory.LOCAL, DeviceMemory.LOCAL),
                PlanLaunch.plan(over).allocations().stream().map(Allocation::device).toList());
    }

    @Test
    void oneArrayInLocalMemoryKeepsTheOthersThere() {
        // a (256 bytes) has an unknown index: b, which alone would fit, stays in local memory with it
        Kernel k = kernelOf(newArray("a", DOUBLE, 32), newArray("b", DOUBLE, 32), setElem("a", I, X), setElem("b", lit(31), X), ret(X));
        assertEquals(Set.of(), choose(k).registerArrays());
        // one byte too many: 33 doubles never fit
        Kernel big = kernelOf(newArray("a", DOUBLE, 33), setElem("a", lit(0), X), ret(X));
        assertEquals(Set.of(), choose(big).registerArrays());
    }

    @Test
    void onlyTheLoopsWhoseCountersARegisterIndexReadsAreUnrolled() {
        Stmt.For indexing = counted("j", 0, 4, setElem("h", j(), X));
        Stmt.For other = counted("k", 0, 4, assign("x", add(X, lit(1.0)))); // counted, but indexes nothing
        Stmt.While around = whileLoop(gt(X, lit(0.0)), indexing, assign("x", sub(X, lit(1.0))));
        Stmt.For outer = counted("r", 0, 3, around); // counted, but its counter indexes nothing
        Kernel k = kernelOf(newArray("h", DOUBLE, 4), outer, other, ret(elem("h", DOUBLE, lit(0))));
        RegisterArrays.Choice c = choose(k);
        assertEquals(Set.of("h"), c.registerArrays());
        assertEquals(1, c.unrolled().size());
        assertTrue(c.unrolled().contains(indexing));
    }

    @Test
    void aReadAsMuchAsAStoreDecides() {
        // every store has a literal index, one read does not
        Kernel k = kernelOf(newArray("h", DOUBLE, 4), setElem("h", lit(0), X), ddeclare("y", elem("h", DOUBLE, I)), ret(dvar("y")));
        assertEquals(Set.of(), choose(k).registerArrays());
        // the index of a read nested in another index counts as an access of its own array
        Kernel nested = kernelOf(newArray("h", DOUBLE, 4), newArray("k", INT, 4), setElem("k", lit(0), lit(1)),
                ret(elem("h", DOUBLE, elem("k", INT, lit(0)))));
        assertEquals(Set.of(), choose(nested).registerArrays()); // h's index is unknown: all in local memory
        Kernel known = kernelOf(newArray("h", DOUBLE, 4), newArray("k", INT, 4), setElem("k", lit(0), lit(1)),
                ret(elem("h", DOUBLE, add(lit(1), elem("k", INT, lit(0))))));
        assertEquals(Set.of(), choose(known).registerArrays(), "an element read is not a counter either");
    }

    @Test
    void twoLoopsAlikeAreUnrolledEachByIdentity() {
        Stmt.For first = counted("j", 0, 4, setElem("h", j(), X));
        Stmt.For second = counted("j", 0, 4, setElem("h", j(), X));
        Kernel k = kernelOf(newArray("h", DOUBLE, 4), first, second, ret(elem("h", DOUBLE, lit(0))));
        Set<Stmt.For> unrolled = PlanLaunch.plan(k).unrolled();
        assertEquals(2, unrolled.size());
        assertTrue(unrolled.contains(first) && unrolled.contains(second));
    }
}
