package dev.gridforge.bench.sass;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A CUDA C file the report compiles, and its entry points: the samples' generated kernels, the
 * runtime's own kernels and the hand-written references, each read from the class path.
 *
 * @param label  how the report names it ({@code WaveKernels.step})
 * @param group  sample, runtime or reference
 */
record KernelSource(String label, String group, String text, List<String> entries) {
    private static final Pattern ENTRY = Pattern.compile("extern \"C\" __global__ void (\\w+)\\s*\\(");

    static KernelSource of(String label, String group, String text) {
        List<String> entries = new ArrayList<>();
        Matcher m = ENTRY.matcher(text);
        while (m.find()) {
            entries.add(m.group(1));
        }
        return new KernelSource(label, group, text, List.copyOf(entries));
    }

    /** Every {@code .cu} resource in the package of {@code anchor}, from its directory or jar, sorted by name. */
    static List<KernelSource> inPackageOf(Class<?> anchor, String group) {
        String dir = anchor.getPackageName().replace('.', '/') + "/";
        List<String> names = new ArrayList<>();
        try {
            Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.list(location.resolve(dir))) {
                    files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cu")).forEach(names::add);
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    jar.stream().map(JarEntry::getName).filter(n -> n.startsWith(dir) && n.endsWith(".cu")
                            && n.indexOf('/', dir.length()) < 0).forEach(n -> names.add(n.substring(dir.length())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        names.sort(null);
        List<KernelSource> out = new ArrayList<>();
        for (String name : names) {
            out.add(of(name.substring(0, name.length() - 3), group, read(anchor, name)));
        }
        return out;
    }

    static KernelSource resource(Class<?> anchor, String name, String label, String group) {
        return of(label, group, read(anchor, name));
    }

    private static String read(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            Objects.requireNonNull(in, () -> "no resource " + name + " next to " + anchor.getName());
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
