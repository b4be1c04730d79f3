package dev.gridforge.samples;

import dev.gridforge.Bench;
import dev.gridforge.Boundary;
import dev.gridforge.Const;
import dev.gridforge.Coord;
import dev.gridforge.Device;
import dev.gridforge.Extent;
import dev.gridforge.Grid2;
import dev.gridforge.Index;
import dev.gridforge.Pointwise;
import dev.gridforge.Stencil;

/**
 * Seed 000: the 2-D wave equation by finite differences, the seed's scheme exactly. x is axis 0
 * (NumPy's columns), y axis 1 (rows); the Laplacian is taken on the edge-padded field
 * ({@code np.pad(u, 1, mode='edge')}) and is zero on the border ring, and its four neighbours are
 * added in NumPy's order (y + 1, x + 1, y - 1, x - 1), so the JVM backend gives the seed's NumPy
 * numbers bit for bit.
 */
public final class Wave {
    private Wave() {
    }

    /** The seed's initial field: 1 inside the disk of radius 0.1 around (0.5, 0.5), 0 outside. */
    @Pointwise
    public static double initial(@Coord(0) double x, @Coord(1) double y) {
        double d = (x - 0.5) * (x - 0.5) + (y - 0.5) * (y - 0.5);
        return d < 0.01 ? 1 : 0;
    }

    /** The first step: {@code u - lap(u) * C² / 2} (c2 is C²). */
    @Stencil(boundary = Boundary.CLAMP)
    public static double first(Grid2 u, @Index(0) int i, @Index(1) int j, @Extent(0) int nx, @Extent(1) int ny,
                               @Const double c2) {
        double lap = onBorder(i, j, nx, ny) ? 0 : u.at(0, 1) + u.at(1, 0) + u.at(0, -1) + u.at(-1, 0) - 4 * u.at(0, 0);
        return u.at(0, 0) - lap * c2 / 2;
    }

    /** Every later step: {@code -u_prev + 2 u + lap(u) * C²}. */
    @Bench(sizes = {"1000x1000", "4096x4096", "16384x16384"}, constants = "c2=0.25", steps = 200)
    @Stencil(boundary = Boundary.CLAMP)
    public static double step(Grid2 u, Grid2 uPrev, @Index(0) int i, @Index(1) int j, @Extent(0) int nx,
                              @Extent(1) int ny, @Const double c2) {
        double lap = onBorder(i, j, nx, ny) ? 0 : u.at(0, 1) + u.at(1, 0) + u.at(0, -1) + u.at(-1, 0) - 4 * u.at(0, 0);
        return -uPrev.at(0, 0) + 2 * u.at(0, 0) + lap * c2;
    }

    /** The seed zeroes the Laplacian on the outermost ring of points. */
    @Device
    static boolean onBorder(int i, int j, int nx, int ny) {
        return i == 0 || j == 0 || i == nx - 1 || j == ny - 1;
    }
}
