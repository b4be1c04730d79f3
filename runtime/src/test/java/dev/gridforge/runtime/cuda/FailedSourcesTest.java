package dev.gridforge.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailedSourcesTest {

    @TempDir
    Path tmp;

    @Test
    void savesUnderFailedWithASafeNameAndAHash() throws IOException {
        Path saved = FailedSources.save(tmp, "Geo/distance kernel", "int x;");
        assertEquals(tmp.resolve("failed"), saved.getParent());
        assertTrue(saved.getFileName().toString().matches("Geo_distance_kernel-[0-9a-f]{12}\\.cu"), saved.toString());
        assertEquals("int x;", Files.readString(saved));
    }

    @Test
    void anUnwritableCacheDirectoryFallsBackToTheTemporaryDirectory() throws IOException {
        Path aFile = Files.writeString(tmp.resolve("file"), "");
        Path saved = FailedSources.save(aFile.resolve("cache"), "k", "int y;");
        assertNotNull(saved);
        assertTrue(saved.startsWith(Path.of(System.getProperty("java.io.tmpdir"))), saved.toString());
        assertEquals("int y;", Files.readString(saved));
        Files.delete(saved);
    }
}
