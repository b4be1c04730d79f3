package dev.gridforge.runtime;

/** Base of every failure gridforge reports at run time; the message names the problem and the fix. */
public class GridforgeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GridforgeException(String message) {
        super(message);
    }

    public GridforgeException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The message on one line, for a build log or a table row, where a multi-line message cut at
     * its first newline would keep the heading and lose what it heads (every place NVRTC was
     * looked for). The indented lines under a heading follow it, separated by semicolons; the
     * other lines follow as sentences.
     */
    public String oneLine() {
        return oneLine(getMessage());
    }

    /** {@link #oneLine()} for any message. */
    public static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        boolean inList = false;
        for (String line : message.strip().lines().toList()) {
            if (line.isBlank()) {
                continue;
            }
            boolean item = Character.isWhitespace(line.charAt(0));
            String text = line.strip();
            if (out.length() > 0) {
                if (item && inList) {
                    out.append("; ");
                } else if (item || ".:;,!?".indexOf(out.charAt(out.length() - 1)) >= 0) {
                    out.append(' ');
                } else {
                    out.append(". ");
                }
            }
            out.append(text);
            inList = item;
        }
        return out.toString();
    }
}
