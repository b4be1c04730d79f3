package dev.gridforge.processor.front;

/**
 * Names that generated code keeps for itself: every generated local, parameter, function and
 * macro starts with {@code gf_} or {@code GF_}, so user names must not.
 */
final class ReservedNames {
    private ReservedNames() {
    }

    static boolean isReserved(String name) {
        return name.startsWith("gf_") || name.startsWith("GF_");
    }

    static String message(String name) {
        return dev.gridforge.processor.diag.Messages.name("'" + name + "': names starting with gf_ or GF_ are kept for "
                + "generated code; rename it");
    }
}
