package dev.gridforge.samples;

import static dev.gridforge.Derivatives.d;

import dev.gridforge.Bench;
import dev.gridforge.Const;
import dev.gridforge.Coord;
import dev.gridforge.Pointwise;

/**
 * Seed 001: the residual u_t - alpha u_xx of the heat equation for u(x, t) = sin(pi x) exp(-t^2),
 * with the derivatives written as d(...) and generated at build time: one fused kernel, no tape,
 * no intermediate arrays. At points given as two fields, or on a mesh computed in the kernel.
 */
final class HeatResidual {

    private HeatResidual() {
    }

    @Bench(sizes = "10000000", constants = "alpha=0.05")
    @Pointwise
    static double residual(double x, double t, @Const double alpha) {
        double u = Math.sin(Math.PI * x) * Math.exp(-t * t);
        return d(u, t) - alpha * d(d(u, x), x);
    }

    /** The same on a mesh: x along axis 0, t along axis 1. */
    @Pointwise
    static double residualOnMesh(@Coord(0) double x, @Coord(1) double t, @Const double alpha) {
        double u = Math.sin(Math.PI * x) * Math.exp(-t * t);
        return d(u, t) - alpha * d(d(u, x), x);
    }

    /** The residual by hand, for the sample's check: u_t = -2t u, u_xx = -pi^2 u. */
    static double closedForm(double x, double t, double alpha) {
        double u = Math.sin(Math.PI * x) * Math.exp(-t * t);
        return -2 * t * u + alpha * Math.PI * Math.PI * u;
    }
}
