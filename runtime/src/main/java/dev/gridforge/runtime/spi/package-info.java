/**
 * The interface between the launch path and the devices that run generated CUDA C: the GPU
 * ({@code dev.gridforge.runtime.cuda}) and the CPU simulator ({@code dev.gridforge.runtime.sim}).
 */
package dev.gridforge.runtime.spi;
