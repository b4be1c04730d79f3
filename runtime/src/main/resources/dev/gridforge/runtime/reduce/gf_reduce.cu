// gridforge's reductions over a field: sum, min, max and the count of non-finite values
// (docs/reductions.md). One pass of P = gridDim.x * blockDim.x threads turns n values into P
// partials: thread g combines elements g, g + P, g + 2P, ... in increasing order and writes
// out[g]. The runtime repeats passes over the partials (the same rule, each thread taking at
// least 64 of them) until one value is left; the grid of every pass depends only on n, so a
// result is the same on every run and every device. No shared memory, no atomics: the CPU
// simulator runs this very source. Loads are coalesced (neighbouring threads read neighbouring
// elements) and four are issued before they are combined, for bandwidth.
#ifndef GF_IN
#define GF_IN(T) const T* __restrict__
#define GF_OUT(T) T* __restrict__
#endif

#define GF_RFN static __device__ __forceinline__

// Math.min / Math.max: a NaN wins, and -0.0 is below 0.0. The sign bit is read as an integer.
GF_RFN bool gf_neg_bits(double v) { return __double_as_longlong(v) < 0; }
GF_RFN bool gf_neg_bits(float v) { return __float_as_int(v) < 0; }

template <typename T>
GF_RFN T gf_java_min(T a, T b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a < b) return a;
    if (b < a) return b;
    return gf_neg_bits(a) ? a : b; // equal: only -0.0 and 0.0 differ
}

template <typename T>
GF_RFN T gf_java_max(T a, T b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a > b) return a;
    if (b > a) return b;
    return gf_neg_bits(a) ? b : a;
}

// Each operation: its accumulator type, its identity, how one input becomes an accumulator
// (lift, overloaded for the field's element type and for the partials of a later pass) and
// how two combine.
struct gf_sum_double { // double and float fields, and their partials: accumulated in double
    typedef double Acc;
    GF_RFN double identity() { return 0.0; }
    GF_RFN double lift(double v) { return v; }
    GF_RFN double lift(float v) { return (double) v; }
    GF_RFN double combine(double a, double b) { return a + b; }
};

struct gf_sum_long { // int and long fields, counts, and their partials: Java long addition (wraps)
    typedef long long Acc;
    GF_RFN long long identity() { return 0; }
    GF_RFN long long lift(long long v) { return v; }
    GF_RFN long long lift(int v) { return (long long) v; }
    GF_RFN long long combine(long long a, long long b) {
        return (long long) ((unsigned long long) a + (unsigned long long) b); // signed overflow is undefined in C++
    }
};

struct gf_count_nonfinite { // 1 for NaN and infinities: v - v is 0 exactly when v is finite
    typedef long long Acc;
    GF_RFN long long identity() { return 0; }
    GF_RFN long long lift(double v) { return (v - v == 0.0) ? 0 : 1; }
    GF_RFN long long lift(float v) { return (v - v == 0.0f) ? 0 : 1; }
    GF_RFN long long combine(long long a, long long b) { return a + b; }
};

template <typename T, T Top, T Bottom>
struct gf_min_max_int {
    struct Min {
        typedef T Acc;
        GF_RFN T identity() { return Top; }
        GF_RFN T lift(T v) { return v; }
        GF_RFN T combine(T a, T b) { return b < a ? b : a; }
    };
    struct Max {
        typedef T Acc;
        GF_RFN T identity() { return Bottom; }
        GF_RFN T lift(T v) { return v; }
        GF_RFN T combine(T a, T b) { return b > a ? b : a; }
    };
};

template <typename T>
struct gf_min_real {
    typedef T Acc;
    GF_RFN T identity() { return (T) __longlong_as_double(0x7ff0000000000000LL); } // +inf
    GF_RFN T lift(T v) { return v; }
    GF_RFN T combine(T a, T b) { return gf_java_min(a, b); }
};

template <typename T>
struct gf_max_real {
    typedef T Acc;
    GF_RFN T identity() { return (T) __longlong_as_double((long long) 0xfff0000000000000ULL); } // -inf
    GF_RFN T lift(T v) { return v; }
    GF_RFN T combine(T a, T b) { return gf_java_max(a, b); }
};

template <typename Op, typename In, typename Out>
GF_RFN void gf_reduce_pass(In x, long long n, Out out) {
    typedef typename Op::Acc A;
    const long long p = (long long) gridDim.x * blockDim.x;
    const long long g = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    A acc = Op::identity();
    long long i = g;
    for (; i + 3 * p < n; i += 4 * p) {
        A a = Op::lift(x[i]);
        A b = Op::lift(x[i + p]);
        A c = Op::lift(x[i + 2 * p]);
        A d = Op::lift(x[i + 3 * p]);
        acc = Op::combine(Op::combine(Op::combine(Op::combine(acc, a), b), c), d);
    }
    for (; i < n; i += p) {
        acc = Op::combine(acc, Op::lift(x[i]));
    }
    out[g] = acc;
}

#define GF_REDUCE_ENTRY(name, Op, In, Out)                                                 \
    extern "C" __global__ void name(GF_IN(In) x, long long n, GF_OUT(Out) out) {           \
        gf_reduce_pass<Op>(x, n, out);                                                      \
    }

// First passes, by element type; the partials of a later pass go through the entry in brackets.
GF_REDUCE_ENTRY(gf_sum_f64, gf_sum_double, double, double)           // [gf_sum_f64]
GF_REDUCE_ENTRY(gf_sum_f32, gf_sum_double, float, double)            // [gf_sum_f64]
GF_REDUCE_ENTRY(gf_sum_i64, gf_sum_long, long long, long long)       // [gf_sum_i64]
GF_REDUCE_ENTRY(gf_sum_i32, gf_sum_long, int, long long)             // [gf_sum_i64]
GF_REDUCE_ENTRY(gf_nonfinite_f64, gf_count_nonfinite, double, long long) // [gf_sum_i64]
GF_REDUCE_ENTRY(gf_nonfinite_f32, gf_count_nonfinite, float, long long)  // [gf_sum_i64]
GF_REDUCE_ENTRY(gf_min_f64, gf_min_real<double>, double, double)     // each min and max: [itself]
GF_REDUCE_ENTRY(gf_max_f64, gf_max_real<double>, double, double)
GF_REDUCE_ENTRY(gf_min_f32, gf_min_real<float>, float, float)
GF_REDUCE_ENTRY(gf_max_f32, gf_max_real<float>, float, float)
typedef gf_min_max_int<int, 2147483647, (-2147483647 - 1)> gf_int_min_max;
typedef gf_min_max_int<long long, 9223372036854775807LL, (-9223372036854775807LL - 1)> gf_long_min_max;
GF_REDUCE_ENTRY(gf_min_i32, gf_int_min_max::Min, int, int)
GF_REDUCE_ENTRY(gf_max_i32, gf_int_min_max::Max, int, int)
GF_REDUCE_ENTRY(gf_min_i64, gf_long_min_max::Min, long long, long long)
GF_REDUCE_ENTRY(gf_max_i64, gf_long_min_max::Max, long long, long long)
