package dev.gridforge.runtime.launch;

import dev.gridforge.runtime.GridforgeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The generated CUDA C of kernels, read once from resources next to their launcher classes. */
public final class KernelSources {

    private record Key(Class<?> launcher, String resource) {
    }

    private static final Map<Key, String> CACHE = new ConcurrentHashMap<>();

    private KernelSources() {
    }

    /** The CUDA C of {@code kernel}: the resource {@code <LauncherSimpleName>.<kernel>.cu} next to {@code launcher}. */
    public static String load(Class<?> launcher, String kernel) {
        Objects.requireNonNull(launcher, "launcher");
        Objects.requireNonNull(kernel, "kernel");
        return loadResource(launcher, launcher.getSimpleName() + "." + kernel + ".cu");
    }

    /** The UTF-8 text of {@code resource}, relative to {@code launcher}'s package. */
    public static String loadResource(Class<?> launcher, String resource) {
        Objects.requireNonNull(launcher, "launcher");
        Objects.requireNonNull(resource, "resource");
        return CACHE.computeIfAbsent(new Key(launcher, resource), KernelSources::read);
    }

    private static String read(Key key) {
        try (InputStream in = key.launcher().getResourceAsStream(key.resource())) {
            if (in == null) {
                String pkg = key.launcher().getPackageName().replace('.', '/');
                throw new GridforgeException("[MissingKernelSource] No resource '" + key.resource() + "' next to "
                        + key.launcher().getName() + " (looked for /" + (pkg.isEmpty() ? "" : pkg + "/")
                        + key.resource() + "). The .cu file is generated with the launcher: rebuild the module"
                        + " that declares the kernel, and keep generated resources in its jar.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading kernel source " + key.resource() + " of " + key.launcher().getName(), e);
        }
    }
}
