package dev.gridforge.runtime.spi;

/** A tuning knob given as {@code -Dname=<whole number>}: one that is not a number is ignored, with a warning naming it. */
public final class LongProperty {

    private static final System.Logger LOG = System.getLogger(LongProperty.class.getName());

    private LongProperty() {
    }

    /** The property's value, or {@code fallback} when it is unset or not a whole number. */
    public static long read(String name, long fallback) {
        String value = System.getProperty(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            LOG.log(System.Logger.Level.WARNING, "gridforge: -D{0}={1} is not a whole number; using {2}", name, value, Long.toString(fallback));
            return fallback;
        }
    }
}
