package dev.gridforge.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.KernelCompileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compile flow against {@link FakeNvrtc}; the real library is exercised by the GPU tests. */
class NvrtcTest {

    @TempDir
    Path cacheDir;

    private final FakeNvrtc fake = new FakeNvrtc();

    @Test
    void readsVersionAndSupportedArchitectures() {
        Nvrtc nvrtc = new Nvrtc(fake, "libnvrtc.so.13", cacheDir);
        assertEquals("13.0", nvrtc.version());
        assertArrayEquals(fake.archs, nvrtc.supportedArchs());
        assertEquals("NVRTC 13.0 (libnvrtc.so.13)", nvrtc.toString());
    }

    @Test
    void compilesToCubinForARealArchitectureAndKeepsTheLog() {
        fake.log = "warning: variable x declared but never used";
        Nvrtc nvrtc = new Nvrtc(fake, "x", cacheDir);
        List<String> options = CompileOptions.forTarget(new CompileTarget("sm_90", OutputKind.CUBIN));
        CompiledModule m = nvrtc.compile("extern \"C\" __global__ void k() {}", "k", options);
        assertEquals(OutputKind.CUBIN, m.kind());
        assertArrayEquals(fake.cubin, m.binary());
        assertEquals(fake.log, m.log());
        assertEquals(options, fake.lastOptions);
        assertEquals("k.cu", fake.lastName);
        assertEquals(1, fake.destroyed);
    }

    @Test
    void compilesToNulTerminatedPtxForAVirtualArchitecture() {
        Nvrtc nvrtc = new Nvrtc(fake, "x", cacheDir);
        CompiledModule m = nvrtc.compile("src", "k", List.of("--gpu-architecture=compute_90"));
        assertEquals(OutputKind.PTX, m.kind());
        assertEquals(0, m.binary()[m.binary().length - 1], "cuModuleLoadData reads PTX as a C string");
        assertEquals(fake.ptx, Nvrtc.cString(m.binary()));
    }

    @Test
    void aFailedCompileCarriesLogAndSourceSavesTheSourceAndDestroysTheProgram() throws IOException {
        fake.compileResult = 6;
        fake.log = "k.cu(2): error: expected a \";\"\n1 error detected in the compilation of \"k.cu\".";
        String source = "extern \"C\" __global__ void k() {\n  int x = 1\n}\n";
        Nvrtc nvrtc = new Nvrtc(fake, "x", cacheDir);
        KernelCompileException e = assertThrows(KernelCompileException.class,
                () -> nvrtc.compile(source, "k", List.of("--gpu-architecture=sm_90", "--fmad=false")));
        assertEquals(fake.log, e.log());
        assertEquals(source, e.source());
        assertTrue(e.getMessage().contains("NVRTC_ERROR_COMPILATION"), e.getMessage());
        assertTrue(e.getMessage().contains("expected a \";\""), "the log is in the message: " + e.getMessage());
        Matcher saved = Pattern.compile("saved at (\\S+);").matcher(e.getMessage());
        assertTrue(saved.find(), e.getMessage());
        Path file = Path.of(saved.group(1));
        assertEquals(cacheDir.resolve("failed"), file.getParent());
        assertEquals(source, Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(1, fake.created);
        assertEquals(1, fake.destroyed, "the program is destroyed even when the compile fails");
    }

    @Test
    void outputKindFollowsTheArchitectureOption() {
        assertEquals(OutputKind.CUBIN, Nvrtc.kindOf(List.of("--fmad=false", "--gpu-architecture=sm_90")));
        assertEquals(OutputKind.PTX, Nvrtc.kindOf(List.of("--gpu-architecture=compute_80")));
        assertEquals(OutputKind.CUBIN, Nvrtc.kindOf(List.of("-arch=sm_86")));
        assertEquals(OutputKind.PTX, Nvrtc.kindOf(List.of()));
    }

    @Test
    void cStringStopsAtTheFirstNul() {
        assertEquals("abc", Nvrtc.cString(new byte[] {'a', 'b', 'c', 0, 'd'}));
        assertEquals("", Nvrtc.cString(new byte[0]));
    }
}
