package dev.gridforge.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ModuleFileTest {

    private final CompiledModule module = new CompiledModule(new byte[] {1, 2, 3, 0}, OutputKind.PTX, "warning: ünïcode");

    @Test
    void roundTrips() throws IOException {
        CompiledModule back = ModuleFile.decode(ModuleFile.encode(module, "k1"), "k1");
        assertArrayEquals(module.binary(), back.binary());
        assertEquals(module.kind(), back.kind());
        assertEquals(module.log(), back.log());
    }

    @Test
    void headerStartsWithTheMagicAndVersion() {
        ByteBuffer bytes = ByteBuffer.wrap(ModuleFile.encode(module, "k1"));
        byte[] magic = new byte[ModuleFile.MAGIC.length];
        bytes.get(magic);
        assertEquals("GRIDFORGE-MODULE", new String(magic, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(ModuleKey.FORMAT_VERSION, bytes.getInt());
    }

    @Test
    void eachKindOfDamageIsNamed() {
        byte[] good = ModuleFile.encode(module, "k1");
        assertReason(Arrays.copyOf(good, 20), "truncated header");
        assertReason(Arrays.copyOf(good, good.length - 1), "truncated or torn");
        byte[] flipped = good.clone();
        flipped[flipped.length - 1] ^= 1;
        assertReason(flipped, "checksum mismatch");
        byte[] magic = good.clone();
        magic[3] = '?';
        assertReason(magic, "wrong magic");
        byte[] version = good.clone();
        ByteBuffer.wrap(version).putInt(ModuleFile.MAGIC.length, 99);
        assertReason(version, "format version 99");
    }

    private static void assertReason(byte[] bytes, String expected) {
        IOException e = assertThrows(IOException.class, () -> ModuleFile.decode(bytes, "k1"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
