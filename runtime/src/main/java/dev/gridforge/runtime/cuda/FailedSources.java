package dev.gridforge.runtime.cuda;

import dev.gridforge.runtime.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Saves the source of a failed compile where the user can open it: the line numbers in the
 * NVRTC log refer to this file, not to anything the user wrote by hand.
 */
final class FailedSources {

    private FailedSources() {
    }

    /**
     * Writes {@code source} to {@code <cacheDir>/failed/<name>-<hash>.cu} (the temporary
     * directory when the cache directory is unset or unwritable).
     *
     * @return where it was written, or null if nowhere could be written
     */
    static Path save(Path cacheDirectory, String name, String source) {
        String hash = HexFormat.of().formatHex(ModuleKey.sha256().digest(source.getBytes(StandardCharsets.UTF_8)), 0, 6);
        String fileName = name.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + hash + ".cu";
        for (Path dir : new Path[] {
                cacheDirectory == null ? null : cacheDirectory.resolve("failed"),
                Path.of(System.getProperty("java.io.tmpdir"), "gridforge-failed")}) {
            if (dir == null) {
                continue;
            }
            try {
                Files.createDirectories(dir);
                Path file = dir.resolve(fileName);
                AtomicFile.write(file, source.getBytes(StandardCharsets.UTF_8));
                return file;
            } catch (IOException | RuntimeException e) {
                // try the next place; the exception still carries the source itself
            }
        }
        return null;
    }
}
