// SCALE and SHIFT are #defined by the launch (@Const(specialize = true)).
extern "C" __global__ void scaled(float* __restrict__ out, int n0, int n1, int n2, int n3, int lo, int hi,
                                  const float* __restrict__ in) {
    for (int i0 = lo + blockIdx.x * blockDim.x + threadIdx.x; i0 < hi; i0 += blockDim.x * gridDim.x) {
        out[i0] = in[i0] * SCALE + SHIFT - SHIFT * 2;
    }
}
