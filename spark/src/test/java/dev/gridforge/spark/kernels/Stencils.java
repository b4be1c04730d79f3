package dev.gridforge.spark.kernels;

import dev.gridforge.Boundary;
import dev.gridforge.Const;
import dev.gridforge.Extent;
import dev.gridforge.Grid2;
import dev.gridforge.Grid3;
import dev.gridforge.Index;
import dev.gridforge.Out;
import dev.gridforge.Stencil;

/** Stencils for the tiled loops' tests: one per boundary rule, reaches 1 and 2, rank 2 and 3, index-reading and two-field. */
public final class Stencils {
    private Stencils() {
    }

    @Stencil(boundary = Boundary.CLAMP)
    public static double clamp(Grid2 u, @Const double a) {
        return u.at(0, 0) + a * (u.at(1, 0) + u.at(-1, 0) + u.at(0, 1) + u.at(0, -1) - 4 * u.at(0, 0)) + 0.01 * u.at(1, 1);
    }

    @Stencil(boundary = Boundary.ZERO)
    public static double zero(Grid2 u, @Const double a) {
        return u.at(0, 0) + a * (u.at(1, 0) + u.at(-1, 0) + u.at(0, 1) + u.at(0, -1) - 4 * u.at(0, 0)) - 0.02 * u.at(-1, 1);
    }

    @Stencil(boundary = Boundary.CONSTANT, constant = 0.75)
    public static double constant(Grid2 u, @Const double a) {
        return u.at(0, 0) + a * (u.at(1, 0) + u.at(-1, 0) + u.at(0, 1) + u.at(0, -1) - 4 * u.at(0, 0));
    }

    @Stencil(boundary = Boundary.PERIODIC)
    public static double periodic(Grid2 u, @Const double a) {
        return u.at(0, 0) + a * (u.at(1, 0) + u.at(-1, 0) + u.at(0, 1) + u.at(0, -1) - 4 * u.at(0, 0)) + 0.03 * u.at(1, -1);
    }

    /** Reach 2 on both axes (a fourth-order Laplacian). */
    @Stencil(boundary = Boundary.REFLECT)
    public static double reflect2(Grid2 u, @Const double a) {
        double lx = -u.at(2, 0) + 16 * u.at(1, 0) - 30 * u.at(0, 0) + 16 * u.at(-1, 0) - u.at(-2, 0);
        double ly = -u.at(0, 2) + 16 * u.at(0, 1) - 30 * u.at(0, 0) + 16 * u.at(0, -1) - u.at(0, -2);
        return u.at(0, 0) + a * (lx + ly) / 12;
    }

    /** Seed 000's wave step: reads its index and the extents, and one past value. */
    @Stencil(boundary = Boundary.CLAMP)
    public static double wave(Grid2 u, Grid2 uPrev, @Index(0) int i, @Index(1) int j, @Extent(0) int nx, @Extent(1) int ny,
                              @Const double c2) {
        boolean edge = i == 0 || j == 0 || i == nx - 1 || j == ny - 1;
        double lap = edge ? 0 : u.at(0, 1) + u.at(1, 0) + u.at(0, -1) + u.at(-1, 0) - 4 * u.at(0, 0);
        return -uPrev.at(0, 0) + 2 * u.at(0, 0) + lap * c2 + 1e-3 * (i - j);
    }

    /** Gray-Scott: two fields, periodic, updated in one pass. */
    @Stencil(boundary = Boundary.PERIODIC)
    public static void grayScott(Grid2 u, Grid2 v, Out uNext, Out vNext, @Const double f, @Const double k) {
        double uc = u.at(0, 0);
        double vc = v.at(0, 0);
        double uvv = uc * vc * vc;
        uNext.set(uc + 0.2 * (u.at(1, 0) + u.at(-1, 0) + u.at(0, 1) + u.at(0, -1) - 4 * uc) - uvv + f * (1 - uc));
        vNext.set(vc + 0.1 * (v.at(1, 0) + v.at(-1, 0) + v.at(0, 1) + v.at(0, -1) - 4 * vc) + uvv - (f + k) * vc);
    }

    @Stencil(boundary = Boundary.ZERO)
    public static double heat3(Grid3 u, @Const double a) {
        return u.at(0, 0, 0) + a * (u.at(1, 0, 0) + u.at(-1, 0, 0) + u.at(0, 1, 0) + u.at(0, -1, 0) + u.at(0, 0, 1)
                + u.at(0, 0, -1) - 6 * u.at(0, 0, 0));
    }

    @Stencil(boundary = Boundary.PERIODIC)
    public static double heat3Periodic(Grid3 u, @Const double a) {
        return u.at(0, 0, 0) + a * (u.at(1, 0, 0) + u.at(-1, 0, 0) + u.at(0, 1, 0) + u.at(0, -1, 0) + u.at(0, 0, 1)
                + u.at(0, 0, -1) - 6 * u.at(0, 0, 0)) + 0.01 * u.at(1, 1, -1);
    }

    /** Grows by 3 every step, plus a neighbour: a field that overflows after a known number of steps. */
    @Stencil(boundary = Boundary.CLAMP)
    public static double grow(Grid2 u) {
        return 3 * u.at(0, 0) + 0.5 * u.at(1, 0);
    }

    /** Doubles two fields every step, each point on its own: each overflows at a step its initial value gives. */
    @Stencil(boundary = Boundary.CLAMP)
    public static void doubleBoth(Grid2 u, Grid2 v, Out uNext, Out vNext) {
        uNext.set(2 * u.at(0, 0));
        vNext.set(2 * v.at(0, 0));
    }

    /** Reads its index on a periodic domain: refused on a periodic axis split into tiles. */
    @Stencil(boundary = Boundary.PERIODIC)
    public static double periodicIndexed(Grid2 u, @Index(0) int i) {
        return u.at(1, 0) + 1e-3 * i;
    }
}
