package dev.gridforge.runtime.cuda;

import java.util.List;

/**
 * Shortens native-library load errors to the line that says what went wrong. JCuda's and JNA's
 * messages repeat every attempt with stack traces and the whole class path; the reason a user
 * reads needs only "libcuda.so.1: cannot open shared object file".
 */
final class LinkErrors {

    /** dlerror() phrases, most telling first. */
    private static final List<String> TELLING = List.of(
            "cannot open shared object file", "invalid ELF header", "file too short", "undefined symbol",
            "wrong ELF class", "version `");

    private LinkErrors() {
    }

    static String essence(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        List<String> lines = message.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        for (String phrase : TELLING) {
            for (String line : lines) {
                if (line.contains(phrase)) {
                    return line.replaceFirst("^java\\.lang\\.UnsatisfiedLinkError: ", "");
                }
            }
        }
        return lines.get(0);
    }
}
