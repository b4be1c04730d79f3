/**
 * The CUDA backend: NVRTC bound through JNA ({@link dev.gridforge.runtime.cuda.Nvrtc}), the
 * compile cache in memory and on disk ({@link dev.gridforge.runtime.cuda.ModuleCache}), and the
 * CUDA driver API through JCuda for the context, memory and launches
 * ({@link dev.gridforge.runtime.cuda.CudaAccelerator}).
 *
 * <p>The entry point is {@link dev.gridforge.runtime.cuda.Cuda}: it probes once whether a driver,
 * a device and an NVRTC library are usable here, and hands out the shared accelerator.
 * Everything that does not need a GPU (library search, cache, option and literal building,
 * argument checks, and the whole compile through {@link dev.gridforge.runtime.cuda.KernelCompiler},
 * public as {@link dev.gridforge.runtime.cuda.OfflineCompiler}) is split out so it is tested on
 * machines without one, against the real NVRTC where it is installed.
 */
package dev.gridforge.runtime.cuda;
