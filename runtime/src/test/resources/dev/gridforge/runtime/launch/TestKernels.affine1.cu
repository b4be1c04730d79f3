// lo, hi: the band of the outermost axis this launch computes (all of it, unless the runtime launches in bands).
// Hand-written stand-in for generated code (× UTF-8): rank 1, grid-stride loop.
extern "C" __global__ void affine1(double* __restrict__ out, int n0, int n1, int n2, int n3, int lo, int hi,
                                   const double* __restrict__ in, double a) {
    for (int i0 = lo + blockIdx.x * blockDim.x + threadIdx.x; i0 < hi; i0 += blockDim.x * gridDim.x) {
        out[i0] = in[i0] * 2.0 + i0 + a;
    }
}
