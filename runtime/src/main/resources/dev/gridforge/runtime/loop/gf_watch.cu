// gridforge's divergence watchdog: the index of the first element of a field that is not finite
// (NaN or infinite), by atomicMin into *first, which the caller sets to n beforehand. A value v
// is finite exactly when v - v == 0 (inf - inf and NaN - NaN are NaN), so no library call is needed.
extern "C" __global__ void gf_first_nonfinite_f64(const double* __restrict__ x, long long n, unsigned long long* first) {
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        double v = x[i];
        if (!(v - v == 0.0)) {
            atomicMin(first, (unsigned long long) i);
        }
    }
}

extern "C" __global__ void gf_first_nonfinite_f32(const float* __restrict__ x, long long n, unsigned long long* first) {
    for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < n; i += (long long) blockDim.x * gridDim.x) {
        float v = x[i];
        if (!(v - v == 0.0f)) {
            atomicMin(first, (unsigned long long) i);
        }
    }
}
