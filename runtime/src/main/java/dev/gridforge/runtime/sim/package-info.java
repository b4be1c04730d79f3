/**
 * The CUDA simulator: an {@link dev.gridforge.runtime.spi.Accelerator} that compiles generated
 * CUDA C as C++ with the host compiler and runs every block and thread sequentially on the
 * calling thread (like numba's cudasim). For tests and debugging without a GPU.
 */
package dev.gridforge.runtime.sim;
