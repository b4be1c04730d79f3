package dev.gridforge.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written whole or not at all; the crash case (a JVM killed mid-write) is {@link KilledWriteTest}. */
class AtomicFileTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aBodyThatFailsLeavesTheEarlierFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("z.npy");
        Files.writeString(f, "good");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(f, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("good", Files.readString(f));
        assertEquals(List.of("z.npy"), names());
        assertThrows(IllegalStateException.class, () -> AtomicFile.write(dir.resolve("new.npy"), out -> {
            throw new IllegalStateException("a bug");
        }));
        assertEquals(List.of("z.npy"), names(), "no file and no temporary file for a write that failed");
    }

    @Test
    void untilTheCommitTheTargetIsTheEarlierFile() throws IOException {
        Path f = dir.resolve("movie.gif");
        Files.writeString(f, "earlier");
        try (AtomicFile a = AtomicFile.create(f)) {
            a.stream().write("frame 1 ".getBytes(StandardCharsets.US_ASCII));
            a.stream().flush();
            assertEquals("earlier", Files.readString(f));
            List<String> during = names();
            assertEquals(2, during.size(), during.toString());
            assertTrue(during.get(0).startsWith(".movie.gif.") && during.get(0).endsWith(".tmp"), during.toString());
            try (OutputStream out = a.stream()) {
                out.write("frame 2".getBytes(StandardCharsets.US_ASCII)); // a body closing its stream does not end the file
            }
            a.commit();
            assertThrows(IllegalStateException.class, a::commit);
        }
        assertEquals("frame 1 frame 2", Files.readString(f));
        assertEquals(List.of("movie.gif"), names());
        try (AtomicFile a = AtomicFile.create(f)) {
            a.stream().write(1);
        } // closed without a commit: discarded
        assertEquals("frame 1 frame 2", Files.readString(f));
        assertEquals(List.of("movie.gif"), names());
    }

    @Test
    void aReplacedFileKeepsItsPermissionsAndANewOneGetsTheDefault() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "no POSIX permissions here");
        Path f = dir.resolve("private.npy");
        Files.writeString(f, "x");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        AtomicFile.write(f, "secret".getBytes(StandardCharsets.US_ASCII));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "made the ordinary way");
        Path fresh = dir.resolve("fresh.npy");
        AtomicFile.write(fresh, new byte[] {1});
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(fresh),
                "a new file has the permissions any new file gets here, not a temporary file's owner-only ones");
    }

    @Test
    void aSymbolicLinkIsWrittenThrough() throws IOException {
        Path real = Files.createDirectory(dir.resolve("data")).resolve("z.npy");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.npy"), real);
        AtomicFile.write(link, "new".getBytes(StandardCharsets.US_ASCII));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(real));
    }

    /** Nothing to keep whole in a device or a pipe, and no directory to rename in: written straight to. */
    @Test
    void aDeviceIsWrittenStraightTo() throws IOException {
        Path devNull = Path.of("/dev/null");
        Assumptions.assumeTrue(Files.exists(devNull) && !Files.isRegularFile(devNull), "no /dev/null here");
        AtomicFile.write(devNull, new byte[] {1, 2, 3});
        Npy.write(devNull, new double[] {1, 2}, 2);
        assertTrue(Files.exists(devNull) && !Files.isRegularFile(devNull));
    }

    @Test
    void aTargetThatCannotBeCreatedFailsAndLeavesNothing() throws IOException {
        Path missing = dir.resolve("no/such/dir/z.npy");
        assertThrows(IOException.class, () -> AtomicFile.write(missing, new byte[] {1}));
        assertFalse(Files.exists(dir.resolve("no")));
        assertArrayEquals(new Object[0], names().toArray());
    }
}
