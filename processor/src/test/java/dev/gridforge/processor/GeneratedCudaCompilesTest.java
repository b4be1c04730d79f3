package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.gridforge.abi.LaunchInterface;
import dev.gridforge.runtime.CudaUnavailableException;
import dev.gridforge.runtime.cuda.CLiterals;
import dev.gridforge.runtime.cuda.OfflineCompiler;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every generated .cu must compile for the H100 with the real CUDA compiler:
 * {@code nvcc -arch=sm_90 -cubin} (compile only; no GPU needed), and NVRTC as the runtime calls
 * it. Where ptxas reports register spills or local memory, the test prints it. Each half is
 * skipped, saying so, where its compiler is not installed.
 */
class GeneratedCudaCompilesTest {

    private static final String KERNELS = """
            static final double K = 0.008726645;

            @Device
            static double sq(double v) { return v * v; }

            @Device
            static int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

            @Pointwise
            static double distance(@Coord(0) double lat1, @Coord(1) double lon1,
                                   @Const double lat2, @Const double lon2, @Const double scale) {
                double a = Math.pow(Math.sin(K * (lat2 - lat1)), 2)
                         + Math.cos(0.01745329 * lat1) * Math.cos(0.01745329 * lat2) * sq(Math.sin(K * (lon2 - lon1)));
                return Math.atan2(a, 1 - a) * scale;
            }

            @Pointwise
            static long ints(int a, long b, @Index(0) int i, @Extent(0) int n, @Const(specialize = true) int step,
                             @Const boolean flag) {
                long acc = flag ? 1 : 0;
                for (int k = 0, j = 1; k < step; k++, j *= 2) {
                    acc += (a >>> k) ^ b * i << j;
                    if (acc > 1000) break;
                    if (acc < -1000) continue;
                }
                int r = clampi(a % 7, -3, 3) / (n - i | 1);
                acc -= Math.floorDiv(r, 3) + Math.floorMod(b, 5) + Math.floorMod(b, 4L) + Math.abs(a) + Math.round(a * 0.5);
                do { acc >>= 1; } while (acc > 1 << 20);
                return acc + Integer.MIN_VALUE + Long.MIN_VALUE + Math.min(a, 3) + Math.max(b, -3L);
            }

            @Pointwise
            static float floats(float x, @Coord(0) float c, @Const(specialize = true) float s, @Const(specialize = true) double t) {
                float y = Math.abs(x) + Math.min(x, c) + Math.max(x, s) + Math.signum(x) + Math.copySign(x, c) + Math.fma(x, c, s);
                y += x % c + Math.round(x) + (float) t;
                boolean odd = Float.isNaN(y) || Float.isInfinite(y) || !Float.isFinite(x);
                return odd ? Float.NaN : y / 3f + Float.POSITIVE_INFINITY * 0f;
            }

            @Pointwise
            static double doubles(double x, @Index(0) int i, @Index(1) int j, @Index(2) int l, @Extent(2) int nz) {
                double v = Math.sin(x) + Math.cos(x) + Math.tan(x) + Math.asin(x) + Math.acos(x) + Math.atan(x)
                         + Math.atan2(x, i) + Math.sinh(x) + Math.cosh(x) + Math.tanh(x) + Math.exp(x) + Math.expm1(x)
                         + Math.log(x) + Math.log10(x) + Math.log1p(x) + Math.sqrt(x) + Math.cbrt(x) + Math.pow(x, j)
                         + Math.hypot(x, l) + Math.floor(x) + Math.ceil(x) + Math.rint(x) + Math.IEEEremainder(x, 2)
                         + Math.toRadians(x) + Math.toDegrees(x) + Math.fma(x, x, x) + Math.copySign(x, -1)
                         + Math.signum(x) + Math.abs(x) + Math.min(x, 1) + Math.max(x, 1) + x % 3 + Math.PI + Math.E;
                if (Double.isNaN(v) || Double.isInfinite(v) || !Double.isFinite(v)) {
                    v = Double.MAX_VALUE;
                } else if (v > 0) {
                    v = -v;
                } else {
                    v = Double.MIN_VALUE;
                }
                int sin = 3;
                return v + sin + nz + Double.NEGATIVE_INFINITY * 0 + (double) (long) v + (int) v;
            }
            """;

    @Test
    void everyGeneratedKernelCompilesWithNvcc(@TempDir Path dir) throws Exception {
        Optional<Path> nvcc = findNvcc();
        Assumptions.assumeTrue(nvcc.isPresent(), "skipped: nvcc not found (looked in CUDA_HOME, /usr/local/cuda/bin and PATH)");
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, String> kernel : generatedSources().entrySet()) {
            nvcc(nvcc.get(), dir, kernel.getKey(), kernel.getValue(), notes);
        }
        // Spills and stack frames are worth knowing (double sin/cos keep a slow path on the stack), not failures.
        notes.forEach(n -> System.out.println("[nvcc] register spills or local memory in " + n));
    }

    /**
     * The same sources through NVRTC, as the CUDA backend compiles them at run time (same options,
     * specialised constants as {@code #define} lines), for an H100. NVRTC has no host headers,
     * so this also proves the generated code includes nothing.
     */
    @Test
    void everyGeneratedKernelCompilesWithNvrtcForAnH100() {
        OfflineCompiler nvrtc;
        try {
            nvrtc = OfflineCompiler.forComputeCapability(9, 0);
        } catch (CudaUnavailableException e) {
            Assumptions.abort("skipped: no NVRTC on this machine (scripts/install-cuda-host-libs.sh installs Debian's). " + e.getMessage());
            return;
        }
        System.out.println("[nvrtc] " + nvrtc.describe());
        Assumptions.assumeTrue(nvrtc.architecture().equals("sm_90"),
                "skipped: NVRTC " + nvrtc.nvrtcVersion() + " cannot compile for sm_90 (NVRTC 11.8 or later can)");
        for (Map.Entry<String, String> kernel : generatedSources().entrySet()) {
            List<String> defines = new ArrayList<>();
            Matcher m = SPECIALISED.matcher(kernel.getValue());
            while (m.find()) {
                defines.add(CLiterals.define(m.group(1), "3"));
            }
            OfflineCompiler.Compiled compiled = nvrtc.compile(kernel.getValue(), kernel.getKey(), defines);
            assertTrue(compiled.cubin(), kernel.getKey() + " should compile to a CUBIN for sm_90");
            assertFalse(compiled.log().contains("warning"), kernel.getKey() + ": NVRTC warns:\n" + compiled.log());
            if (kernel.getValue().contains("#ifndef " + LaunchInterface.WINDOW_MACRO + "\n")) {
                // the variant a launch in a window compiles
                List<String> windowed = new ArrayList<>(defines);
                windowed.add(LaunchInterface.WINDOW_DEFINE);
                OfflineCompiler.Compiled w = nvrtc.compile(kernel.getValue(), kernel.getKey(), windowed);
                assertTrue(w.cubin(), kernel.getKey() + " in a window should compile to a CUBIN for sm_90");
                assertFalse(w.log().contains("warning"), kernel.getKey() + " in a window: NVRTC warns:\n" + w.log());
            }
        }
    }

    private static final Pattern SPECIALISED = Pattern.compile("#ifndef (GF_CONST_\\w+)");

    /**
     * Kernel name to generated .cu, for every kernel of {@link #KERNELS}, {@link NamesAndScopesTest},
     * {@link StencilOracleTest}, {@link ArraysOracleTest} and {@link DerivativesOracleTest}.
     */
    private static Map<String, String> generatedSources() {
        Compilation c = Compiler.compile(Compiler.kernelClass(KERNELS));
        assertTrue(c.errors().isEmpty(), c.errors().toString());
        Compilation names = Compiler.compile(Compiler.kernelClass(NamesAndScopesTest.IMPORTS, NamesAndScopesTest.KERNELS),
                Compiler.source("test.Other", NamesAndScopesTest.OTHER));
        assertTrue(names.errors().isEmpty(), names.errors().toString());
        Map<String, String> sources = new LinkedHashMap<>();
        for (String kernel : List.of("distance", "ints", "floats", "doubles")) {
            sources.put(kernel, Compiler.resource(c, "test", "KKernels." + kernel + ".cu"));
        }
        for (String kernel : List.of("first", "second", "shadow", "scale", "fooBar", "foo_bar", "mixed", "unrolled")) {
            sources.put(kernel, Compiler.resource(names, "test", "KKernels." + kernel + ".cu"));
        }
        Compilation stencils = Compiler.compile(Compiler.kernelClass(StencilOracleTest.kernels()));
        assertTrue(stencils.errors().isEmpty(), stencils.errors().toString());
        for (int rank = 1; rank <= 3; rank++) {
            for (dev.gridforge.Boundary b : dev.gridforge.Boundary.values()) {
                String kernel = "r" + rank + "_" + b;
                sources.put(kernel, Compiler.resource(stencils, "test", "KKernels." + kernel + ".cu"));
            }
        }
        sources.put("pair", Compiler.resource(stencils, "test", "KKernels.pair.cu"));
        Compilation arrays = Compiler.compile(Compiler.kernelClass(ArraysOracleTest.KERNELS));
        assertTrue(arrays.errors().isEmpty(), arrays.errors().toString());
        for (String kernel : List.of("shiftSum", "shiftPinv", "mixed", "place")) {
            sources.put("arrays_" + kernel, Compiler.resource(arrays, "test", "KKernels." + kernel + ".cu"));
        }
        Compilation derivatives = Compiler.compile(Compiler.kernelClass("import static dev.gridforge.Derivatives.d;\n",
                DerivativesOracleTest.kernels()));
        assertTrue(derivatives.errors().isEmpty(), derivatives.errors().toString());
        int cases = DerivativesOracleTest.CASES.size();
        for (int i = 0; i < cases; i++) {
            // every third, and the last five (helpers, second and mixed derivatives): nvcc takes a second a kernel
            if (i % 3 == 0 || i >= cases - 5) {
                sources.put("d_k" + i, Compiler.resource(derivatives, "test", "KKernels.k" + i + ".cu"));
            }
        }
        return sources;
    }

    private static void nvcc(Path nvcc, Path dir, String kernel, String source, List<String> notes) throws Exception {
        Path cu = dir.resolve(kernel + ".cu");
        Files.writeString(cu, source);
        List<String> command = new ArrayList<>(List.of(nvcc.toString(), "-arch=sm_90", "-cubin", "--fmad=false",
                "-std=c++17", "-Xptxas", "-v", "-o", dir.resolve(kernel + ".cubin").toString()));
        Matcher m = SPECIALISED.matcher(source);
        while (m.find()) {
            command.add("-D" + m.group(1) + "=3");
        }
        command.add(cu.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        if (exit != 0) {
            fail("nvcc rejected the generated CUDA C of '" + kernel + "':\n" + output + "\n--- source ---\n" + source);
        }
        Matcher spills = Pattern.compile("(\\d+) bytes spill stores").matcher(output);
        Matcher stack = Pattern.compile("(\\d+) bytes stack frame").matcher(output);
        if ((spills.find() && !spills.group(1).equals("0")) || (stack.find() && !stack.group(1).equals("0"))) {
            notes.add(kernel + ": " + String.join(" | ", output.lines()
                    .filter(l -> l.contains("stack frame") || l.contains("Used ")).map(String::strip).toList()));
        }
    }

    static Optional<Path> findNvcc() {
        List<Path> candidates = new ArrayList<>();
        String home = System.getenv("CUDA_HOME");
        if (home != null) {
            candidates.add(Path.of(home, "bin", "nvcc"));
        }
        candidates.add(Path.of("/usr/local/cuda/bin/nvcc"));
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty()) {
                candidates.add(Path.of(d, "nvcc"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }
}
