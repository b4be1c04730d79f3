// rank 2: axis 0 along x, axis 1 along y, both grid-stride.
static __device__ __forceinline__ int offset(int k, float f) {
    return k + __float2int_rz(f);
}

extern "C" __global__ void affine2(int* __restrict__ out, int n0, int n1, int n2, int n3, int lo, int hi,
                                   const int* __restrict__ in, int k, float f) {
    for (int i1 = lo + blockIdx.y * blockDim.y + threadIdx.y; i1 < hi; i1 += blockDim.y * gridDim.y) {
        for (int i0 = blockIdx.x * blockDim.x + threadIdx.x; i0 < n0; i0 += blockDim.x * gridDim.x) {
            long long i = i0 + (long long) n0 * i1;
            out[i] = in[i] * 2 + i0 + 1000 * i1 + offset(k, f);
        }
    }
}
