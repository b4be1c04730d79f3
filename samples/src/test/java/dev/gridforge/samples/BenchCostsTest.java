package dev.gridforge.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.benchmarks.BenchCase;
import dev.gridforge.benchmarks.BenchSuite;
import dev.gridforge.benchmarks.KernelCost;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The static cost the processor wrote into the samples' generated benchmarks, against counts made
 * by hand from each kernel's source (docs/benchmarks.md, "The static cost": each input field's
 * element and each result once at the bandwidth bound, every read at the cache; each floating
 * + - * / and Math call one FLOP, negation and comparisons none; a value the passes hoist out of
 * the point, made of constants only, not per point).
 */
class BenchCostsTest {

    private static KernelCost.Cost perPoint(BenchSuite suite, int caseIndex) {
        BenchCase c = suite.cases().get(caseIndex);
        KernelCost.Cost total = c.cost();
        long n = c.points();
        return new KernelCost.Cost(total.memoryBytes() / n, total.cacheBytes() / n, total.flops() / n, total.transcendentals() / n,
                total.exact());
    }

    @Test
    void waveStep() {
        // reads u and uPrev, writes one double: 24 B. Reads u five times for the Laplacian, u once more
        // (2u) and uPrev once: 7 x 8 = 56 B. Laplacian: 3 adds, 4*u, minus = 5; -uPrev + 2u + lap*c2: 2u, +, lap*c2, + = 4.
        assertEquals(new KernelCost.Cost(24, 56, 9, 0, true), perPoint(new WaveKernelsBench(), 0));
    }

    @Test
    void grayScottStep() {
        // reads u, v, writes uNext, vNext: 32 B; five reads of each grid: 80 B.
        // uvv: 2. u: lap 5, du*lap, -uvv, 1-uc, f*(), +, dt*(), uc+ = 12. v: lap 5, dv*lap, +uvv, *vc, -, dt*(), vc+ = 11,
        // f + k being two constants, hoisted out of the point (HoistUniform). 2 + 12 + 11 = 25.
        assertEquals(new KernelCost.Cost(32, 80, 25, 0, true), perPoint(new GrayScottKernelsBench(), 0));
    }

    @Test
    void haversineDistance() {
        // the mesh is made in the kernel: only the result's 8 B move, nothing is read.
        // lat2-lat1, *k, sin, square (pow(x, 2) made x*x); k*lat1, cos, *cos(k*lat2) (hoisted: constants); lon2-lon1, *k, sin,
        // square, *, +; 1-a, atan2, *scale = 16 FLOPs, of them sin, cos, sin, atan2 transcendental.
        assertEquals(new KernelCost.Cost(8, 0, 16, 4, true), perPoint(new HaversineKernelsBench(), 0));
    }

    @Test
    void heatResidual() {
        // reads x and t, writes the residual: 24 B; reads x and t once each: 16 B. Counted on the code forward mode
        // writes (the JVM loop in HeatResidualKernels): pi*x, sin, t*t, exp; du/dt: 2 products, +, 2 more = 5;
        // d2u/dx2: 5 products; u = s1*s2; alpha*d2u, minus = 17, of them sin and exp transcendental.
        assertEquals(new KernelCost.Cost(24, 16, 17, 2, true), perPoint(new HeatResidualKernelsBench(), 0));
    }

    @Test
    void shiftSumGathersEachChannel() {
        // writes one float (4 B) a point and reads x and the mask whole once per launch; per channel (x.extent(2) of them)
        // a multiply and an add (2 FLOPs) and two float reads (8 B at the cache). Seed 002's sizes: B 16, C 28, 256 x 256.
        BenchCase c = new ShiftSumKernelsBench().cases().get(0);
        long points = 256L * 256 * 16;
        long xBytes = 4L * 256 * 256 * 28 * 16;
        long maskBytes = 4L * 256 * 256;
        KernelCost.Cost cost = c.cost();
        assertEquals(points * 4 + xBytes + maskBytes, cost.memoryBytes());
        assertEquals(points * 28 * 8.0, cost.cacheBytes());
        assertEquals(points * 28 * 2.0, cost.flops());
        assertEquals(0, cost.transcendentals());
    }

    @Test
    void pinnResidual() {
        // reads x, t, writes the residual (24 B) and the weights whole once a launch; 2 x 32 + 32 + 32 x 32 + 32 + 32 doubles.
        BenchCase c = new PinnKernelsBench().cases().get(0);
        long points = 1_000_000;
        long weights = 8L * (2 * 32 + 32 + 32 * 32 + 32 + 32);
        KernelCost.Cost cost = c.cost();
        assertEquals(points * 24 + weights, cost.memoryBytes());
        // one tanh per hidden unit of each layer: 64 transcendental a point
        assertEquals(points * 64.0, cost.transcendentals());
        List<KernelCost.Term> terms = c.kernelCost().terms();
        // the 32 x 32 multiply-adds of the second layer: value and three tangents (d/dt, d/dx, d2/dx2) each a multiply and
        // an add, 8 FLOPs; one read of w2 (8 B; h is a local array, not memory)
        KernelCost.Term inner = terms.stream().filter(t -> t.trips().size() == 2).findFirst().orElseThrow();
        assertEquals(List.of(KernelCost.Trip.of(32), KernelCost.Trip.of(32)), inner.trips());
        assertEquals(8, inner.flops());
        assertEquals(8, inner.cacheBytes());
        // per hidden unit: w1(0, i), w1(1, i), b1(i) in the first loop and b2(j), w3(j) in the second: 40 B
        KernelCost.Term perUnit = terms.stream().filter(t -> t.trips().size() == 1).findFirst().orElseThrow();
        assertEquals(40, perUnit.cacheBytes());
        assertEquals(2, perUnit.transcendentals());
        // outside the loops: x and t read (16 B); the residual's alpha * uxx and its minus (2 FLOPs)
        KernelCost.Term outside = terms.stream().filter(t -> t.trips().isEmpty()).findFirst().orElseThrow();
        assertEquals(16, outside.cacheBytes());
        assertEquals(2, outside.flops());
        assertTrue(cost.exact());
    }
}
