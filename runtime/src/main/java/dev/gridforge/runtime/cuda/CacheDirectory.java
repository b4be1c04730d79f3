package dev.gridforge.runtime.cuda;

import java.nio.file.Path;
import java.util.Map;

/** Where compiled kernels (and the sources of failed compiles) are kept between runs. */
public final class CacheDirectory {

    static final String PROPERTY = "gridforge.cache.dir";
    static final String ENV = "GRIDFORGE_CACHE_DIR";

    private CacheDirectory() {
    }

    /** The directory for this JVM: {@value #PROPERTY}, {@value #ENV}, the XDG cache, {@code ~/.cache}. */
    /** gridforge's cache directory: -Dgridforge.cache.dir, $GRIDFORGE_CACHE_DIR, $XDG_CACHE_HOME/gridforge or ~/.cache/gridforge. */
    public static Path resolve() {
        return resolve(System.getProperty(PROPERTY), System.getenv(), System.getProperty("user.home"));
    }

    static Path resolve(String property, Map<String, String> env, String userHome) {
        if (present(property)) {
            return Path.of(property);
        }
        if (present(env.get(ENV))) {
            return Path.of(env.get(ENV));
        }
        String xdg = env.get("XDG_CACHE_HOME");
        // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
        if (present(xdg) && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "gridforge");
        }
        return Path.of(userHome == null ? "." : userHome, ".cache", "gridforge");
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
