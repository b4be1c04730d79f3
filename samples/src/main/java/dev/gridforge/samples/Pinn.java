package dev.gridforge.samples;

import static dev.gridforge.Derivatives.d;

import dev.gridforge.Bench;
import dev.gridforge.Array1;
import dev.gridforge.Array2;
import dev.gridforge.Const;
import dev.gridforge.Pointwise;

/**
 * Seed 001's PINN: the heat residual u_t - alpha u_xx where u(x, t) is a fully connected tanh
 * network, 2 inputs, two hidden layers of {@value #HIDDEN}, 1 output, whose weights come as array
 * views in PyTorch's layout (nn.Linear's weight is (out, in), so a NumPy (32, 2) w1 is the field
 * (2, 32) and w1[i][k] is {@code w1.get(k, i)}). The first hidden layer is kept in a local array;
 * the derivatives are generated at build time, forward over forward, in the same kernel.
 */
final class Pinn {

    /** The width of both hidden layers: a local array's length is a constant. */
    static final int HIDDEN = 32;

    private Pinn() {
    }

    @Bench(sizes = "1000000; w1=2x32; b1=32; w2=32x32; b2=32; w3=32", constants = {"b3=0.1", "alpha=0.05"})
    @Pointwise
    static double residual(double x, double t, Array2 w1, Array1 b1, Array2 w2, Array1 b2, Array1 w3,
                           @Const double b3, @Const double alpha) {
        double[] h = new double[HIDDEN];
        for (int i = 0; i < HIDDEN; i++) {
            h[i] = Math.tanh(w1.get(0, i) * x + w1.get(1, i) * t + b1.get(i));
        }
        double u = b3;
        for (int j = 0; j < HIDDEN; j++) {
            double z = b2.get(j);
            for (int i = 0; i < HIDDEN; i++) {
                z += w2.get(i, j) * h[i];
            }
            u += w3.get(j) * Math.tanh(z);
        }
        return d(u, t) - alpha * d(d(u, x), x);
    }
}
