package dev.gridforge.runtime.cuda;

/** What NVRTC produced: machine code for one architecture, or PTX that the driver JIT-compiles. */
enum OutputKind {
    /** SASS for exactly the device's {@code sm_XY}; loads without a JIT step. */
    CUBIN,
    /** Virtual-architecture PTX; used when NVRTC is older than the device. */
    PTX
}
