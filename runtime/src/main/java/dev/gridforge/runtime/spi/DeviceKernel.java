package dev.gridforge.runtime.spi;

/** A compiled, loaded kernel entry point on an {@link Accelerator}. */
public interface DeviceKernel {

    /** The {@code extern "C"} name of the entry point. */
    String entry();
}
