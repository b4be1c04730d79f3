package dev.gridforge.runtime.cuda;

import dev.gridforge.runtime.spi.DeviceKernel;
import jcuda.driver.CUfunction;

/** An entry point of a loaded module. The module stays loaded for the accelerator's lifetime. */
record CudaKernel(String entry, CUfunction function, CudaAccelerator owner) implements DeviceKernel {
}
