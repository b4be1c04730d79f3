package dev.gridforge.runtime.cuda;

import dev.gridforge.runtime.spi.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Everything that decides which binary NVRTC produces. Two equal keys may share one binary;
 * any difference (a define, an option, another NVRTC, another GPU) means another entry.
 *
 * @param source          the full source, {@code #define} lines included
 * @param options         NVRTC options, kept sorted so their order does not split the cache
 * @param compilerVersion the NVRTC version, e.g. "13.0"
 * @param arch            the {@code --gpu-architecture} value
 * @param kind            CUBIN or PTX
 */
record ModuleKey(String source, List<String> options, String compilerVersion, String arch, OutputKind kind) {

    /** Bump when the on-disk entry layout or the meaning of a key changes. */
    static final int FORMAT_VERSION = 2;

    ModuleKey {
        Objects.requireNonNull(source, "source");
        options = options.stream().sorted().toList();
        Objects.requireNonNull(compilerVersion, "compilerVersion");
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * SHA-256 over every field plus the cache format and gridforge versions, as lowercase hex:
     * the entry's file name. Each field is length-prefixed so no two different keys can
     * concatenate to the same bytes.
     */
    String digest(String gridforgeVersion) {
        MessageDigest sha = sha256();
        update(sha, Integer.toString(FORMAT_VERSION));
        update(sha, gridforgeVersion);
        update(sha, source);
        update(sha, Integer.toString(options.size()));
        options.forEach(o -> update(sha, o));
        update(sha, compilerVersion);
        update(sha, arch);
        update(sha, kind.name());
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, String field) {
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) ':');
        sha.update(bytes);
    }

    static MessageDigest sha256() {
        return Sha256.digest();
    }
}
