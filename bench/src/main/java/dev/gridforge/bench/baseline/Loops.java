package dev.gridforge.bench.baseline;

import java.util.stream.IntStream;

/**
 * The seed workloads as a Java programmer writes them by hand: a parallel stream over rows (or
 * points in blocks), a plain loop inside, arrays indexed with axis 0 fastest as gridforge's
 * fields are, and the arithmetic of the sample kernel. What the generated JVM loops are measured
 * against; {@code BaselinesTest} checks each gives the kernel's results.
 */
public final class Loops {
    /** Points per parallel task of the pointwise loops. */
    static final int BLOCK = 1 << 14;

    private Loops() {
    }

    /** The wave step: {@code -uPrev + 2u + c2 lap(u)}, the Laplacian zero on the outermost ring. */
    public static void wave(double[] out, double[] u, double[] uPrev, int nx, int ny, double c2) {
        IntStream.range(0, ny).parallel().forEach(j -> {
            for (int i = 0; i < nx; i++) {
                int at = i + nx * j;
                double lap = i == 0 || j == 0 || i == nx - 1 || j == ny - 1 ? 0
                        : u[at + nx] + u[at + 1] + u[at - nx] + u[at - 1] - 4 * u[at];
                out[at] = -uPrev[at] + 2 * u[at] + lap * c2;
            }
        });
    }

    /** One Gray-Scott step, periodic. */
    public static void grayScott(double[] uNext, double[] vNext, double[] u, double[] v, int nx, int ny, double du, double dv,
                                 double f, double k, double dt) {
        IntStream.range(0, ny).parallel().forEach(j -> {
            int north = nx * (j == ny - 1 ? 0 : j + 1);
            int south = nx * (j == 0 ? ny - 1 : j - 1);
            int row = nx * j;
            for (int i = 0; i < nx; i++) {
                int east = i == nx - 1 ? 0 : i + 1;
                int west = i == 0 ? nx - 1 : i - 1;
                double uc = u[row + i];
                double vc = v[row + i];
                double uvv = uc * vc * vc;
                double lapU = u[row + east] + u[row + west] + u[north + i] + u[south + i] - 4 * uc;
                double lapV = v[row + east] + v[row + west] + v[north + i] + v[south + i] - 4 * vc;
                uNext[row + i] = uc + dt * (du * lapU - uvv + f * (1 - uc));
                vNext[row + i] = vc + dt * (dv * lapV + uvv - (f + k) * vc);
            }
        });
    }

    /** The haversine-style distance of every (lat[i], lon[j]) to (lat2, lon2). */
    public static void haversine(double[] out, double[] lat, double[] lon, double lat2, double lon2, double scale) {
        int nx = lat.length;
        double cosLat2 = Math.cos(0.01745329 * lat2);
        IntStream.range(0, lon.length).parallel().forEach(j -> {
            double sinLon = Math.sin(0.008726645 * (lon2 - lon[j]));
            for (int i = 0; i < nx; i++) {
                double sinLat = Math.sin(0.008726645 * (lat2 - lat[i]));
                double a = sinLat * sinLat + Math.cos(0.01745329 * lat[i]) * cosLat2 * (sinLon * sinLon);
                out[i + nx * j] = Math.atan2(a, 1 - a) * scale;
            }
        });
    }

    /** The heat residual {@code u_t - alpha u_xx} of {@code u = sin(pi x) exp(-t^2)}, by its closed form. */
    public static void heatResidual(double[] out, double[] x, double[] t, double alpha) {
        blocks(out.length, (from, to) -> {
            for (int p = from; p < to; p++) {
                double u = Math.sin(Math.PI * x[p]) * Math.exp(-t[p] * t[p]);
                out[p] = -2 * t[p] * u + alpha * Math.PI * Math.PI * u;
            }
        });
    }

    /**
     * Seed 002's shift-and-sum, float32: {@code y[w, h, 0, b] = sum over c of x[w - c step, h, c, b]
     * mask[w - c step, h]} where that column exists; x of shape (width, height, channels, batch).
     */
    public static void shiftSum(float[] y, float[] x, float[] mask, int width, int height, int channels, int batch, int step) {
        IntStream.range(0, height * batch).parallel().forEach(row -> {
            int h = row % height;
            int b = row / height;
            for (int w = 0; w < width; w++) {
                float acc = 0;
                for (int c = 0; c < channels; c++) {
                    int src = w - c * step;
                    if (src >= 0 && src < width) {
                        acc += x[src + width * (h + height * (c + channels * b))] * mask[src + width * h];
                    }
                }
                y[w + width * (h + height * b)] = acc;
            }
        });
    }

    /**
     * Seed 001's PINN residual {@code u_t - alpha u_xx} of a tanh network 2-H-H-1, the derivatives
     * carried forward by hand (value, d/dt, d/dx, d2/dx2 of every unit). Weights as the kernel's
     * array views: {@code w1[a + 2 i]}, {@code w2[i + H j]}; the output bias shifts u, not its
     * derivatives, so it is not an argument.
     */
    public static void pinnResidual(double[] out, double[] x, double[] t, double[] w1, double[] b1, double[] w2, double[] b2,
                                    double[] w3, double alpha) {
        int hidden = b1.length;
        blocks(out.length, (from, to) -> {
            double[] h = new double[hidden];
            double[] ht = new double[hidden];
            double[] hx = new double[hidden];
            double[] hxx = new double[hidden];
            for (int p = from; p < to; p++) {
                for (int i = 0; i < hidden; i++) {
                    double a = w1[2 * i] * x[p] + w1[1 + 2 * i] * t[p] + b1[i];
                    double th = Math.tanh(a);
                    double slope = 1 - th * th;
                    h[i] = th;
                    ht[i] = slope * w1[1 + 2 * i];
                    hx[i] = slope * w1[2 * i];
                    hxx[i] = -2 * th * slope * w1[2 * i] * w1[2 * i];
                }
                double ut = 0;
                double uxx = 0;
                for (int j = 0; j < hidden; j++) {
                    double z = b2[j];
                    double zt = 0;
                    double zx = 0;
                    double zxx = 0;
                    for (int i = 0; i < hidden; i++) {
                        double w = w2[i + hidden * j];
                        z += w * h[i];
                        zt += w * ht[i];
                        zx += w * hx[i];
                        zxx += w * hxx[i];
                    }
                    double g = Math.tanh(z);
                    double slope = 1 - g * g;
                    ut += w3[j] * slope * zt;
                    uxx += w3[j] * (slope * zxx - 2 * g * slope * zx * zx);
                }
                out[p] = ut - alpha * uxx;
            }
        });
    }

    /** A body over [from, to) of n points, in blocks of {@link #BLOCK} over the cores. */
    interface Block {
        void run(int from, int to);
    }

    static void blocks(int n, Block body) {
        IntStream.range(0, (n + BLOCK - 1) / BLOCK).parallel().forEach(k -> body.run(k * BLOCK, Math.min(n, (k + 1) * BLOCK)));
    }
}
