// The wave step of samples' Wave.step written by hand, as a CUDA programmer would: one point per
// thread, int indices, the border ring's Laplacian zero, CLAMP reads near the edge. The SASS report
// compiles it exactly as the generated kernel (NVRTC, --fmad=false, GF_SASS_INTERIOR) and compares
// the instructions of an interior point.
#ifdef GF_SASS_INTERIOR
#define EDGE(c) false
#else
#define EDGE(c) (c)
#endif

static __device__ __forceinline__ int clamp_index(int i, int n) { return i < 0 ? 0 : i >= n ? n - 1 : i; }

extern "C" __global__ void wave_step_reference(double* __restrict__ out, const double* __restrict__ u,
                                               const double* __restrict__ up, int nx, int ny, double c2) {
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    const int j = blockIdx.y * blockDim.y + threadIdx.y;
    if (i >= nx || j >= ny) return;
    const int at = i + nx * j;
    const bool border = i == 0 || j == 0 || i == nx - 1 || j == ny - 1;
    double lap = 0;
    if (!border) {
        if (EDGE(i < 1 || i >= nx - 1 || j < 1 || j >= ny - 1)) {
            lap = u[i + nx * clamp_index(j + 1, ny)] + u[clamp_index(i + 1, nx) + nx * j] + u[i + nx * clamp_index(j - 1, ny)]
                + u[clamp_index(i - 1, nx) + nx * j] - 4 * u[at];
        } else {
            lap = u[at + nx] + u[at + 1] + u[at - nx] + u[at - 1] - 4 * u[at];
        }
    }
    out[at] = -up[at] + 2 * u[at] + lap * c2;
}
