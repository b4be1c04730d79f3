// ---- gridforge prelude: Java semantics where C++ differs ----------------------------------
// Signed overflow is undefined in C++ but wraps in Java, so integer + - * and negation go
// through unsigned arithmetic. Java masks shift counts; C++ leaves large counts undefined.
// Java throws on integer division by zero; here / and % by zero yield 0, and a divisor that may be
// zero is checked by gf_divisor, which records the division in the fault word (docs/semantics.md).
#ifdef __CUDACC__
#pragma nv_diag_suppress 177 // the prelude's unused helpers are not worth a warning each
#endif
#define GF_FN static __device__ __forceinline__
// Pointers to fields: inputs are read only and no two fields of a launch share memory (the
// runtime checks), so both are __restrict__. The CPU simulator defines these as bounds-checked
// pointers before this prelude, so every access of a simulated kernel is checked.
#ifndef GF_IN
#define GF_IN(T) const T* __restrict__
#define GF_OUT(T) T* __restrict__
#endif
// Whether a point is an edge point; a SASS report compiles with -DGF_SASS_INTERIOR to see the
// interior path alone, which every point of a large grid but a thin border takes.
#ifdef GF_SASS_INTERIOR
#define GF_EDGE(c) false
#else
#define GF_EDGE(c) (c)
#endif
#define GF_NAN __longlong_as_double(0x7ff8000000000000LL)
#define GF_INF __longlong_as_double(0x7ff0000000000000LL)
#define GF_NAN_F __int_as_float(0x7fc00000)
#define GF_INF_F __int_as_float(0x7f800000)

GF_FN int gf_add(int a, int b) { return (int) ((unsigned int) a + (unsigned int) b); }
GF_FN int gf_sub(int a, int b) { return (int) ((unsigned int) a - (unsigned int) b); }
GF_FN int gf_mul(int a, int b) { return (int) ((unsigned int) a * (unsigned int) b); }
GF_FN int gf_neg(int a) { return (int) (0u - (unsigned int) a); }
GF_FN long long gf_add(long long a, long long b) { return (long long) ((unsigned long long) a + (unsigned long long) b); }
GF_FN long long gf_sub(long long a, long long b) { return (long long) ((unsigned long long) a - (unsigned long long) b); }
GF_FN long long gf_mul(long long a, long long b) { return (long long) ((unsigned long long) a * (unsigned long long) b); }
GF_FN long long gf_neg(long long a) { return (long long) (0ull - (unsigned long long) a); }
GF_FN int gf_div(int a, int b) { return b == 0 ? 0 : b == -1 ? gf_neg(a) : a / b; }
GF_FN int gf_rem(int a, int b) { return b == 0 || b == -1 ? 0 : a % b; }
GF_FN long long gf_div(long long a, long long b) { return b == 0 ? 0 : b == -1 ? gf_neg(a) : a / b; }
GF_FN long long gf_rem(long long a, long long b) { return b == 0 || b == -1 ? 0 : a % b; }
GF_FN int gf_shl(int a, int n) { return (int) ((unsigned int) a << (n & 31)); }
GF_FN int gf_shr(int a, int n) { return a >> (n & 31); }
GF_FN int gf_ushr(int a, int n) { return (int) ((unsigned int) a >> (n & 31)); }
GF_FN long long gf_shl(long long a, int n) { return (long long) ((unsigned long long) a << (n & 63)); }
GF_FN long long gf_shr(long long a, int n) { return a >> (n & 63); }
GF_FN long long gf_ushr(long long a, int n) { return (long long) ((unsigned long long) a >> (n & 63)); }

GF_FN int gf_abs(int a) { return a < 0 ? gf_neg(a) : a; }
GF_FN long long gf_abs(long long a) { return a < 0 ? gf_neg(a) : a; }
GF_FN int gf_min(int a, int b) { return a <= b ? a : b; }
GF_FN int gf_max(int a, int b) { return a >= b ? a : b; }
GF_FN long long gf_min(long long a, long long b) { return a <= b ? a : b; }
GF_FN long long gf_max(long long a, long long b) { return a >= b ? a : b; }
// Java's Math.min/max: NaN wins, and -0.0 is smaller than 0.0 (fmin/fmax do neither).
GF_FN double gf_min(double a, double b) {
    if (a != a) return a;
    if (a == 0.0 && b == 0.0 && __double_as_longlong(b) == (long long) 0x8000000000000000ULL) return b;
    return a <= b ? a : b;
}
GF_FN double gf_max(double a, double b) {
    if (a != a) return a;
    if (a == 0.0 && b == 0.0 && __double_as_longlong(a) == (long long) 0x8000000000000000ULL) return b;
    return a >= b ? a : b;
}
GF_FN float gf_min(float a, float b) {
    if (a != a) return a;
    if (a == 0.0f && b == 0.0f && __float_as_int(b) == (int) 0x80000000u) return b;
    return a <= b ? a : b;
}
GF_FN float gf_max(float a, float b) {
    if (a != a) return a;
    if (a == 0.0f && b == 0.0f && __float_as_int(a) == (int) 0x80000000u) return b;
    return a >= b ? a : b;
}
GF_FN double gf_signum(double d) { return (d == 0.0 || d != d) ? d : copysign(1.0, d); }
GF_FN float gf_signum(float f) { return (f == 0.0f || f != f) ? f : copysignf(1.0f, f); }
// Java's narrowing of floating values (JLS 5.1.3): NaN -> 0, saturate out of range, else truncate.
// Checked here because CUDA leaves its conversion intrinsics undefined out of range.
GF_FN int gf_d2i(double x) {
    return x != x ? 0 : x >= 2147483647.0 ? 2147483647 : x <= -2147483648.0 ? (-2147483647 - 1) : __double2int_rz(x);
}
GF_FN long long gf_d2l(double x) {
    return x != x ? 0 : x >= 9223372036854775807.0 ? 9223372036854775807LL
         : x <= -9223372036854775808.0 ? (-9223372036854775807LL - 1) : __double2ll_rz(x);
}
GF_FN int gf_f2i(float x) {
    return x != x ? 0 : x >= 2147483647.0f ? 2147483647 : x <= -2147483648.0f ? (-2147483647 - 1) : __float2int_rz(x);
}
GF_FN long long gf_f2l(float x) {
    return x != x ? 0 : x >= 9223372036854775807.0f ? 9223372036854775807LL
         : x <= -9223372036854775808.0f ? (-9223372036854775807LL - 1) : __float2ll_rz(x);
}
// Math.round: the nearest integer, ties towards positive infinity, saturating, NaN -> 0.
// x - floor(x) is exact, so this avoids the double rounding of floor(x + 0.5).
GF_FN long long gf_round(double x) {
    double f = floor(x);
    return gf_d2l(x - f >= 0.5 ? f + 1.0 : f);
}
GF_FN int gf_round(float x) {
    float f = floorf(x);
    return gf_f2i(x - f >= 0.5f ? f + 1.0f : f);
}
GF_FN int gf_floor_div(int x, int y) {
    int q = gf_div(x, y);
    return ((x ^ y) < 0 && gf_mul(q, y) != x) ? q - 1 : q;
}
GF_FN long long gf_floor_div(long long x, long long y) {
    long long q = gf_div(x, y);
    return ((x ^ y) < 0 && gf_mul(q, y) != x) ? q - 1 : q;
}
GF_FN int gf_floor_mod(int x, int y) { return gf_sub(x, gf_mul(gf_floor_div(x, y), y)); }
GF_FN long long gf_floor_mod(long long x, long long y) { return gf_sub(x, gf_mul(gf_floor_div(x, y), y)); }
GF_FN double gf_to_radians(double deg) { return deg * 0.017453292519943295; }
GF_FN double gf_to_degrees(double rad) { return rad * 57.29577951308232; }
GF_FN bool gf_is_nan(double d) { return d != d; }
GF_FN bool gf_is_nan(float f) { return f != f; }
GF_FN bool gf_is_infinite(double d) { return d == GF_INF || d == -GF_INF; }
GF_FN bool gf_is_infinite(float f) { return f == GF_INF_F || f == -GF_INF_F; }
GF_FN bool gf_is_finite(double d) { return fabs(d) <= 1.7976931348623157e308; }
GF_FN bool gf_is_finite(float f) { return fabsf(f) <= 3.4028235e38f; }
// A mesh coordinate: NumPy's linspace, start + i * step with the last point exactly stop.
GF_FN double gf_coord(double start, double step, double stop, int i, int n) {
    return (n > 1 && i == n - 1) ? stop : start + (double) i * step;
}
// Stencil reads near an edge: the index a read at i (maybe outside [0, n)) takes under each
// boundary rule; the same functions as dev.gridforge.Boundary's.
GF_FN int gf_clamp(int i, int n) { return i < 0 ? 0 : i >= n ? n - 1 : i; }
GF_FN int gf_wrap(int i, int n) { int m = i % n; return m < 0 ? m + n : m; }
GF_FN int gf_reflect(int i, int n) {
    if (n == 1) return 0;
    int p = 2 * n - 2;
    int m = i % p;
    if (m < 0) m += p;
    return m < n ? m : p - m;
}
GF_FN bool gf_inside(int i, int n) { return i >= 0 && i < n; }
// Array views (x.get(i0, i1, ...)): a read outside the extents cannot throw on a GPU. It returns 0
// and records itself in *gf_fault by atomicMin, so the smallest code wins (the earliest launch,
// then the first array, axis and index); the runtime turns it into an IndexOutOfBoundsException
// at the next download. One unsigned comparison per axis also rejects negative indices. A field
// holds fewer than 2^31 elements (it fits a Java array), so an index inside it is computed in
// 32-bit unsigned arithmetic, which costs a third of the 64-bit multiplies.
GF_FN bool gf_in(int i, int n) { return (unsigned int) i < (unsigned int) n; }
// A fault code, laid out as the runtime's FaultCode reads it: tag 16 bits, source 8, detail 8, index 32.
GF_FN void gf_report(unsigned long long* fault, int tag, int source, int detail, int i) {
    atomicMin(fault, ((unsigned long long) (tag & 0xFFFF) << 48) | ((unsigned long long) (source & 0xFF) << 40)
                     | ((unsigned long long) (detail & 0xFF) << 32) | (unsigned long long) (unsigned int) i);
}
GF_FN void gf_array_fault(unsigned long long* fault, int tag, int array, int axis, int i) {
    gf_report(fault, tag, array, axis, i);
}
// An integer / or % whose divisor may be zero: the divisor, and a record of the division when it is.
template <typename T>
GF_FN T gf_divisor(T b, unsigned long long* fault, int tag, int detail) {
    if (b == 0) gf_report(fault, tag, GF_FAULT_DIVISION, detail, 0);
    return b;
}
template <typename T, typename P>
GF_FN T gf_get1(P a, int n0, int i0, unsigned long long* fault, int tag, int array) {
    if (gf_in(i0, n0)) return a[i0];
    gf_array_fault(fault, tag, array, 0, i0);
    return (T) 0;
}
template <typename T, typename P>
GF_FN T gf_get2(P a, int n0, int n1, int i0, int i1, unsigned long long* fault, int tag, int array) {
    if (gf_in(i0, n0) && gf_in(i1, n1)) return a[(unsigned int) i0 + (unsigned int) n0 * (unsigned int) i1];
    if (!gf_in(i0, n0)) gf_array_fault(fault, tag, array, 0, i0);
    else gf_array_fault(fault, tag, array, 1, i1);
    return (T) 0;
}
template <typename T, typename P>
GF_FN T gf_get3(P a, int n0, int n1, int n2, int i0, int i1, int i2, unsigned long long* fault, int tag, int array) {
    if (gf_in(i0, n0) && gf_in(i1, n1) && gf_in(i2, n2)) {
        return a[(unsigned int) i0 + (unsigned int) n0 * ((unsigned int) i1 + (unsigned int) n1 * (unsigned int) i2)];
    }
    if (!gf_in(i0, n0)) gf_array_fault(fault, tag, array, 0, i0);
    else if (!gf_in(i1, n1)) gf_array_fault(fault, tag, array, 1, i1);
    else gf_array_fault(fault, tag, array, 2, i2);
    return (T) 0;
}
template <typename T, typename P>
GF_FN T gf_get4(P a, int n0, int n1, int n2, int n3, int i0, int i1, int i2, int i3,
                unsigned long long* fault, int tag, int array) {
    if (gf_in(i0, n0) && gf_in(i1, n1) && gf_in(i2, n2) && gf_in(i3, n3)) {
        return a[(unsigned int) i0 + (unsigned int) n0 * ((unsigned int) i1 + (unsigned int) n1
                 * ((unsigned int) i2 + (unsigned int) n2 * (unsigned int) i3))];
    }
    if (!gf_in(i0, n0)) gf_array_fault(fault, tag, array, 0, i0);
    else if (!gf_in(i1, n1)) gf_array_fault(fault, tag, array, 1, i1);
    else if (!gf_in(i2, n2)) gf_array_fault(fault, tag, array, 2, i2);
    else gf_array_fault(fault, tag, array, 3, i3);
    return (T) 0;
}
// Local arrays (double h[32]): an index outside reads 0 or writes nothing, and is reported with the
// array's source number (GF_FAULT_LOCAL_ARRAY_BASE + its ordinal in the kernel), which the runtime names.
template <typename T>
GF_FN T gf_lget(const T* a, int n, int i, unsigned long long* fault, int tag, int array) {
    if (gf_in(i, n)) return a[i];
    gf_array_fault(fault, tag, array, 0, i);
    return (T) 0;
}
template <typename T>
GF_FN void gf_lset(T* a, int n, int i, T v, unsigned long long* fault, int tag, int array) {
    if (gf_in(i, n)) {
        a[i] = v;
    } else {
        gf_array_fault(fault, tag, array, 0, i);
    }
}
// ---- end of prelude --------------------------------------------------------------------------
