package dev.gridforge.processor.cuda;

import java.util.Set;

/**
 * Keeps the user's names in the CUDA C, except where a Java name means something else in C++
 * or CUDA ({@code auto}, {@code sin}, {@code threadIdx}): those get a trailing underscore.
 */
final class CudaNames {
    private static final Set<String> RESERVED = Set.of(
            "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "char", "char16_t",
            "char32_t", "compl", "const_cast", "constexpr", "decltype", "delete", "dynamic_cast", "explicit",
            "export", "extern", "friend", "inline", "mutable", "namespace", "not", "not_eq", "nullptr", "operator",
            "or", "or_eq", "register", "reinterpret_cast", "signed", "sizeof", "static_assert", "static_cast",
            "struct", "template", "thread_local", "typedef", "typeid", "typename", "union", "unsigned", "using",
            "virtual", "wchar_t", "xor", "xor_eq", "restrict", "main", "NULL", "noexcept", "concept", "requires",
            "co_await", "co_return", "co_yield", "consteval", "constinit", "char8_t", "typeof",
            "threadIdx", "blockIdx", "blockDim", "gridDim", "warpSize", "dim3", "uint3", "printf", "malloc", "free",
            "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "exp", "expm1", "log",
            "log10", "log1p", "sqrt", "cbrt", "pow", "hypot", "floor", "ceil", "rint", "remainder", "fma", "fmaf",
            "copysign", "copysignf", "fabs", "fabsf", "fmod", "fmodf", "floorf", "min", "max", "isnan", "isinf",
            "signbit", "round", "trunc");

    private CudaNames() {
    }

    /** A C identifier for a Java local or parameter name. */
    static String of(String javaName) {
        String name = javaName.replace("$", "_S_");
        if (name.startsWith("_")) {
            name = "v" + name; // C++ reserves _X and __x
        }
        return RESERVED.contains(name) ? name + "_" : name;
    }

    /** Whether a kernel's own name can be its extern "C" entry point unchanged (the runtime looks it up by name). */
    static boolean isUsableEntryName(String name) {
        return !RESERVED.contains(name) && !name.contains("$") && !name.startsWith("_")
                && !name.startsWith("gf_") && !name.startsWith("GF_");
    }
}
