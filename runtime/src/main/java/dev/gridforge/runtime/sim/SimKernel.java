package dev.gridforge.runtime.sim;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import dev.gridforge.runtime.spi.DeviceKernel;
import java.nio.file.Path;

/** A kernel compiled into a shared library, with its launch trampoline. */
record SimKernel(String entry, Path library, NativeLibrary nativeLibrary, Function trampoline) implements DeviceKernel {
}
