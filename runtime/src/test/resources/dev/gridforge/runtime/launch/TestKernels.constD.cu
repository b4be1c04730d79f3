// Writes the #defined values V0..V7 so their bits can be compared with Java's.
extern "C" __global__ void constD(double* __restrict__ out, int n0, int n1, int n2, int n3, int lo, int hi) {
    const double v[8] = {V0, V1, V2, V3, V4, V5, V6, V7};
    for (int i0 = lo + blockIdx.x * blockDim.x + threadIdx.x; i0 < hi; i0 += blockDim.x * gridDim.x) {
        out[i0] = v[i0 % 8];
    }
}
