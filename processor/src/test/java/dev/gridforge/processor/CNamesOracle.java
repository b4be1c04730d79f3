package dev.gridforge.processor;

import com.google.testing.compile.Compilation;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Kernels, helpers, parameters and locals named like C library functions and macros, and with
 * names C has no spelling for: before every C name came from one allocator, {@code puts} called
 * libc's puts and killed the JVM, {@code toupper} returned garbage, {@code y0} or a local
 * {@code M_PI} did not compile. Each kernel must give the method's answer bit for bit (only + and
 * * here). A crash must fail a test, not the build, so {@code CNamesTest} runs {@link #main} in a
 * JVM of its own; it prints one line per backend and exits 1 on the first difference.
 */
public final class CNamesOracle {
    /** libc, libm, C++ and CUDA names, and a C++ keyword; each becomes a kernel. */
    static final List<String> KERNEL_NAMES = List.of("puts", "fputs", "fwrite", "sprintf", "putchar", "toupper", "isdigit",
            "y0", "j0", "erf", "lgamma", "tgamma", "exp2", "log2", "fmax", "ldexp", "frexp", "modf", "nan", "abs", "div",
            "std", "malloc", "free", "exit", "main", "printf", "sin", "exp", "pow", "signed", "register", "threadIdx",
            "größe", "λ", "a$b", "_x", "x_", "__LINE__");
    /** Macros of math.h, limits.h, stdint.h, stdio.h, stdlib.h, CUDA; each becomes a local or a parameter. */
    static final List<String> MACRO_NAMES = List.of("M_PI", "M_E", "INFINITY", "NAN", "HUGE_VAL", "INT_MAX", "LLONG_MIN",
            "SIZE_MAX", "CHAR_BIT", "RAND_MAX", "EXIT_FAILURE", "FP_NAN", "EOF", "NULL", "stdin", "errno", "offsetof",
            "isnan", "signbit", "warpSize", "__FILE__", "_Bool", "UINT8_C", "INT64_MAX", "DBL_MAX", "FLT_EPSILON");

    private CNamesOracle() {
    }

    static String kernels() {
        StringBuilder src = new StringBuilder();
        for (int i = 0; i < KERNEL_NAMES.size(); i++) {
            src.append("@Pointwise static double ").append(KERNEL_NAMES.get(i)).append("(double x) { return x * ").append(i + 2)
                    .append(" + ").append(i).append("; }\n");
        }
        // Locals and parameters named like macros; helpers named like libc functions, also differentiated.
        StringBuilder locals = new StringBuilder();
        for (int i = 2; i < MACRO_NAMES.size(); i++) {
            locals.append("    double ").append(MACRO_NAMES.get(i)).append(" = ").append(MACRO_NAMES.get(i - 1)).append(" * 0.5 + ")
                    .append(i).append(";\n");
        }
        src.append("@Device static double islower(double v) { return v * v + 1; }\n");
        src.append("@Device static double fputc(double v, double putchar) { double FILE = v * putchar; return FILE + islower(v); }\n");
        src.append("@Pointwise static double macros(double ").append(MACRO_NAMES.get(0)).append(", @Const double ")
                .append(MACRO_NAMES.get(1)).append(") {\n").append(locals).append("    return ")
                .append(MACRO_NAMES.get(MACRO_NAMES.size() - 1)).append(" + fputc(").append(MACRO_NAMES.get(0)).append(", ")
                .append(MACRO_NAMES.get(1)).append(");\n}\n");
        src.append("@Pointwise static double tangent(double x) { return d(fputc(x, 3) * islower(x), x); }\n");
        return src.toString();
    }

    /** Checks every kernel on the backends named in {@code args}; exit status 1 and the difference on the first mismatch. */
    public static void main(String[] args) throws Exception {
        Compilation c = Compiler.compile(Compiler.kernelClass("import static dev.gridforge.Derivatives.d;\n", kernels()));
        if (!c.errors().isEmpty()) {
            System.out.println("compile errors: " + c.errors());
            System.exit(1);
        }
        ClassLoader loader = Compiler.loader(c);
        Class<?> k = loader.loadClass("test.K");
        Class<?> launchers = loader.loadClass("test.KKernels");
        for (String backend : args) {
            List<String> problems = check(k, launchers, Backend.valueOf(backend));
            if (!problems.isEmpty()) {
                System.out.println(backend + ": " + problems);
                System.exit(1);
            }
            System.out.println(backend + ": " + (KERNEL_NAMES.size() + 2) + " kernels equal their methods");
        }
    }

    static List<String> check(Class<?> k, Class<?> launchers, Backend backend) throws Exception {
        Object on = Launchers.on(launchers, backend);
        double[] x = new Random(7).doubles(40, -3, 3).toArray();
        List<String> problems = new ArrayList<>();
        for (String name : KERNEL_NAMES) {
            double[] got = ((DoubleField) Launchers.call(on, name, new Class<?>[] {DoubleField.class}, DoubleField.of(x, 40))).toArray();
            Method m = k.getDeclaredMethod(name, double.class);
            m.setAccessible(true);
            for (int i = 0; i < x.length; i++) {
                compare(problems, name, i, (double) m.invoke(null, x[i]), got[i]);
            }
        }
        double[] got = ((DoubleField) Launchers.call(on, "macros", new Class<?>[] {DoubleField.class, double.class},
                DoubleField.of(x, 40), 0.75)).toArray();
        Method m = k.getDeclaredMethod("macros", double.class, double.class);
        m.setAccessible(true);
        for (int i = 0; i < x.length; i++) {
            compare(problems, "macros", i, (double) m.invoke(null, x[i], 0.75), got[i]);
        }
        got = ((DoubleField) Launchers.call(on, "tangent", new Class<?>[] {DoubleField.class}, DoubleField.of(x, 40))).toArray();
        double[] jvm = ((DoubleField) Launchers.call(Launchers.on(launchers, Backend.JVM), "tangent", new Class<?>[] {DoubleField.class},
                DoubleField.of(x, 40))).toArray();
        for (int i = 0; i < x.length; i++) {
            // d((3x + x² + 1)(x² + 1), x) = (3 + 2x)(x² + 1) + (3x + x² + 1) 2x; the backends agree bit for bit
            double v = x[i];
            double closed = (3 + 2 * v) * (v * v + 1) + (3 * v + v * v + 1) * 2 * v;
            if (Math.abs(jvm[i] - closed) > 1e-12 * Math.max(1, Math.abs(closed))) {
                problems.add("tangent at " + i + " on the JVM: " + jvm[i] + ", closed form " + closed);
            }
            compare(problems, "tangent", i, jvm[i], got[i]);
        }
        return problems;
    }

    private static void compare(List<String> problems, String kernel, int i, double expected, double got) {
        if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(got) && problems.size() < 5) {
            problems.add(kernel + " at " + i + ": the method gives " + expected + ", the kernel " + got);
        }
    }
}
