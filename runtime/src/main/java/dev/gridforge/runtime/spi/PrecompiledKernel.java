package dev.gridforge.runtime.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A kernel's CUDA C compiled at build time for one GPU architecture, as shipped in a jar: the
 * resource {@code <kernel>.cu.<arch>.cubin} next to the {@code .cu} it was compiled from. The
 * file is a short text header (what it was compiled from and how) followed by the CUBIN, so the
 * runtime loads it only for the exact source and compile options it would use itself; anything
 * else is compiled with NVRTC as usual.
 *
 * <pre>
 * gridforge-cubin 1
 * arch sm_90
 * source-sha256 3f1a…
 * nvrtc 11.8
 * option --fmad=false
 * option …
 * (empty line, then the CUBIN: an ELF file)
 * </pre>
 *
 * @param arch         the real architecture it runs on: {@code sm_90}
 * @param sourceSha256 SHA-256 of the UTF-8 source text, lower-case hex
 * @param nvrtcVersion the NVRTC that compiled it ("11.8"), for messages
 * @param options      the NVRTC options it was compiled with, in order
 * @param binary       the CUBIN
 */
public record PrecompiledKernel(String arch, String sourceSha256, String nvrtcVersion, List<String> options, byte[] binary) {

    private static final String MAGIC = "gridforge-cubin 1";
    private static final byte[] ELF = {0x7f, 'E', 'L', 'F'};
    /** A header longer than this is not one of ours. */
    private static final int MAX_HEADER = 16 * 1024;

    public PrecompiledKernel {
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(sourceSha256, "sourceSha256");
        Objects.requireNonNull(nvrtcVersion, "nvrtcVersion");
        options = List.copyOf(options);
        Objects.requireNonNull(binary, "binary");
        if (!arch.matches("sm_[0-9]+[a-z]?")) {
            throw new IllegalArgumentException("not a real GPU architecture: '" + arch + "' (write sm_90)");
        }
        for (String field : List.of(sourceSha256, nvrtcVersion)) {
            if (field.isEmpty() || field.contains("\n")) {
                throw new IllegalArgumentException("a header field must be one non-empty line: '" + field + "'");
            }
        }
        for (String option : options) {
            if (option.contains("\n")) {
                throw new IllegalArgumentException("an option must be one line: '" + option + "'");
            }
        }
        if (binary.length < ELF.length || !Arrays.equals(binary, 0, ELF.length, ELF, 0, ELF.length)) {
            throw new IllegalArgumentException("the binary is not a CUBIN (no ELF header)");
        }
    }

    /** The resource name of {@code cudaResource} compiled for {@code arch}: {@code WaveKernels.step.cu.sm_90.cubin}. */
    public static String resourceName(String cudaResource, String arch) {
        return cudaResource + "." + arch + ".cubin";
    }

    /**
     * The name under which the window variant of {@code cudaResource} (compiled with
     * {@code #define GF_WINDOW}, for launches in a window) is shipped, given to {@link #resourceName}:
     * {@code WaveKernels.step.cu.window}, so {@code WaveKernels.step.cu.window.sm_90.cubin}. Its
     * {@code source-sha256} is that of {@link #withDefines the source with the define before it}.
     */
    public static String windowVariant(String cudaResource) {
        return cudaResource + ".window";
    }

    /** The text NVRTC compiles for {@code source} with {@code defines}: the lines, then the source (as the runtime's compiler joins them). */
    public static String withDefines(String source, List<String> defines) {
        return defines.isEmpty() ? source : String.join("\n", defines) + "\n" + source;
    }

    /**
     * The class-path resource listing, one per line, every kernel compiled at build time for
     * {@code arch} by one build: {@code META-INF/gridforge/cubins/sm_90}. Its presence tells the
     * runtime that the CUDA backend is worth using without NVRTC.
     */
    public static String indexResource(String arch) {
        return "META-INF/gridforge/cubins/" + arch;
    }

    /** Whether some jar or directory on the class path holds kernels compiled at build time for one of {@code archs}. */
    public static boolean anyOnClassPath(List<String> archs) {
        List<ClassLoader> loaders = new ArrayList<>();
        loaders.add(Thread.currentThread().getContextClassLoader());
        loaders.add(PrecompiledKernel.class.getClassLoader());
        for (ClassLoader loader : loaders) {
            for (String arch : archs) {
                URL index = loader == null ? ClassLoader.getSystemResource(indexResource(arch)) : loader.getResource(indexResource(arch));
                if (index != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether this was compiled from exactly {@code source}. */
    public boolean compiledFrom(String source) {
        return sourceSha256.equals(sha256(source));
    }

    /** The file's bytes: header, empty line, CUBIN. */
    public byte[] encode() {
        StringBuilder header = new StringBuilder(MAGIC).append('\n')
                .append("arch ").append(arch).append('\n')
                .append("source-sha256 ").append(sourceSha256).append('\n')
                .append("nvrtc ").append(nvrtcVersion).append('\n');
        for (String option : options) {
            header.append("option ").append(option).append('\n');
        }
        header.append('\n');
        byte[] head = header.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(head, head.length + binary.length);
        System.arraycopy(binary, 0, out, head.length, binary.length);
        return out;
    }

    /**
     * Reads a file written by {@link #encode()}.
     *
     * @throws IllegalArgumentException naming what is wrong, when it is not such a file
     */
    public static PrecompiledKernel decode(byte[] file) {
        int end = headerEnd(file);
        String[] lines = new String(file, 0, end, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !lines[0].equals(MAGIC)) {
            throw new IllegalArgumentException("not a gridforge kernel binary (it does not start with '" + MAGIC + "')");
        }
        String arch = null;
        String sha = null;
        String nvrtc = null;
        List<String> options = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int space = line.indexOf(' ');
            String key = space < 0 ? line : line.substring(0, space);
            String value = space < 0 ? "" : line.substring(space + 1);
            switch (key) {
                case "arch" -> arch = value;
                case "source-sha256" -> sha = value;
                case "nvrtc" -> nvrtc = value;
                case "option" -> options.add(value);
                default -> throw new IllegalArgumentException("unknown header line '" + line + "'");
            }
        }
        if (arch == null || sha == null || nvrtc == null) {
            throw new IllegalArgumentException("the header lacks its arch, source-sha256 or nvrtc line");
        }
        return new PrecompiledKernel(arch, sha, nvrtc, options, Arrays.copyOfRange(file, end + 2, file.length));
    }

    /** Reads and decodes {@code in}. */
    public static PrecompiledKernel read(InputStream in) {
        try {
            return decode(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Index of the first byte of the "\n\n" that ends the header. */
    private static int headerEnd(byte[] file) {
        for (int i = 0; i + 1 < Math.min(file.length, MAX_HEADER); i++) {
            if (file[i] == '\n' && file[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("not a gridforge kernel binary (no header of at most " + MAX_HEADER + " bytes)");
    }

    /** SHA-256 of {@code source}'s UTF-8 bytes, lower-case hex: what {@link #sourceSha256()} holds. */
    public static String sha256(String source) {
        return Sha256.hex(source);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrecompiledKernel k && arch.equals(k.arch) && sourceSha256.equals(k.sourceSha256)
                && nvrtcVersion.equals(k.nvrtcVersion) && options.equals(k.options) && Arrays.equals(binary, k.binary);
    }

    @Override
    public int hashCode() {
        return Objects.hash(arch, sourceSha256, nvrtcVersion, options, Arrays.hashCode(binary));
    }

    @Override
    public String toString() {
        return "PrecompiledKernel[" + arch + ", source " + sourceSha256.substring(0, Math.min(12, sourceSha256.length()))
                + ", NVRTC " + nvrtcVersion + ", " + binary.length + " bytes]";
    }
}
