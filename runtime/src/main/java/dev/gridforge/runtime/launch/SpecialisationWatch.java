package dev.gridforge.runtime.launch;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts, per kernel of one launcher class ({@link LauncherCaches}), the distinct values a kernel's {@code @Const(specialize = true)} parameters have been
 * compiled for, and warns once when a kernel passes {@link #WARN_AT}: each new value is a new
 * NVRTC compile (a few hundred ms) and a module kept loaded, which is right for a value that
 * takes a handful of settings and wrong for one that changes every call (a time step, say).
 */
final class SpecialisationWatch {

    static final int WARN_AT = 16;

    private static final System.Logger LOG = System.getLogger(SpecialisationWatch.class.getName());

    private final ConcurrentHashMap<String, Set<List<String>>> compiled = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /**
     * Records that {@code kernel} was loaded with {@code defines}; the same defines again (on
     * another accelerator, say) do not count twice.
     *
     * @return true if this call logged the warning (once per kernel, on reaching the threshold)
     */
    boolean loaded(String kernel, List<String> defines) {
        Set<List<String>> seen = compiled.computeIfAbsent(kernel, k -> ConcurrentHashMap.newKeySet());
        if (!seen.add(List.copyOf(defines))) {
            return false;
        }
        int n = seen.size();
        if (n < WARN_AT || !warned.add(kernel)) {
            return false;
        }
        LOG.log(Level.WARNING, "gridforge: kernel ''{0}'' has been compiled for {1} different values of its "
                + "@Const(specialize = true) parameters. Each new value costs an NVRTC compile and keeps a module "
                + "loaded; specialise only values with few settings and pass the others as plain @Const.",
                kernel, n);
        return true;
    }

    /** How many distinct sets of defines {@code kernel} has been loaded with. */
    int count(String kernel) {
        Set<List<String>> seen = compiled.get(kernel);
        return seen == null ? 0 : seen.size();
    }
}
