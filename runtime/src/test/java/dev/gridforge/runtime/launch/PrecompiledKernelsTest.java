package dev.gridforge.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.abi.LaunchInterface;
import dev.gridforge.runtime.GridforgeException;
import dev.gridforge.runtime.spi.PrecompiledKernel;
import dev.gridforge.runtime.testing.HeapAccelerator;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The launch path's use of kernels compiled at build time, on the heap accelerator: which binary
 * is taken, and that anything doubtful is passed over for the source. The files are written next
 * to this class in the test classes directory, as a build would put them next to a launcher.
 */
class PrecompiledKernelsTest {

    private final HeapAccelerator acc = new HeapAccelerator();
    private final List<Path> written = new ArrayList<>();

    private static Path here() {
        try {
            return Path.of(PrecompiledKernelsTest.class.getResource("PrecompiledKernelsTest.class").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void removeFiles() throws IOException {
        for (Path p : written) {
            Files.deleteIfExists(p);
        }
    }

    private void write(String name, byte[] bytes) throws IOException {
        Path p = here().resolve(name);
        Files.write(p, bytes);
        written.add(p);
    }

    /** A fresh kernel source resource (unique, so no cache of an earlier test answers), returned with its text. */
    private String source(String text) throws IOException {
        String name = "precompiled-" + UUID.randomUUID() + ".cu";
        write(name, text.getBytes(StandardCharsets.UTF_8));
        return name;
    }

    private static PrecompiledKernel binary(String arch, String source) {
        return new PrecompiledKernel(arch, PrecompiledKernel.sha256(source), "11.8", List.of("--gpu-architecture=" + arch),
                new byte[] {0x7f, 'E', 'L', 'F', (byte) arch.hashCode()});
    }

    private HeapAccelerator.Kernel load(String resource, List<String> defines) {
        return (HeapAccelerator.Kernel) KernelLoader.load(PrecompiledKernelsTest.class, resource, "k", acc, defines);
    }

    @Test
    void matchingBinaryIsLoadedWithoutCompiling() throws IOException {
        String text = "extern \"C\" __global__ void k() {}\n";
        String cu = source(text);
        write(PrecompiledKernel.resourceName(cu, "sm_90"), binary("sm_90", text).encode());
        acc.binaryArchitectures = List.of("sm_90");
        HeapAccelerator.Kernel k = load(cu, List.of());
        assertEquals("precompiled for sm_90", k.source());
        assertEquals(0, acc.loads);
        assertEquals(List.of(binary("sm_90", text)), acc.precompiledLoads);
        assertSame(k, load(cu, List.of()), "loaded once, then from the cache");
        assertEquals(1, acc.precompiledLoads.size());
    }

    @Test
    void windowVariantIsItsOwnBinary() throws IOException {
        String text = "extern \"C\" __global__ void k() {\n#ifndef GF_WINDOW\n#endif\n}\n";
        String cu = source(text);
        List<String> window = List.of(LaunchInterface.WINDOW_DEFINE);
        acc.binaryArchitectures = List.of("sm_90");
        write(PrecompiledKernel.resourceName(cu, "sm_90"), binary("sm_90", text).encode());
        // only the whole-domain binary: a launch in a window compiles the source with the define
        assertEquals(text, load(cu, window).source());
        assertEquals(1, acc.loads);
        String cu2 = source(text + "// 2\n");
        String text2 = text + "// 2\n";
        write(PrecompiledKernel.resourceName(cu2, "sm_90"), binary("sm_90", text2).encode());
        write(PrecompiledKernel.resourceName(PrecompiledKernel.windowVariant(cu2), "sm_90"),
                binary("sm_90", PrecompiledKernel.withDefines(text2, window)).encode());
        load(cu2, List.of());
        load(cu2, window);
        assertEquals(1, acc.loads, "both variants from their binaries");
        assertEquals(List.of(binary("sm_90", text2), binary("sm_90", PrecompiledKernel.withDefines(text2, window))), acc.precompiledLoads);
    }

    @Test
    void bestArchitectureThatIsPresentWins() throws IOException {
        String text = "// sm_86 device, binaries for sm_80 and sm_75 only\n";
        String cu = source(text);
        write(PrecompiledKernel.resourceName(cu, "sm_80"), binary("sm_80", text).encode());
        write(PrecompiledKernel.resourceName(cu, "sm_75"), binary("sm_75", text).encode());
        acc.binaryArchitectures = List.of("sm_86", "sm_85", "sm_84", "sm_83", "sm_82", "sm_81", "sm_80");
        assertEquals("precompiled for sm_80", load(cu, List.of()).source());
    }

    @Test
    void noBinaryForThisDeviceCompilesTheSource() throws IOException {
        String text = "// only sm_75 here\n";
        String cu = source(text);
        write(PrecompiledKernel.resourceName(cu, "sm_75"), binary("sm_75", text).encode());
        acc.binaryArchitectures = List.of("sm_90");
        assertEquals(text, load(cu, List.of()).source());
        assertEquals(1, acc.loads);
    }

    @Test
    void binaryOfAnotherSourceIsPassedOver() throws IOException {
        String text = "// the source as it is now\n";
        String cu = source(text);
        write(PrecompiledKernel.resourceName(cu, "sm_90"), binary("sm_90", "// an older source\n").encode());
        acc.binaryArchitectures = List.of("sm_90");
        assertEquals(text, load(cu, List.of()).source());
        assertTrue(acc.precompiledLoads.isEmpty());
    }

    @Test
    void unreadableOrMislabelledBinaryIsPassedOver() throws IOException {
        String text = "// corrupt binaries\n";
        String cu = source(text);
        byte[] good = binary("sm_90", text).encode();
        write(PrecompiledKernel.resourceName(cu, "sm_90"), java.util.Arrays.copyOf(good, 20));
        write(PrecompiledKernel.resourceName(cu, "sm_89"), good); // says sm_90 inside
        acc.binaryArchitectures = List.of("sm_90", "sm_89");
        assertEquals(text, load(cu, List.of()).source());
        assertTrue(acc.precompiledLoads.isEmpty());
    }

    @Test
    void binaryTheDeviceRefusesOrWithOtherOptionsFallsBackToTheSource() throws IOException {
        String text = "// refused\n";
        String cu = source(text);
        write(PrecompiledKernel.resourceName(cu, "sm_90"), binary("sm_90", text).encode());
        acc.binaryArchitectures = List.of("sm_90");
        acc.refusePrecompiled = new GridforgeException("CUDA_ERROR_INVALID_IMAGE");
        assertEquals(text, load(cu, List.of()).source());

        HeapAccelerator other = new HeapAccelerator();
        other.binaryArchitectures = List.of("sm_90");
        other.precompiledWithOtherOptions = true;
        assertEquals(text, ((HeapAccelerator.Kernel) KernelLoader.load(PrecompiledKernelsTest.class, cu, "k", other, List.of())).source());
        assertEquals(1, other.loads);
    }

    @Test
    void specialisedConstantsAlwaysCompile() throws IOException {
        String text = "// specialised\n";
        String cu = source(text);
        write(PrecompiledKernel.resourceName(cu, "sm_90"), binary("sm_90", text).encode());
        acc.binaryArchitectures = List.of("sm_90");
        HeapAccelerator.Kernel k = load(cu, List.of("#define GF_CONST_n 3"));
        assertEquals(text, k.source());
        assertEquals(List.of("#define GF_CONST_n 3"), k.defines());
        assertTrue(acc.precompiledLoads.isEmpty());
    }

    @Test
    void acceleratorsWithoutBinariesNeverLook() throws IOException {
        String text = "// simulator\n";
        String cu = source(text);
        write(PrecompiledKernel.resourceName(cu, "sm_90"), binary("sm_90", text).encode());
        assertEquals(text, load(cu, List.of()).source());
        assertTrue(acc.precompiledLoads.isEmpty());
    }
}
