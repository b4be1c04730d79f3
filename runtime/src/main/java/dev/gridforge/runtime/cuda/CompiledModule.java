package dev.gridforge.runtime.cuda;

import java.util.Objects;

/**
 * One NVRTC result: the binary to hand to {@code cuModuleLoadData}, what kind it is, and the
 * compiler's log (warnings survive a successful compile, so the log is kept too).
 *
 * @param binary CUBIN bytes, or PTX text ending in a NUL byte (the driver reads it as a C string)
 */
record CompiledModule(byte[] binary, OutputKind kind, String log) {
    CompiledModule {
        Objects.requireNonNull(binary, "binary");
        Objects.requireNonNull(kind, "kind");
        log = log == null ? "" : log;
    }
}
