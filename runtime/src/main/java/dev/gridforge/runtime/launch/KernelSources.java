package dev.gridforge.runtime.launch;

import dev.gridforge.runtime.GridforgeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The generated CUDA C of kernels, read once from resources next to their launcher classes and
 * kept with the class ({@link LauncherCaches}).
 */
public final class KernelSources {

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
        return LauncherCaches.of(launcher).sources.computeIfAbsent(resource, r -> read(launcher, r));
    }

    private static String read(Class<?> launcher, String resource) {
        try (InputStream in = launcher.getResourceAsStream(resource)) {
            if (in == null) {
                String pkg = launcher.getPackageName().replace('.', '/');
                throw new GridforgeException("[MissingKernelSource] No resource '" + resource + "' next to "
                        + launcher.getName() + " (looked for /" + (pkg.isEmpty() ? "" : pkg + "/")
                        + resource + "). The .cu file is generated with the launcher: rebuild the module"
                        + " that declares the kernel, and keep generated resources in its jar.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading kernel source " + resource + " of " + launcher.getName(), e);
        }
    }
}
