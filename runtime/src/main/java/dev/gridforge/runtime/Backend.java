package dev.gridforge.runtime;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a kernel runs. */
public enum Backend {
    /** The default backend ({@link Gridforge#defaultBackend()}); CUDA when usable, else JVM. */
    AUTO("auto"),
    /** The GPU, through NVRTC and the CUDA driver. */
    CUDA("cuda"),
    /** The generated JVM loops, on every core of the common pool. */
    JVM("jvm"),
    /** The generated CUDA C compiled as C++ and run on the CPU, one thread at a time: for tests and debugging. */
    CUDA_SIM("cuda-sim");

    private final String id;

    Backend(String id) {
        this.id = id;
    }

    /** The name used in system properties and on command lines: {@code auto}, {@code cuda}, {@code jvm}, {@code cuda-sim}. */
    public String id() {
        return id;
    }

    /** True for the backends that run generated CUDA C through an accelerator. */
    public boolean isDevice() {
        return this == CUDA || this == CUDA_SIM;
    }

    /**
     * Parses {@code auto}, {@code cuda}, {@code jvm} or {@code cuda-sim}, ignoring case and
     * surrounding blanks ({@code cuda_sim} is accepted too, for enum-style spellings).
     *
     * @throws IllegalArgumentException naming the valid values
     */
    public static Backend parse(String text) {
        if (text != null) {
            String key = text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Backend b : values()) {
                if (b.id.equals(key)) {
                    return b;
                }
            }
        }
        throw new IllegalArgumentException("Unknown gridforge backend "
                + (text == null ? "null" : "'" + text + "'") + "; valid values: " + validValues());
    }

    static String validValues() {
        return Arrays.stream(values()).map(Backend::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
