// rank 3: every axis grid-stride.
extern "C" __global__ void affine3(long long* __restrict__ out, int n0, int n1, int n2, int n3, int lo, int hi,
                                   const long long* __restrict__ in, long long big) {
    for (int i2 = lo + blockIdx.z * blockDim.z + threadIdx.z; i2 < hi; i2 += blockDim.z * gridDim.z) {
        for (int i1 = blockIdx.y * blockDim.y + threadIdx.y; i1 < n1; i1 += blockDim.y * gridDim.y) {
            for (int i0 = blockIdx.x * blockDim.x + threadIdx.x; i0 < n0; i0 += blockDim.x * gridDim.x) {
                long long i = i0 + (long long) n0 * (i1 + (long long) n1 * i2);
                out[i] = in[i] * 2 + i0 + 1000LL * i1 + 1000000LL * i2 + big;
            }
        }
    }
}
