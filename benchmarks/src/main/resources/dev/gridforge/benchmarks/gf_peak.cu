// The device's double-precision arithmetic rate, for the benchmarks' roofline: eight independent
// chains of fused multiply-adds per thread (2 FLOPs each), long enough to hide their latency.
extern "C" __global__ void gf_peak_f64(double* out, int rounds, double seed) {
    double a0 = seed + threadIdx.x, a1 = a0 + 1, a2 = a0 + 2, a3 = a0 + 3, a4 = a0 + 4, a5 = a0 + 5, a6 = a0 + 6, a7 = a0 + 7;
    const double b = 0.99999999, c = 1e-9;
    for (int r = 0; r < rounds; r++) {
        a0 = fma(a0, b, c); a1 = fma(a1, b, c); a2 = fma(a2, b, c); a3 = fma(a3, b, c);
        a4 = fma(a4, b, c); a5 = fma(a5, b, c); a6 = fma(a6, b, c); a7 = fma(a7, b, c);
    }
    out[blockIdx.x * blockDim.x + threadIdx.x] = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
}
