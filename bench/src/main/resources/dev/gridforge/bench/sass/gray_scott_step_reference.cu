// The Gray-Scott step of samples' GrayScott.step written by hand: two fields, a periodic 5-point
// Laplacian, one point per thread, int indices, wrapped neighbours only near the edge. Compiled and
// compared by the SASS report as wave_step_reference.cu is.
#ifdef GF_SASS_INTERIOR
#define EDGE(c) false
#else
#define EDGE(c) (c)
#endif

static __device__ __forceinline__ int wrap(int i, int n) { int m = i % n; return m < 0 ? m + n : m; }

extern "C" __global__ void gray_scott_step_reference(double* __restrict__ un, double* __restrict__ vn,
                                                     const double* __restrict__ u, const double* __restrict__ v,
                                                     int nx, int ny, double du, double dv, double f, double k, double dt) {
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    const int j = blockIdx.y * blockDim.y + threadIdx.y;
    if (i >= nx || j >= ny) return;
    const int at = i + nx * j;
    int e = at + 1, w = at - 1, n = at + nx, s = at - nx;
    if (EDGE(i < 1 || i >= nx - 1 || j < 1 || j >= ny - 1)) {
        e = wrap(i + 1, nx) + nx * j;
        w = wrap(i - 1, nx) + nx * j;
        n = i + nx * wrap(j + 1, ny);
        s = i + nx * wrap(j - 1, ny);
    }
    const double uc = u[at];
    const double vc = v[at];
    const double uvv = uc * vc * vc;
    un[at] = uc + dt * (du * (u[e] + u[w] + u[n] + u[s] - 4 * uc) - uvv + f * (1 - uc));
    vn[at] = vc + dt * (dv * (v[e] + v[w] + v[n] + v[s] - 4 * vc) + uvv - (f + k) * vc);
}
