package dev.gridforge.runtime.launch;

import dev.gridforge.runtime.GridforgeException;
import dev.gridforge.runtime.spi.Accelerator;
import dev.gridforge.runtime.spi.DeviceKernel;
import dev.gridforge.runtime.spi.PrecompiledKernel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Finds and loads the kernel compiled at build time for the accelerator's device, next to the
 * kernel's CUDA C resource ({@link PrecompiledKernel#resourceName}). One that is unreadable, made
 * from another source (the jar's kernels were rebuilt without recompiling them) or refused by the
 * device is passed over with a warning, and the source is compiled instead.
 */
final class PrecompiledKernels {

    private static final System.Logger LOG = System.getLogger(PrecompiledKernels.class.getName());

    private PrecompiledKernels() {
    }

    /** The loaded entry point, or null when there is no usable binary for this device. */
    static DeviceKernel load(Class<?> owner, String resource, String source, String entry, Accelerator accelerator) {
        for (String arch : accelerator.binaryArchitectures()) {
            String name = PrecompiledKernel.resourceName(resource, arch);
            PrecompiledKernel binary = read(owner, name);
            if (binary == null) {
                continue;
            }
            String where = name + " next to " + owner.getName();
            if (!binary.arch().equals(arch)) {
                LOG.log(System.Logger.Level.WARNING, "gridforge: {0} says it is for {1}, not {2}; compiling the source instead",
                        where, binary.arch(), arch);
                continue;
            }
            if (!binary.compiledFrom(source)) {
                LOG.log(System.Logger.Level.WARNING, "gridforge: {0} was compiled from another version of {1}; "
                        + "compiling the source instead (rebuild to compile kernels at build time again)", where, resource);
                continue;
            }
            try {
                DeviceKernel kernel = accelerator.loadPrecompiled(binary, entry);
                if (kernel != null) {
                    LOG.log(System.Logger.Level.DEBUG, "gridforge: {0} of {1} loaded from {2}", entry, owner.getName(), name);
                    return kernel;
                }
                LOG.log(System.Logger.Level.DEBUG, "gridforge: {0} was compiled with other options; compiling the source", where);
            } catch (GridforgeException e) {
                LOG.log(System.Logger.Level.WARNING, "gridforge: the device refused {0} ({1}); compiling the source instead",
                        where, e.getMessage());
            }
        }
        return null;
    }

    private static PrecompiledKernel read(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            return in == null ? null : PrecompiledKernel.read(in);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "gridforge: {0} next to {1} is unreadable ({2}); compiling the source instead",
                    name, owner.getName(), e.getMessage());
            return null;
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "gridforge: reading {0} next to {1} failed ({2}); compiling the source instead",
                    name, owner.getName(), e.getMessage());
            return null;
        }
    }
}
