package dev.gridforge.runtime.spi;

/**
 * How messages name a kernel known only by its CUDA entry point: a generated kernel's entry is
 * {@code gf_kernel_} and its Java name (in ASCII: {@code $} as {@code _S_}, other letters as
 * {@code _uXXXX_}), and a message shows the Java name; other entries (the runtime's own kernels,
 * hand-written ones) as they are.
 */
public final class EntryPoints {
    private static final String KERNEL_PREFIX = dev.gridforge.abi.LaunchInterface.ENTRY_PREFIX;

    private EntryPoints() {
    }

    /** {@code step} for {@code gf_kernel_step}; any other entry as it is. */
    public static String kernelName(String entry) {
        return entry.startsWith(KERNEL_PREFIX) && entry.length() > KERNEL_PREFIX.length()
                ? entry.substring(KERNEL_PREFIX.length()) : entry;
    }
}
