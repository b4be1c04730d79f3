package dev.gridforge.runtime.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrecompiledKernelTest {

    private static final String SOURCE = "extern \"C\" __global__ void k(double *o) { o[0] = 1.0; }\n";

    /** Random bytes after an ELF magic: the format must carry any binary, newlines and NULs included. */
    private static byte[] elf(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        b[0] = 0x7f;
        b[1] = 'E';
        b[2] = 'L';
        b[3] = 'F';
        return b;
    }

    private static PrecompiledKernel kernel(byte[] binary) {
        return new PrecompiledKernel("sm_90", PrecompiledKernel.sha256(SOURCE), "11.8",
                List.of("--gpu-architecture=sm_90", "--fmad=false"), binary);
    }

    @Test
    void encodedFileDecodesToTheSameKernel() {
        for (int seed = 0; seed < 20; seed++) {
            PrecompiledKernel k = kernel(elf(seed, 4 + seed * 97));
            PrecompiledKernel back = PrecompiledKernel.decode(k.encode());
            assertEquals(k, back);
            assertArrayEquals(k.binary(), back.binary());
            assertEquals(k.options(), back.options());
        }
    }

    @Test
    void headerIsReadableText() {
        String head = new String(kernel(elf(1, 64)).encode(), StandardCharsets.UTF_8);
        assertTrue(head.startsWith("gridforge-cubin 1\narch sm_90\nsource-sha256 " + PrecompiledKernel.sha256(SOURCE)
                + "\nnvrtc 11.8\noption --gpu-architecture=sm_90\noption --fmad=false\n\n\u007fELF"), head);
    }

    @Test
    void knowsWhichSourceItCameFrom() {
        PrecompiledKernel k = kernel(elf(2, 32));
        assertTrue(k.compiledFrom(SOURCE));
        assertFalse(k.compiledFrom(SOURCE.replace("1.0", "2.0")));
        assertFalse(k.compiledFrom(SOURCE + " "));
    }

    @Test
    void resourceNamesSitNextToTheSource() {
        assertEquals("WaveKernels.step.cu.sm_90.cubin", PrecompiledKernel.resourceName("WaveKernels.step.cu", "sm_90"));
        assertEquals("META-INF/gridforge/cubins/sm_86", PrecompiledKernel.indexResource("sm_86"));
    }

    @Test
    void refusesWhatIsNotOneOfItsFiles() {
        byte[] good = kernel(elf(3, 100)).encode();
        assertThrows(IllegalArgumentException.class, () -> PrecompiledKernel.decode(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> PrecompiledKernel.decode(elf(4, 500)));
        String wrongMagic = new String(good, StandardCharsets.ISO_8859_1).replaceFirst("gridforge-cubin 1", "gridforge-cubin 2");
        assertThrows(IllegalArgumentException.class, () -> PrecompiledKernel.decode(wrongMagic.getBytes(StandardCharsets.ISO_8859_1)));
        String noArch = new String(good, StandardCharsets.ISO_8859_1).replaceFirst("arch sm_90\n", "");
        assertThrows(IllegalArgumentException.class, () -> PrecompiledKernel.decode(noArch.getBytes(StandardCharsets.ISO_8859_1)));
        String unknown = new String(good, StandardCharsets.ISO_8859_1).replaceFirst("nvrtc 11.8\n", "nvrtc 11.8\ncolour blue\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PrecompiledKernel.decode(unknown.getBytes(StandardCharsets.ISO_8859_1)));
        assertTrue(e.getMessage().contains("colour blue"), e.getMessage());
        // Cut inside the binary's ELF magic: what is left is no CUBIN.
        int headerLength = new String(good, StandardCharsets.ISO_8859_1).indexOf("\n\n") + 2;
        byte[] cut = Arrays.copyOf(good, headerLength + 2);
        assertThrows(IllegalArgumentException.class, () -> PrecompiledKernel.decode(cut));
    }

    @Test
    void refusesVirtualArchitecturesAndMultiLineFields() {
        assertThrows(IllegalArgumentException.class, () -> new PrecompiledKernel("compute_90", "ab", "11.8", List.of(), elf(5, 8)));
        assertThrows(IllegalArgumentException.class, () -> new PrecompiledKernel("sm_90", "ab\ncd", "11.8", List.of(), elf(5, 8)));
        assertThrows(IllegalArgumentException.class, () -> new PrecompiledKernel("sm_90", "ab", "11.8", List.of("a\nb"), elf(5, 8)));
        assertThrows(IllegalArgumentException.class, () -> new PrecompiledKernel("sm_90", "ab", "11.8", List.of(), new byte[] {1, 2, 3, 4}));
    }
}
