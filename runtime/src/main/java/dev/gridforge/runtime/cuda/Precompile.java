package dev.gridforge.runtime.cuda;

import dev.gridforge.runtime.CudaUnavailableException;
import dev.gridforge.runtime.GridforgeException;
import dev.gridforge.runtime.spi.PrecompiledKernel;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Compiles a build's generated kernels for the GPUs its user lists, at build time, so the jar
 * carries them and a machine with only the NVIDIA driver runs them (no NVRTC there). Run in a
 * JVM of its own on a classes directory after compilation, e.g. by {@code exec-maven-plugin}'s
 * {@code exec} goal at {@code process-classes} (see the README):
 *
 * <pre>
 * java -cp CLASSPATH dev.gridforge.runtime.cuda.Precompile target/classes 80,90
 * </pre>
 *
 * <p>For each generated {@code X.cu} under the directory (and the runtime's own kernels) it
 * writes {@code X.cu.sm_80.cubin}, {@code X.cu.sm_90.cubin} beside it ({@link PrecompiledKernel}),
 * plus an index per architecture under {@code META-INF/gridforge/cubins/}. Kernels with
 * {@code @Const(specialize = true)} parameters are left to NVRTC at run time, as is any
 * architecture this NVRTC cannot compile for. Without NVRTC it says so in one line and writes
 * nothing; the build goes on. A kernel that does not compile fails the build.
 */
public final class Precompile {

    /** Kernels of the runtime itself, resources on its class path; compiled with the user's so a driver-only machine has them too. */
    static final List<String> RUNTIME_KERNELS = List.of("dev/gridforge/runtime/loop/gf_watch.cu");

    /** What a generated source starts a specialised constant's guard with (see the processor's CudaPrinter). */
    private static final String SPECIALISED = "#ifndef GF_CONST_";

    /** {@code X.cu.sm_90.cubin}, as {@link PrecompiledKernel#resourceName} names them. */
    private static final Pattern EARLIER_BINARY = Pattern.compile(".+\\.cu\\.sm_[0-9]+[a-z]?\\.cubin");
    /** 9.0 */
    private static final Pattern DOTTED = Pattern.compile("([1-9][0-9]?)\\.([0-9])");
    /** 90 (the last digit is the minor version) */
    private static final Pattern JOINED = Pattern.compile("([1-9][0-9]?)([0-9])");

    private static final String USAGE = "usage: java -cp CLASSPATH dev.gridforge.runtime.cuda.Precompile CLASSES_DIRECTORY"
            + " COMPUTE_CAPABILITIES (e.g. 80,90; none compiles nothing)";

    private Precompile() {
    }

    /**
     * @param args the classes directory, then the compute capabilities: {@code 80,90}, {@code 8.0,9.0}
     *             or {@code sm_80,sm_90}; none, empty or {@code none} compiles nothing
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("--help")) {
            System.out.println(USAGE);
            return;
        }
        try {
            if (args.length < 1 || args.length > 2) {
                throw new IllegalArgumentException("expected a classes directory and compute capabilities, got " + args.length + " arguments");
            }
            run(Path.of(args[0]), parseArchitectures(args.length > 1 ? args[1] : ""), System.out);
        } catch (IllegalArgumentException | GridforgeException e) {
            // A forked JVM of the build (see the README): one clear message and a failing exit, no stack trace.
            System.err.println("gridforge: compiling kernels at build time failed: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(1);
        }
    }

    /** One compute capability, as NVRTC's sm number: 90 for 9.0. */
    record Capability(int major, int minor) {
        String arch() {
            return "sm_" + major + minor;
        }
    }

    /**
     * {@code "80,90"}, {@code "8.0, 9.0"}, {@code "sm_80 sm_90"}: comma- or space-separated; empty and
     * {@code none} give none.
     *
     * @throws IllegalArgumentException naming an entry that is not a compute capability
     */
    static List<Capability> parseArchitectures(String list) {
        Set<Capability> out = new LinkedHashSet<>();
        String trimmed = list.strip();
        if (trimmed.isEmpty() || trimmed.equals("none")) {
            return List.of();
        }
        for (String item : trimmed.split("[,\\s]+")) {
            String s = item.startsWith("sm_") ? item.substring(3) : item;
            Matcher dotted = DOTTED.matcher(s);
            Matcher joined = JOINED.matcher(s);
            if (dotted.matches()) {
                out.add(new Capability(Integer.parseInt(dotted.group(1)), Integer.parseInt(dotted.group(2))));
            } else if (joined.matches()) {
                out.add(new Capability(Integer.parseInt(joined.group(1)), Integer.parseInt(joined.group(2))));
            } else {
                throw new IllegalArgumentException("'" + item + "' is not a compute capability: write 90 or 9.0 for an H100,"
                        + " 89 for an RTX 4090, 80 for an A100, separated by commas");
            }
        }
        return List.copyOf(out);
    }

    /** A kernel source to compile: its text, and the file it lives in under the classes directory. */
    private record Source(Path file, String text) {
    }

    /**
     * Compiles every kernel under {@code classes} for each of {@code capabilities}, reporting to {@code out}.
     *
     * @return how many binaries were written
     */
    static int run(Path classes, List<Capability> capabilities, PrintStream out) throws IOException {
        if (!Files.isDirectory(classes)) {
            throw new IllegalArgumentException("no classes directory " + classes.toAbsolutePath());
        }
        // What an earlier build wrote goes first: a jar carries binaries for exactly the GPUs listed now.
        removeEarlierBinaries(classes);
        if (capabilities.isEmpty()) {
            out.println("gridforge: no compute capabilities listed, so no kernels compiled at build time; they compile at run time");
            return 0;
        }
        long t0 = System.nanoTime();
        List<Source> sources = new ArrayList<>();
        List<String> specialised = new ArrayList<>();
        for (Path file : generatedSources(classes)) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.contains(SPECIALISED)) {
                specialised.add(classes.relativize(file).toString());
            } else {
                sources.add(new Source(file, text));
            }
        }
        for (String resource : RUNTIME_KERNELS) {
            sources.add(new Source(classes.resolve(resource), runtimeKernel(resource)));
        }
        int written = 0;
        List<String> archs = new ArrayList<>();
        String nvrtcVersion = null;
        for (Capability c : capabilities) {
            OfflineCompiler nvrtc;
            try {
                nvrtc = OfflineCompiler.forComputeCapability(c.major(), c.minor(), CacheDirectory.resolve());
            } catch (CudaUnavailableException e) {
                out.println("gridforge: no kernels compiled at build time, NVRTC is not here ("
                        + e.getMessage().lines().findFirst().orElse("") + "); they compile at run time instead");
                return 0;
            }
            nvrtcVersion = nvrtc.nvrtcVersion();
            if (!nvrtc.architecture().equals(c.arch())) {
                out.println("gridforge: NVRTC " + nvrtcVersion + " cannot make a CUBIN for " + c.arch()
                        + "; kernels for it compile at run time");
                continue;
            }
            List<String> index = new ArrayList<>();
            for (Source s : sources) {
                OfflineCompiler.Compiled compiled = nvrtc.compile(s.text(), s.file().getFileName().toString(), List.of());
                PrecompiledKernel binary = new PrecompiledKernel(c.arch(), PrecompiledKernel.sha256(s.text()),
                        nvrtcVersion, nvrtc.options(), compiled.binary());
                Path target = s.file().resolveSibling(PrecompiledKernel.resourceName(s.file().getFileName().toString(), c.arch()));
                writeAtomically(target, binary.encode());
                index.add(classes.relativize(target).toString().replace('\\', '/'));
                written++;
            }
            writeAtomically(classes.resolve(PrecompiledKernel.indexResource(c.arch())),
                    (String.join("\n", index) + "\n").getBytes(StandardCharsets.UTF_8));
            archs.add(c.arch());
        }
        if (!archs.isEmpty()) {
            int own = sources.size() - RUNTIME_KERNELS.size();
            out.printf("gridforge: %d kernel%s (and the runtime's time-loop watchdog) compiled at build time for %s with NVRTC %s"
                    + " in %.1f s%s%n", own, own == 1 ? "" : "s", String.join(", ", archs), nvrtcVersion, (System.nanoTime() - t0) / 1e9,
                    specialised.isEmpty() ? "" : "; " + specialised.size() + " with specialised constants compile at run time");
        }
        return written;
    }

    /** Every generated kernel source ({@code *.cu}) under {@code classes}, in a stable order. */
    private static List<Path> generatedSources(Path classes) throws IOException {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".cu") && Files.isRegularFile(p))
                    .filter(p -> !RUNTIME_KERNELS.contains(classes.relativize(p).toString().replace('\\', '/')))
                    .sorted().toList();
        }
    }

    private static String runtimeKernel(String resource) {
        try (InputStream in = Precompile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the runtime's kernel " + resource + " is missing from its jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Binaries and indexes an earlier run left under {@code classes}, for whatever architectures it was given. */
    private static void removeEarlierBinaries(Path classes) throws IOException {
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String rel = classes.relativize(p).toString().replace('\\', '/');
                boolean binary = EARLIER_BINARY.matcher(p.getFileName().toString()).matches();
                boolean index = rel.startsWith(PrecompiledKernel.indexResource(""));
                if (binary || index) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Written whole or not at all: a build interrupted midway leaves no half-written binary for the runtime to find. */
    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes);
            // Readable by all, as the class files beside it (a temporary file is the owner's only).
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its default permissions stand
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
