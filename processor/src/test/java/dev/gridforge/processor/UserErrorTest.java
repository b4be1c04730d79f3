package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * One small kernel per user error: each unsupported construct is reported as an error that
 * says what is wrong and what to write instead, at the line and column of the construct.
 */
class UserErrorTest {

    /** (kernel members, the construct's text as written — the error must point into it, expected message part). */
    static Stream<Arguments> cases() {
        return Stream.of(
                error("@Pointwise static double f(double x) { Object o = null; return x; }", "Object", "[Unsupported] the type Object"),
                error("@Pointwise static double f(double x) { return new Double(x); }", "new Double(x)", "'new' is not supported"),
                error("@Pointwise static double f(double x) { double[][] a = new double[3][3]; return x; }", "double[][]",
                        "a local of type double[][] is not supported"),
                error("@Pointwise static double f(double x) { double[] a = {1}; return x; }", "{1}", "this array initializer"),
                error("@Pointwise static double f(double x, @Index(0) int n) { double[] a = new double[n]; return x; }", "n];",
                        "an array length that is not an int constant ('n')"),
                error("@Pointwise static double f(double x) { double[] a = new double[0]; return x; }", "0]",
                        "a local array of 0 elements"),
                error("@Pointwise static double f(double x) { boolean[] a = new boolean[2]; return x; }", "boolean[]",
                        "a local of type boolean[]"),
                error("@Pointwise static double f(double x) { double[] a = new double[2]; double[] b = new double[2]; a = b; return x; }",
                        "a = b", "assigning to the local array 'a'"),
                error("@Pointwise static double f(double x) { double[] a = new double[2]; return h(a); }\n"
                        + "@Device static double h(double v) { return v; }", "a);", "using the local array 'a' as a value"),
                error("@Pointwise static double f(double x, @Index(0) int i) { double[] a = new double[2]; return a[(long) i]; }",
                        "(long) i", "an array index is an int, not a long"),
                error("@Device static double h(double v) { double[] a = new double[2]; return v; }\n"
                        + "@Pointwise static double f(double x) { return h(x); }", "double[] a", "a local array in a @Device helper"),
                error("@Pointwise static double f(double x) { double[] a = new double[2]; return a.clone()[0]; }", "a.clone()[0]",
                        "indexing 'a.clone()' is not supported"),
                error("@Pointwise static double f(double x) { String s = \"a\"; return x; }", "String", "the type String"),
                error("@Pointwise static double f(double x) { return \"a\".length(); }", "\"a\"", "a string"),
                error("@Pointwise static double f(double x) { if (x > 0) throw new IllegalStateException(); return x; }",
                        "throw new IllegalStateException();", "'throw' is not supported"),
                error("@Pointwise static double f(double x) { try { return x; } finally { } }", "try", "'try' is not supported"),
                error("@Pointwise static double f(double x) { return f(x - 1); }", "f(x - 1)", "[Helper] 'f' is not marked @Device"),
                error("@Device static double g(double x) { return x < 1 ? x : g(x - 1); }\n"
                        + "@Pointwise static double f(double x) { return g(x); }", "g(x - 1)", "recursion is not supported"),
                error("@Pointwise static double f(double x) { Runnable r = () -> {}; return x; }", "Runnable", "the type Runnable"),
                error("@Pointwise static double f(double x) { return java.util.Arrays.asList(x).size(); }",
                        "java.util.Arrays.asList(x)", "calling java.util.Arrays.asList"),
                error("double field;\n@Pointwise static double f(double x) { return x + field; }", "field", "the instance field 'field'"),
                error("static double counter = 2;\n@Pointwise static double f(double x) { return x * counter; }", "counter",
                        "not a compile-time constant"),
                error("static double helper(double x) { return x; }\n@Pointwise static double f(double x) { return helper(x); }",
                        "helper(x)", "annotate it with @dev.gridforge.Device"),
                error("@Device double inst(double x) { return x; }\n@Pointwise static double f(double x) { return inst(x); }",
                        "inst(x)", "must be static"),
                error("@Pointwise double f(double x) { return x; }", "double f(double x)", "must be static"),
                error("@Pointwise static double f(double x) { return Math.random(); }", "Math.random()", "'Math.random' is not supported"),
                error("@Pointwise static double f(double x) { int k = 0; return x + k++; }", "k++", "++ or -- inside an expression"),
                error("@Pointwise static double f(double x) { double y; return (y = x) + 1; }", "y = x", "an assignment inside an expression"),
                error("@Pointwise static double f(double x) { for (double v : new double[] {x}) { } return x; }", "for (double v",
                        "a for-each loop"),
                error("@Pointwise static double f(double x) { switch ((int) x) { default: return x; } }", "switch", "'switch'"),
                error("@Pointwise static double f(double x) { outer: for (;;) { break outer; } }", "outer:", "a labelled statement"),
                error("@Pointwise static double f(double x) { char c = 'a'; return x; }", "char", "the type char"),
                error("@Pointwise static double f(double x) { return x + 'a'; }", "'a'", "a char literal"),
                error("@Pointwise static double f(double x) { int i = x; return i; }", "x;", "[Type] cannot assign a double to an int"),
                error("@Pointwise static double f(double x) { boolean b = x; return 1; }", "x;", "cannot assign a double to a boolean"),
                error("@Pointwise static double f(double x) { if (x) { return 1; } return 0; }", "(x)", "a condition must be boolean"),
                error("@Pointwise static double f(double x) { return x & 1; }", "x & 1", "operator & cannot combine double and int"),
                error("@Pointwise static double f(double x) { return this.hashCode(); }", "this", "'this'"),
                error("@Pointwise static double f(String s) { return 1; }", "String s", "[Signature] parameter 's' has type"),
                error("@Pointwise static boolean f(double x) { return x > 0; }", "boolean", "returns double, float, int or long"),
                error("@Pointwise static double f(@Coord(4) double x) { return x; }", "@Coord(4) double x", "axes are 0 (x), 1 (y), 2 (z) and 3"),
                error("@Pointwise static double f(@Index(0) int i, Array1 a) { return a.get(i, 0); }", "a.get(i, 0)",
                        "'a' is a 1-dimensional array: a.get(i0) takes 1 index, axis 0 first, not 2"),
                error("@Pointwise static double f(@Index(0) int i, Array2f a) { return a.get(i, i * 0.5); }", "i * 0.5",
                        "an array index is an int, not a double"),
                error("@Pointwise static double f(@Index(0) int i, Array2 a) { return a.extent(i); }", "i)",
                        "an array axis that is not an int constant"),
                error("@Pointwise static double f(@Index(0) int i, Array2i a) { return a.extent(2); }", "2)",
                        "'a' is a 2-dimensional array: its axes are 0..1, not 2"),
                error("@Pointwise static double f(@Index(0) int i, Array3 a) { return a.length(); }", "a.length()",
                        "'a.length(...)' is not supported"),
                error("@Pointwise static double f(@Index(0) int i, Array1 a) { double b = a; return b; }", "a;",
                        "using the array 'a' as a value"),
                error("@Pointwise static double f(@Index(0) int i, @Const Array1 a) { return 1; }", "@Const Array1 a",
                        "array parameter 'a' cannot also be"),
                error("@Pointwise static double f(double x, @Index(0) int i) { return Derivatives.d(i, x); }", "i, x",
                        "d takes the derivative of a double or float expression, not of an int"),
                error("@Pointwise static double f(double x) { double y = x * x; return Derivatives.d(x, y); }", "y)",
                        "d(expr, y), a derivative by something that is not a parameter of the kernel"),
                error("@Pointwise static double f(double x) { return Derivatives.d(x, 2 * x); }", "2 * x",
                        "a derivative by something that is not a parameter of the kernel"),
                error("@Pointwise static double f(double x, @Index(0) int i) { return Derivatives.d(x, i); }", "i);",
                        "'i' is an int parameter, which has no derivative"),
                error("@Device static double h(double a) { return Derivatives.d(a, a); }\n"
                        + "@Pointwise static double f(double x) { return h(x); }", "Derivatives.d(a, a)",
                        "d(expr, var) in a @Device helper is not supported"),
                error("@Pointwise static double f(double x) { double u = Math.sin(x); u = Derivatives.d(u, x); return Derivatives.d(u, x); }",
                        "static double f", "[Unsupported] kernel 'f': a derivative of a local that holds a derivative of itself"),
                error("@Pointwise static double f(@Coord(0) int x) { return x; }", "int x", "must be double or float"),
                error("@Pointwise static double f(@Index(0) long i) { return i; }", "long i", "must be int"),
                error("@Pointwise static double f(@Const @Coord(0) double x) { return x; }", "@Const @Coord(0) double x", "more than one"),
                error("@Pointwise static double f(boolean b) { return 1; }", "boolean", "input parameter 'b' is boolean"),
                error("@Pointwise private static double f(double x) { return x; }", "private static double f", "must not be private"),
                error("@Pointwise static double f(double x) { return x; }\n@Pointwise static double f(float x) { return x; }",
                        "static double f(float x)", "two kernels are named 'f'"),
                error("@Pointwise static double f(double x) { return StrictMath.sin(x); }", "StrictMath.sin(x)", "StrictMath"),
                error("@Pointwise static double f(double x) { return Math.addExact(1, 2); }", "Math.addExact(1, 2)",
                        "'Math.addExact' is not supported"),
                error("@Pointwise static double f(double x) { return Math.max(x); }", "Math.max(x)", "no Math.max takes (double)"),
                error("@Pointwise static double f(double x) { return unknown; }", "unknown", "[Name] cannot find 'unknown'"),
                error("@Pointwise static double f(double x) { Object o = x; return x; }", "Object", "the type Object"),
                error("@Pointwise static double f(double x) { return x instanceof Double ? 1 : 0; }", "x instanceof Double",
                        "'instanceof'"),
                error("@Pointwise static double f(double x) { double gf_out = x; return gf_out; }", "double gf_out = x;",
                        "names starting with gf_ or GF_ are kept"),
                error("@Pointwise static double f(double x, @Const double gf_h0) { return x; }", "@Const double gf_h0",
                        "names starting with gf_ or GF_ are kept"),
                error("@Pointwise static double f(int k) { return String.valueOf(k).length(); }", "String.valueOf(k)",
                        "calling java.lang.String.valueOf is not supported"),
                error("@Pointwise static double f(double x) { System.out.println(x); return x; }", "System.out.println(x)",
                        "a kernel cannot print"),
                error("@Pointwise static double f(double x) { Math.sin(x); return x; }", "Math.sin(x)",
                        "a call whose result is not used"),
                error("@Pointwise static void f(double x) { }", "void", "writes its results through Out parameters"),
                error("@Pointwise static double f(double x, Out r) { r.set(x); return x; }", "double f(",
                        "either returns its one result or writes Out parameters"),
                error("@Pointwise static void f(double x, Out r) { r.set(x); return 1; }", "return 1;", "this kernel returns nothing"),
                error("@Pointwise static void f(double x, Out r) { r.set(x); double y = r.get(); }", "r.get()",
                        "an output is only written"),
                error("@Pointwise static void f(double x, Out r) { r.set(r.get() + 1); }", "r.get()", "an output is only written"),
                error("@Pointwise static void f(double x, Out r, Out s) { r.set(x); s.set(s); }", "s.set(s)", "reading the output 's'"),
                error("@Pointwise static void f(double x, Outi r) { r.set(x); }", "x)", "cannot assign a double to an int"),
                error("@Pointwise static void f(double x, @Const Out r) { r.set(x); }", "@Const Out r", "cannot also be"),
                error("@Pointwise static double f(double x) { return x; }\n@Pointwise static double fInto(double x) { return x; }",
                        "static double fInto", "would clash with the launcher's fInto(...) method"),
                error("@Stencil static double f(Grid2 u, @Index(0) int i) { return u.at(i, 0); }", "i, 0", 
                        "a stencil offset that is not a compile-time constant ('i')"),
                error("@Stencil static double f(Grid2 u) { int d = 1; return u.at(d, 0); }", "d, 0",
                        "offsets are int literals or constants (static final, or final locals with a constant value)"),
                error("@Stencil static void f(Grid2 u, Out r) { r.get(); r.set(1); }", "r.get()",
                        "an output is only written, with 'r.set(value);'"),
                error("static final int D = 2;\n@Stencil static double f(Grid2 u) { return u.at(1, 0) + u.at(-D, D * 3) + u.at(2L, 0); }",
                        "2L", "a stencil offset is an int, not a long"),
                error("@Stencil static double f(Grid2 u) { return u.at(1); }", "u.at(1)",
                        "'u' is a 2-dimensional grid: u.at takes 2 offsets"),
                error("@Stencil static double f(Grid2 u) { return u.at(2000, 0); }", "2000", "an offset of 2000"),
                error("@Stencil static double f(Grid1 u) { return u.extent(0); }", "u.extent(0)", "'u.extent(...)'"),
                error("@Device static double g(double v) { return v; }\n@Stencil static double f(Grid1 u) { return g(u); }",
                        "g(u)", "using the grid 'u' as a value"),
                error("@Pointwise static double f(Grid2 u) { return u.at(0, 0); }", "Grid2 u", "needs a @Stencil kernel"),
                error("@Stencil static double f(Grid2 u, Grid3 v) { return u.at(0, 0); }", "Grid3 v",
                        "grid 'v' is 3-dimensional but 'u' is 2-dimensional"),
                error("@Stencil static double f(Grid2 u, @Index(2) int k) { return u.at(0, 0); }", "@Index(2) int k",
                        "names axis 2 but the grids are 2-dimensional"),
                error("@Stencil static double f(Grid1 u, @Pad(Boundary.ZERO) double x) { return x; }", "@Pad(Boundary.ZERO) double x",
                        "@Pad belongs on a grid parameter"),
                error("@Pointwise @Stencil static double f(Grid1 u) { return u.at(0); }", "static double f", "@Pointwise or @Stencil, not both"),
                error("@Pointwise static double prepare(double x) { return x; }", "static double prepare",
                        "would clash with the launcher's own prepare(...) method"),
                error("@Pointwise static void f(double x, Out r, Out close) { r.set(x); }", "Out close",
                        "output 'close' would be a method of the launcher's result record"));
    }

    private static Arguments error(String members, String construct, String message) {
        return Arguments.of(members, construct, message);
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("cases")
    void reportsTheErrorAtTheConstruct(String members, String construct, String message) {
        JavaFileObject source = Compiler.kernelClass(members);
        Compilation c = Compiler.compile(source);
        List<Diagnostic<? extends JavaFileObject>> ours = c.errors().stream()
                .filter(d -> d.getMessage(null).contains(message)).toList();
        if (ours.isEmpty()) {
            fail("expected an error containing \"" + message + "\"; got " + c.errors());
        }
        Diagnostic<? extends JavaFileObject> d = ours.get(0);
        assertTrue(d.getMessage(null).startsWith("["), "message starts with an ID: " + d.getMessage(null));
        String[] lines = sourceText(source).split("\n", -1);
        String line = lines[(int) d.getLineNumber() - 1];
        int start = line.indexOf(construct);
        assertTrue(start >= 0, "error on line " + d.getLineNumber() + " (\"" + line + "\"), which does not hold \""
                + construct + "\"; message: " + d.getMessage(null));
        long column = d.getColumnNumber();
        assertTrue(column >= start + 1 && column <= start + construct.length(), "error at column " + column
                + " of \"" + line + "\", outside \"" + construct + "\" (columns " + (start + 1) + ".." + (start + construct.length()) + ")");
    }

    @Test
    void reportsEveryErrorOfABuildNotOnlyTheFirst() {
        Compilation c = Compiler.compile(Compiler.kernelClass(
                "@Pointwise static double f(double x) {\n"
                        + "  Object a = null;\n"
                        + "  double b = new Double(1);\n"
                        + "  return x + \"s\".length();\n"
                        + "}\n"
                        + "@Pointwise static double g(double x) { return Math.random(); }"));
        for (String expected : List.of("the type Object", "'new' is not supported", "a string", "'Math.random' is not supported")) {
            assertTrue(c.errors().stream().anyMatch(d -> d.getMessage(null).contains(expected)),
                    "one build reports every error, also \"" + expected + "\": " + c.errors());
        }
    }

    /** A kernel's name is checked before its body is read; a bad name must not hide the other errors. */
    @Test
    void aBadKernelNameDoesNotHideTheOtherErrors() {
        Compilation c = Compiler.compile(Compiler.kernelClass(
                "@Pointwise static double prepare(double x) { return x; }\n"
                        + "@Pointwise static double f(double x) { double[] a = new double[x > 0 ? 3 : 4]; return x; }\n"
                        + "@Pointwise static double g(double x) { return 1; }\n"
                        + "@Pointwise static double g(float x) { return Math.random(); }"));
        for (String expected : List.of("a kernel named 'prepare' would clash with the launcher's own prepare(...) method", "an array length that is not",
                "two kernels are named 'g'", "'Math.random' is not supported")) {
            assertTrue(c.errors().stream().anyMatch(d -> d.getMessage(null).contains(expected)),
                    "one build reports every error, also \"" + expected + "\": " + c.errors());
        }
        assertEquals(4, c.errors().size(), "those, nothing else: " + c.errors());
    }

    /** User names that generated Java could trip over: a package name ('dev'), a name containing one of ours. */
    @Test
    void namesThatLookLikeOursStillCompile() throws Exception {
        Compilation c = Compiler.compile(Compiler.kernelClass(
                "@Stencil static double smooth(Grid2 pgf_at, @Const double dev) { return dev * (pgf_at.at(1, 0) + pgf_at.at(-1, 0)); }"));
        assertTrue(c.errors().isEmpty(), c.errors().toString());
        Object jvm = Launchers.on(Compiler.loader(c).loadClass("test.KKernels"), dev.gridforge.runtime.Backend.JVM);
        dev.gridforge.runtime.DoubleField u = dev.gridforge.runtime.DoubleField.of(new double[] {1, 2, 4, 8, 16, 32}, 3, 2);
        dev.gridforge.runtime.DoubleField r = (dev.gridforge.runtime.DoubleField) Launchers.call(jvm, "smooth",
                new Class<?>[] {dev.gridforge.runtime.DoubleField.class, double.class}, u, 0.5);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1.5, 2.5, 3, 12, 20, 24}, r.toArray());
    }

    /** Java's constant variables (final locals with constant initializers) are constants as offsets, as in Java. */
    @Test
    void aFinalLocalWithAConstantValueIsAnOffset() {
        Compilation c = Compiler.compile(Compiler.kernelClass(
                "@Stencil static double f(Grid2 u) { final int d = 2 - 1; final int e = -d * 3; return u.at(d, e) + u.at(-d, 0); }"));
        assertTrue(c.errors().isEmpty(), c.errors().toString());
        String cu = Compiler.resource(c, "test", "KKernels.f.cu");
        assertTrue(cu.contains("u_[gf_at + 1 - 3 * gf_n0]") && cu.contains("u_[gf_at - 1]"), cu);
    }

    @Test
    void anErrorIsReportedOnceAndNothingElseFails() {
        Compilation c = Compiler.compile(Compiler.kernelClass("@Pointwise static double f(double x) { return Math.random(); }"));
        assertEquals(1, c.errors().size(), "only our error, no follow-on errors from a half-written launcher: " + c.errors());
    }

    private static String sourceText(JavaFileObject f) {
        try {
            return f.getCharContent(true).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A build for Java 8 (maven-compiler-plugin's default without a release): the launcher would not
     * compile there, so it is one error at the class's first kernel saying what to set.
     */
    @Test
    void launchersNeedJava17() {
        JavaFileObject k = Compiler.kernelClass("""
                @Pointwise
                static void pair(double x, Out a, Out b) {
                    a.set(x);
                    b.set(-x);
                }

                @Pointwise
                static double one(double x) {
                    return x * 2;
                }
                """);
        Compilation c = com.google.testing.compile.Compiler.javac().withProcessors(new KernelProcessor())
                .withOptions("--release", "8", "-Xlint:-options").compile(k);
        List<Diagnostic<? extends JavaFileObject>> errors = c.errors();
        assertEquals(1, errors.size(), errors.toString());
        String message = errors.get(0).getMessage(null);
        assertTrue(message.contains("gridforge generates launchers in Java 17 (records), and this build compiles for RELEASE_8")
                && message.contains("<maven.compiler.release>17</maven.compiler.release>"), message);
        assertEquals(7, errors.get(0).getLineNumber(), "at the first kernel: line 7 of the class test.K");
    }
}
