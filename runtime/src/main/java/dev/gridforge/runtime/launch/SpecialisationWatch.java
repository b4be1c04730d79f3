package dev.gridforge.runtime.launch;

import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the distinct values a kernel's {@code @Const(specialize = true)} parameters have been
 * compiled for, and warns once when a kernel passes {@link #WARN_AT}: each new value is a new
 * NVRTC compile (a few hundred ms) and a module kept loaded, which is right for a value that
 * takes a handful of settings and wrong for one that changes every call (a time step, say).
 */
final class SpecialisationWatch {

    static final int WARN_AT = 16;

    private static final System.Logger LOG = System.getLogger(SpecialisationWatch.class.getName());

    private final ConcurrentHashMap<KernelInfo, AtomicInteger> compiled = new ConcurrentHashMap<>();

    /**
     * Records one more specialisation of {@code kernel}.
     *
     * @return true if this call crossed the threshold and logged the warning
     */
    boolean compiledAnother(KernelInfo kernel) {
        int n = compiled.computeIfAbsent(kernel, k -> new AtomicInteger()).incrementAndGet();
        if (n != WARN_AT) {
            return false;
        }
        LOG.log(Level.WARNING, "gridforge: kernel ''{0}'' has been compiled for {1} different values of its "
                + "@Const(specialize = true) parameters. Each new value costs an NVRTC compile and keeps a module "
                + "loaded; specialise only values with few settings and pass the others as plain @Const.",
                kernel.name(), n);
        return true;
    }

    int count(KernelInfo kernel) {
        AtomicInteger n = compiled.get(kernel);
        return n == null ? 0 : n.get();
    }
}
