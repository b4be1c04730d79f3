package dev.gridforge.runtime.cuda;

import java.util.List;

/** The NVRTC command line for generated kernels. */
final class CompileOptions {

    private CompileOptions() {
    }

    /**
     * {@code --fmad=false}: by default NVRTC contracts {@code a * b + c} into one fused
     * multiply-add, which rounds once instead of twice. Java never fuses (it rounds after every
     * + - * /), and the generated JVM loops are the oracle the CUDA result is checked against,
     * so contraction would make the two backends disagree in the last bits for no reason the
     * user can see. Kernels that want an FMA can still call {@code fma()} explicitly.
     *
     * <p>{@code --std=c++17}: NVRTC's default dialect changes between releases; pinning it
     * keeps the same generated source meaning the same thing under every NVRTC we support.
     */
    static List<String> forTarget(CompileTarget target) {
        return List.of("--gpu-architecture=" + target.arch(), "--fmad=false", "--std=c++17");
    }
}
