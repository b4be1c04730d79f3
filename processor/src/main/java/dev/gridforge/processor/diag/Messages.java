package dev.gridforge.processor.diag;

/**
 * Every message the processor shows a user. Each starts with an ID in brackets, names the
 * construct, and says what to write instead. Tests match on these IDs.
 */
public final class Messages {
    private Messages() {
    }

    public static final String UNSUPPORTED = "[Unsupported]";
    public static final String TYPE = "[Type]";
    public static final String NAME = "[Name]";
    public static final String SIGNATURE = "[Signature]";
    public static final String HELPER = "[Helper]";
    public static final String NEEDS_JAVAC = "[NeedsJavac]";
    public static final String INTERNAL = "[Internal]";
    public static final String BENCH = "[Bench]";

    public static String unsupported(String construct, String instead) {
        return UNSUPPORTED + " " + construct + " is not supported in a kernel body; " + instead;
    }

    public static String type(String what) {
        return TYPE + " " + what;
    }

    public static String name(String what) {
        return NAME + " " + what;
    }

    public static String signature(String what) {
        return SIGNATURE + " " + what;
    }

    public static String helper(String what) {
        return HELPER + " " + what;
    }

    public static String bench(String what) {
        return BENCH + " " + what;
    }

    public static String needsJavac(String compiler) {
        return NEEDS_JAVAC + " gridforge reads kernel bodies through the javac Trees API, which this compiler ("
                + compiler + ") does not provide; build with javac (Maven, Gradle and IntelliJ's javac mode do)";
    }

    public static String internal(String kernel, Throwable e) {
        return INTERNAL + " gridforge failed on kernel " + kernel + " (this is a gridforge bug, please report it): " + e;
    }
}
