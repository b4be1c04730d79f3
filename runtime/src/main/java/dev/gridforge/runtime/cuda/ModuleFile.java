package dev.gridforge.runtime.cuda;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * One cache entry on disk:
 * <pre>
 *   magic "GRIDFORGE-MODULE" (16 bytes) | format version (int) | body length (int) | SHA-256 of body (32 bytes)
 *   body: key (int length + UTF-8) | kind name (int length + UTF-8) | log (int length + UTF-8) | binary (int length + bytes)
 * </pre>
 * The header's checksum is what makes a torn write (another process, a crash, a full disk)
 * harmless: such a file fails {@link #read} and is compiled and written again. The key inside
 * the body makes an entry copied or renamed under another key's name (another kernel's valid
 * module) fail too.
 */
final class ModuleFile {

    static final byte[] MAGIC = "GRIDFORGE-MODULE".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = MAGIC.length + 4 + 4 + 32;

    private ModuleFile() {
    }

    /** Reads the entry for {@code key}, or throws {@link IOException} saying why the file cannot be used. */
    static CompiledModule read(Path file, String key) throws IOException {
        return decode(Files.readAllBytes(file), key);
    }

    static CompiledModule decode(byte[] bytes, String key) throws IOException {
        if (bytes.length < HEADER_BYTES) {
            throw new IOException("truncated header (" + bytes.length + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a gridforge module file (wrong magic)");
        }
        int version = in.getInt();
        if (version != ModuleKey.FORMAT_VERSION) {
            throw new IOException("format version " + version + ", expected " + ModuleKey.FORMAT_VERSION);
        }
        int bodyLength = in.getInt();
        byte[] checksum = new byte[32];
        in.get(checksum);
        if (bodyLength != in.remaining()) {
            throw new IOException("body is " + in.remaining() + " bytes, header says " + bodyLength + " (truncated or torn)");
        }
        byte[] body = Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length);
        if (!Arrays.equals(checksum, ModuleKey.sha256().digest(body))) {
            throw new IOException("checksum mismatch (corrupt)");
        }
        return decodeBody(ByteBuffer.wrap(body), key);
    }

    private static CompiledModule decodeBody(ByteBuffer body, String key) throws IOException {
        try {
            String stored = new String(chunk(body), StandardCharsets.UTF_8);
            if (!stored.equals(key)) {
                throw new IOException("the entry is for another key (" + stored + "): copied or renamed");
            }
            String kindName = new String(chunk(body), StandardCharsets.UTF_8);
            String log = new String(chunk(body), StandardCharsets.UTF_8);
            byte[] binary = chunk(body);
            return new CompiledModule(binary, OutputKind.valueOf(kindName), log);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            // A checksum match with a malformed body means a writer bug, not a torn file; still recompile.
            throw new IOException("malformed body: " + e, e);
        }
    }

    private static byte[] chunk(ByteBuffer body) {
        int length = body.getInt();
        if (length < 0 || length > body.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] out = new byte[length];
        body.get(out);
        return out;
    }

    static byte[] encode(CompiledModule module, String key) {
        ByteArrayOutputStream bodyBytes = new ByteArrayOutputStream(module.binary().length + 256);
        try (DataOutputStream body = new DataOutputStream(bodyBytes)) {
            writeChunk(body, key.getBytes(StandardCharsets.UTF_8));
            writeChunk(body, module.kind().name().getBytes(StandardCharsets.UTF_8));
            writeChunk(body, module.log().getBytes(StandardCharsets.UTF_8));
            writeChunk(body, module.binary());
        } catch (IOException e) {
            throw new AssertionError("writing to memory cannot fail", e);
        }
        byte[] body = bodyBytes.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + body.length);
        out.put(MAGIC).putInt(ModuleKey.FORMAT_VERSION).putInt(body.length)
                .put(ModuleKey.sha256().digest(body)).put(body);
        return out.array();
    }

    private static void writeChunk(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /**
     * Writes to a temporary name in the same directory, then renames it over {@code file}: a
     * reader sees either the old entry, no entry, or the whole new one, never half of it.
     */
    static void write(Path file, CompiledModule module, String key) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, encode(module, key));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Some network file systems; the checksum still catches a reader racing us.
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
