// gridforge CUDA simulator prelude: lets generated CUDA C compile as host C++17 and run on the
// CPU, one simulated thread at a time. Force-included (g++ -include) before every kernel source.
#ifndef GF_SIM_H
#define GF_SIM_H

#include <cmath>
#include <cstdint>
#include <cstring>
#include <climits>
#include <cstddef>
#include <utility>
#include <type_traits>

// Every library the simulator loads defines kernels with the same names (one per set of
// defines), so nothing but the launch trampoline may be visible outside its own library:
// otherwise a call could bind to a same-named function of a library loaded earlier.
#define __global__ __attribute__((visibility("hidden")))
#define __device__ __attribute__((visibility("hidden")))
#define __host__
#define __forceinline__ inline __attribute__((always_inline))
#define __noinline__ __attribute__((noinline))
#define __restrict__ __restrict
#define __constant__ __attribute__((visibility("hidden")))

struct uint3 {
    unsigned int x, y, z;
};

struct dim3 {
    unsigned int x, y, z;
    constexpr dim3(unsigned int vx = 1, unsigned int vy = 1, unsigned int vz = 1) : x(vx), y(vy), z(vz) {}
};

// Per OS thread, so two Java threads may launch (even the same library) at once.
static thread_local uint3 threadIdx;
static thread_local uint3 blockIdx;
static thread_local dim3 blockDim;
static thread_local dim3 gridDim;
static const int warpSize = 32;

// CUDA device code calls the math library unqualified and gets float overloads for float
// arguments (sin(1.0f) is sinf); std's overloads brought to global scope do the same.
using std::sin; using std::cos; using std::tan;
using std::asin; using std::acos; using std::atan; using std::atan2;
using std::sinh; using std::cosh; using std::tanh;
using std::asinh; using std::acosh; using std::atanh;
using std::exp; using std::exp2; using std::expm1;
using std::log; using std::log2; using std::log10; using std::log1p;
using std::pow; using std::sqrt; using std::cbrt; using std::hypot;
using std::fabs; using std::abs; using std::fmin; using std::fmax;
using std::floor; using std::ceil; using std::rint; using std::round; using std::trunc;
using std::fma; using std::fmod; using std::remainder; using std::copysign; using std::nextafter;
using std::erf; using std::erfc; using std::lgamma; using std::tgamma;
using std::isnan; using std::isinf; using std::isfinite; using std::signbit;

// Conversions with PTX cvt.rzi semantics: truncate toward zero, clamp to the target range,
// NaN gives 0. These are exactly Java's (int) and (long) casts.
static inline int __double2int_rz(double x) {
    if (x != x) return 0;
    if (x >= 0x1p31) return INT_MAX;
    if (x <= -0x1p31) return INT_MIN;
    return (int)x;
}

static inline long long __double2ll_rz(double x) {
    if (x != x) return 0;
    if (x >= 0x1p63) return LLONG_MAX;
    if (x <= -0x1p63) return LLONG_MIN;
    return (long long)x;
}

static inline int __float2int_rz(float x) {
    if (x != x) return 0;
    if (x >= 0x1p31f) return INT_MAX;
    if (x <= -0x1p31f) return INT_MIN;
    return (int)x;
}

static inline long long __float2ll_rz(float x) {
    if (x != x) return 0;
    if (x >= 0x1p63f) return LLONG_MAX;
    if (x <= -0x1p63f) return LLONG_MIN;
    return (long long)x;
}

static inline long long __double_as_longlong(double x) {
    long long r;
    std::memcpy(&r, &x, sizeof r);
    return r;
}

static inline double __longlong_as_double(long long x) {
    double r;
    std::memcpy(&r, &x, sizeof r);
    return r;
}

static inline int __float_as_int(float x) {
    int r;
    std::memcpy(&r, &x, sizeof r);
    return r;
}

static inline float __int_as_float(int x) {
    float r;
    std::memcpy(&r, &x, sizeof r);
    return r;
}

// Threads run one at a time, so an atomic is a plain read-modify-write.
static inline unsigned long long atomicMin(unsigned long long* address, unsigned long long value) {
    unsigned long long old = *address;
    if (value < old) *address = value;
    return old;
}

static inline unsigned long long atomicAdd(unsigned long long* address, unsigned long long value) {
    unsigned long long old = *address;
    *address = old + value;
    return old;
}

namespace {
namespace gf_sim {

// The first out-of-bounds access of a launch: which parameter, which element, which thread.
struct Violation {
    int hit;
    int arg;
    int write;
    long long index;
    long long elements;
    uint3 block;
    uint3 thread;
};
static thread_local Violation violation;

inline void report(int arg, long long index, long long elements, bool write) {
    if (!violation.hit) {
        violation = Violation{1, arg, write ? 1 : 0, index, elements, blockIdx, threadIdx};
    }
}

}  // namespace gf_sim
}  // namespace

// Generated kernels take their fields as GF_IN(T) / GF_OUT(T) (raw __restrict__ pointers on the
// GPU). Here they are pointers that know their length: an access outside is recorded with its
// thread and not performed, and the launch stops and reports it instead of corrupting memory.
template <typename T>
struct gf_checked_in {
    const T* p;
    long long n;
    int arg;
    T operator[](long long i) const {
        if (i < 0 || i >= n) {
            gf_sim::report(arg, i, n, false);
            return T();
        }
        return p[i];
    }
};

template <typename T>
struct gf_checked_out {
    T* p;
    long long n;
    int arg;
    struct ref {
        const gf_checked_out* o;
        long long i;
        ref& operator=(T v) {
            if (i < 0 || i >= o->n) {
                gf_sim::report(o->arg, i, o->n, true);
            } else {
                o->p[i] = v;
            }
            return *this;
        }
        operator T() const {
            if (i < 0 || i >= o->n) {
                gf_sim::report(o->arg, i, o->n, false);
                return T();
            }
            return o->p[i];
        }
    };
    ref operator[](long long i) const { return ref{this, i}; }
};

#define GF_IN(T) gf_checked_in<T>
#define GF_OUT(T) gf_checked_out<T>

namespace {
namespace gf_sim {

// Parameter i's value from a[i] (as in cuLaunchKernel's kernelParams); a checked field is built
// from the pointer there and bytes[i], the buffer's size. The parameter types come from the
// kernel's own signature, so the Java side never needs to know the C types.
template <typename P>
struct Arg {
    static P get(void* slot, long long, int) { return *static_cast<P*>(slot); }
};
template <typename T>
struct Arg<gf_checked_in<T>> {
    static gf_checked_in<T> get(void* slot, long long bytes, int i) {
        return gf_checked_in<T>{*static_cast<const T**>(slot), bytes / (long long) sizeof(T), i};
    }
};
template <typename T>
struct Arg<gf_checked_out<T>> {
    static gf_checked_out<T> get(void* slot, long long bytes, int i) {
        return gf_checked_out<T>{*static_cast<T**>(slot), bytes / (long long) sizeof(T), i};
    }
};

template <typename... P, std::size_t... I>
inline void call(void (*kernel)(P...), void** a, const long long* bytes, std::index_sequence<I...>) {
    kernel(Arg<std::remove_cv_t<P>>::get(a[I], bytes[I], (int) I)...);
}

// report: the parameter, write flag, index, elements, block x y z, thread x y z of the first
// out-of-bounds access; returns 1 when there was one (the launch stopped there), else 0.
template <typename... P>
inline int run(void (*kernel)(P...), void** a, const long long* bytes, int count, long long* report, unsigned gx,
               unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz) {
    if (count != (int) sizeof...(P)) {
        // reading a[] past what the caller gave would crash the process: say what the kernel takes instead
        report[0] = (long long) sizeof...(P);
        return 2;
    }
    violation = Violation{};
    gridDim = dim3(gx, gy, gz);
    blockDim = dim3(bx, by, bz);
    for (unsigned z = 0; z < gz; ++z)
        for (unsigned y = 0; y < gy; ++y)
            for (unsigned x = 0; x < gx; ++x) {
                blockIdx = uint3{x, y, z};
                for (unsigned tz = 0; tz < bz; ++tz)
                    for (unsigned ty = 0; ty < by; ++ty)
                        for (unsigned tx = 0; tx < bx; ++tx) {
                            threadIdx = uint3{tx, ty, tz};
                            call(kernel, a, bytes, std::index_sequence_for<P...>{});
                            if (violation.hit) {
                                const Violation& v = violation;
                                long long r[] = {v.arg, v.write, v.index, v.elements, v.block.x, v.block.y,
                                                 v.block.z, v.thread.x, v.thread.y, v.thread.z};
                                std::memcpy(report, r, sizeof r);
                                return 1;
                            }
                        }
            }
    return 0;
}

}  // namespace gf_sim
}  // namespace

// Appended after the kernel source: the one exported symbol of the library.
#define GF_SIM_EXPORT(entry)                                                                         \
    extern "C" __attribute__((visibility("default"))) int gf_sim_launch_##entry(                     \
        void** a, const long long* bytes, int count, long long* report, unsigned gx, unsigned gy, unsigned gz,  \
        unsigned bx, unsigned by, unsigned bz) {                                                     \
        return gf_sim::run(&entry, a, bytes, count, report, gx, gy, gz, bx, by, bz);                        \
    }

#endif  // GF_SIM_H
