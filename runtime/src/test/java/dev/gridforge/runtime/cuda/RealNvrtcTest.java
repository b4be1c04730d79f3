package dev.gridforge.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.CudaUnavailableException;
import dev.gridforge.runtime.KernelCompileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real NVRTC through our JNA binding, on a machine without a GPU: NVRTC is a plain host
 * library, so everything up to {@code cuModuleLoadData} runs here. CI installs Debian's
 * libnvrtc11.2 (NVRTC 11.8, which knows sm_90); the GPU machine has NVRTC 13. Skipped, saying
 * so, where no NVRTC is found.
 */
class RealNvrtcTest {

    private static final int EM_CUDA = 190;

    @TempDir
    static Path cacheDir;

    static Nvrtc nvrtc;
    static String missing;

    @BeforeAll
    static void loadNvrtc() {
        try {
            Nvrtc found = Nvrtc.load(cacheDir);
            System.out.println("[nvrtc] " + found + ", architectures " + Arrays.toString(found.supportedArchs()));
            if (Arrays.stream(found.supportedArchs()).anyMatch(a -> a == 90)) {
                nvrtc = found;
            } else {
                missing = "skipped: " + found + " does not compile for sm_90 (NVRTC 11.8 or later does)";
            }
        } catch (CudaUnavailableException e) {
            missing = "skipped: no NVRTC on this machine (scripts/install-cuda-host-libs.sh installs Debian's). " + e.getMessage();
        }
    }

    /** Each test reports itself skipped, with the reason, rather than the class vanishing from the counts. */
    @BeforeEach
    void needsNvrtc() {
        Assumptions.assumeTrue(nvrtc != null, missing);
    }

    @Test
    void reportsItsVersionAndKnowsTheH100() {
        assertTrue(nvrtc.version().matches("1[1-9]\\.\\d+"), nvrtc.version());
        assertEquals(new CompileTarget("sm_90", OutputKind.CUBIN), CompileTarget.choose(9, 0, nvrtc.supportedArchs()));
    }

    @Test
    void compilesAKernelToACudaElfThatNamesTheEntryPoint() {
        CompiledModule m = compiler(9, 0).compile(compiler(9, 0).key(resource("affine2"), List.of()), "affine2");
        assertEquals(OutputKind.CUBIN, m.kind());
        byte[] elf = m.binary();
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, Arrays.copyOf(elf, 4), "a CUBIN is an ELF file");
        short machine = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).getShort(18);
        assertEquals(EM_CUDA, machine, "e_machine of a CUBIN is EM_CUDA");
        assertTrue(new String(elf, StandardCharsets.ISO_8859_1).contains("affine2\0"), "the symbol table names the kernel");
    }

    /**
     * A device newer than this NVRTC gets PTX for the newest architecture NVRTC knows, ending in
     * the NUL byte cuModuleLoadData needs. The PTX is checked further by ptxas where it exists.
     */
    @Test
    void aNewerDeviceGetsNulTerminatedPtxThatPtxasAccepts(@TempDir Path dir) throws Exception {
        KernelCompiler future = compiler(9, 9);
        assertEquals(OutputKind.PTX, future.target().kind());
        CompiledModule m = future.compile(future.key(resource("affine2"), List.of()), "affine2");
        byte[] ptx = m.binary();
        assertEquals(0, ptx[ptx.length - 1]);
        String text = Nvrtc.cString(ptx);
        assertTrue(text.contains(".entry affine2("), text);
        assertTrue(text.contains(".target " + future.target().arch().replace("compute_", "sm_")), text);
        Path ptxas = Path.of("/usr/local/cuda/bin/ptxas");
        if (Files.isExecutable(ptxas)) {
            Path file = Files.write(dir.resolve("affine2.ptx"), Arrays.copyOf(ptx, ptx.length - 1));
            Process p = new ProcessBuilder(ptxas.toString(), "-arch=sm_90", file.toString(), "-o",
                    dir.resolve("affine2.cubin").toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), "ptxas rejected NVRTC's PTX:\n" + out);
        } else {
            System.out.println("[nvrtc] ptxas not found at " + ptxas + ": PTX not assembled");
        }
    }

    /**
     * Specialised constants reach the kernel as {@link CLiterals} in {@code #define}s. NVRTC must
     * read each with exactly Java's bits: PTX writes a double as {@code 0d} and a float as
     * {@code 0f} followed by its bits in hex.
     */
    @Test
    void definedConstantsCompileToJavasExactBits() {
        double[] doubles = {0.1, -1e-300, Math.PI, Double.MIN_VALUE, -Double.MAX_VALUE, 0x1p53 + 2,
                Double.NEGATIVE_INFINITY, Double.longBitsToDouble(0x7ff8_0000_0000_0123L)};
        float[] floats = {0.1f, -1e-30f, (float) Math.PI, Float.MIN_VALUE, -Float.MAX_VALUE, 0x1p24f + 2,
                Float.POSITIVE_INFINITY, Float.intBitsToFloat(0x7fc0_0123)};
        List<String> doubleDefines = new ArrayList<>();
        List<String> floatDefines = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            doubleDefines.add(CLiterals.define("V" + i, CLiterals.of(doubles[i])));
            floatDefines.add(CLiterals.define("V" + i, CLiterals.of(floats[i])));
        }
        String doublePtx = ptxOf("constD", doubleDefines);
        String floatPtx = ptxOf("constF", floatDefines);
        for (int i = 0; i < 8; i++) {
            String d = String.format(Locale.ROOT, "0d%016X", Double.doubleToRawLongBits(doubles[i]));
            assertTrue(doublePtx.contains(d), doubleDefines.get(i) + " is not " + d + " in:\n" + doublePtx);
            String f = String.format(Locale.ROOT, "0f%08X", Float.floatToRawIntBits(floats[i]));
            assertTrue(floatPtx.contains(f), floatDefines.get(i) + " is not " + f + " in:\n" + floatPtx);
        }
    }

    private static String ptxOf(String kernel, List<String> defines) {
        KernelCompiler ptx = new KernelCompiler(nvrtc, new ModuleCache(null, "test"), new CompileTarget("compute_90", OutputKind.PTX));
        return Nvrtc.cString(ptx.compile(ptx.key(resource(kernel), defines), kernel).binary());
    }

    @Test
    void aBrokenKernelCarriesNvrtcsLogAndTheSavedSource() throws IOException {
        KernelCompiler c = compiler(9, 0);
        KernelCompileException e = assertThrows(KernelCompileException.class,
                () -> c.compile(c.key(resource("broken"), List.of("#define UNUSED 1")), "broken"));
        assertTrue(e.log().contains("undeclared_thing_42"), e.log());
        assertTrue(e.log().contains("broken.cu(3)"), "the log points at the line, counting the define: " + e.log());
        Matcher saved = Pattern.compile("saved at (\\S+);").matcher(e.getMessage());
        assertTrue(saved.find(), e.getMessage());
        assertEquals("#define UNUSED 1", Files.readAllLines(Path.of(saved.group(1))).get(0));
    }

    /** What a GPU run takes from disk must be what NVRTC made; a second JVM would read it back. */
    @Test
    void theDiskCacheHandsBackTheSameCubinWithoutCompiling(@TempDir Path dir) {
        String source = resource("affine3");
        ModuleCache first = new ModuleCache(dir, "test");
        KernelCompiler a = new KernelCompiler(nvrtc, first, new CompileTarget("sm_90", OutputKind.CUBIN));
        long t0 = System.nanoTime();
        CompiledModule compiled = a.compile(a.key(source, List.of()), "affine3");
        long t1 = System.nanoTime();
        ModuleCache second = new ModuleCache(dir, "test");
        KernelCompiler b = new KernelCompiler(nvrtc, second, new CompileTarget("sm_90", OutputKind.CUBIN));
        CompiledModule fromDisk = b.compile(b.key(source, List.of()), "affine3");
        long t2 = System.nanoTime();
        assertArrayEquals(compiled.binary(), fromDisk.binary());
        assertEquals(new ModuleCache.Stats(0, 0, 1), first.stats());
        assertEquals(new ModuleCache.Stats(0, 1, 0), second.stats());
        System.out.printf(Locale.ROOT, "[nvrtc] affine3 for sm_90: NVRTC compile %.1f ms, disk cache %.2f ms%n",
                (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    }

    @Test
    void theOfflineCompilerNamesItsTarget() {
        OfflineCompiler offline = OfflineCompiler.forComputeCapability(9, 0);
        assertEquals("sm_90", offline.architecture());
        assertEquals(nvrtc.version(), offline.nvrtcVersion());
        assertTrue(offline.describe().endsWith(", sm_90 CUBIN"), offline.describe());
        OfflineCompiler.Compiled c = offline.compile(resource("affine1"), "affine1", List.of());
        assertTrue(c.cubin());
        assertEquals(HexFormat.of().formatHex(new byte[] {0x7f, 'E', 'L', 'F'}),
                HexFormat.of().formatHex(Arrays.copyOf(c.binary(), 4)));
        assertFalse(c.log().contains("error"), c.log());
        assertThrows(IllegalArgumentException.class, () -> OfflineCompiler.forComputeCapability(9, 10));
    }

    private static KernelCompiler compiler(int major, int minor) {
        return KernelCompiler.forDevice(nvrtc, new ModuleCache(null, "test"), major, minor);
    }

    private static String resource(String kernel) {
        String name = "/dev/gridforge/runtime/launch/TestKernels." + kernel + ".cu";
        try (InputStream in = RealNvrtcTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("test resource " + name + " is missing", e);
        }
    }
}
