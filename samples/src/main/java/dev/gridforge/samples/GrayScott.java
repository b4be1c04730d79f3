package dev.gridforge.samples;

import dev.gridforge.Bench;
import dev.gridforge.Boundary;
import dev.gridforge.Const;
import dev.gridforge.Device;
import dev.gridforge.Grid2;
import dev.gridforge.Out;
import dev.gridforge.Stencil;

/**
 * Gray-Scott reaction-diffusion, where seed 000's user was heading: two fields u and v on a
 * periodic grid, both updated in one pass (explicit Euler, 5-point Laplacian, grid spacing 1):
 * <pre>
 *   u' = u + dt (Du lap(u) - u v² + F (1 - u))
 *   v' = v + dt (Dv lap(v) + u v² - (F + k) v)
 * </pre>
 */
public final class GrayScott {
    private GrayScott() {
    }

    // started as the sample starts it (u near 1, v small): from values of 0.5 to 1.5 both, the reaction diverges in 200 steps
    @Bench(sizes = {"1000x1000", "4096x4096"}, constants = {"du=0.2", "dv=0.1", "f=0.035", "k=0.06", "dt=1.0"}, steps = 200,
            values = {"u=0.5..1", "v=0.01..0.25"})
    @Stencil(boundary = Boundary.PERIODIC)
    public static void step(Grid2 u, Grid2 v, Out uNext, Out vNext, @Const double du, @Const double dv,
                            @Const double f, @Const double k, @Const double dt) {
        double uc = u.at(0, 0);
        double vc = v.at(0, 0);
        double uvv = uc * vc * vc;
        uNext.set(uc + dt * (du * lap(uc, u.at(1, 0), u.at(-1, 0), u.at(0, 1), u.at(0, -1)) - uvv + f * (1 - uc)));
        vNext.set(vc + dt * (dv * lap(vc, v.at(1, 0), v.at(-1, 0), v.at(0, 1), v.at(0, -1)) + uvv - (f + k) * vc));
    }

    @Device
    static double lap(double centre, double east, double west, double north, double south) {
        return east + west + north + south - 4 * centre;
    }
}
