package dev.gridforge.samples;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of the samples' output options, made before computing so a typo does not cost a whole run. */
final class Outputs {
    private Outputs() {
    }

    /** A file to write, named {@code *.<extension>}, in a directory that exists and is writable. */
    static void checkFile(CommandSpec spec, String option, Path file, String extension, String format) {
        if (file == null) {
            return;
        }
        if (!file.getFileName().toString().endsWith("." + extension)) {
            throw new ParameterException(spec.commandLine(), option + " writes " + format + "; name the file so it ends in ."
                    + extension + ", got " + file);
        }
        if (Files.isDirectory(file)) {
            throw new ParameterException(spec.commandLine(), option + ": " + file + " is a directory; name a file in it");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), option + ": " + dir + " is a file, not a directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), option + ": the directory " + dir + " does not exist");
        }
        if (!canCreateFileIn(dir)) {
            throw new ParameterException(spec.commandLine(), option + ": cannot create files in " + dir);
        }
    }

    /** Whether a file can really be made there (permissions alone do not tell: root, /proc, read-only mounts). */
    private static boolean canCreateFileIn(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, ".gridforge-", ".probe"));
            return true;
        } catch (java.io.IOException | SecurityException e) {
            return false;
        }
    }

    /** A directory to write frames into: existing and writable, or creatable. */
    static void checkDirectory(CommandSpec spec, String option, Path dir) {
        if (dir == null) {
            return;
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), option + ": " + dir + " exists and is not a directory");
        }
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !canCreateFileIn(existing)) {
            throw new ParameterException(spec.commandLine(), option + ": cannot create or write " + dir);
        }
    }
}
