package dev.gridforge.runtime.sim;

import dev.gridforge.runtime.GridforgeException;
import dev.gridforge.runtime.KernelCompileException;
import dev.gridforge.runtime.spi.NeutralContext;
import dev.gridforge.runtime.spi.Sha256;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Compiles simulator kernels with the host C++ compiler into shared libraries, cached on disk by
 * a SHA-256 of the prelude header and the full source. Files are written under a temporary name
 * and moved into place, so a reader never sees a half-written library; each library has its
 * SHA-256 beside it ({@code <key>.so.sha256}, written last), and one that does not match (torn,
 * damaged, edited) is compiled again, never loaded: a bad library would crash the JVM. The
 * compiler always reads the source and header this process wrote, never ones found in the
 * cache. An unwritable cache directory degrades to a temporary one, with a warning.
 */
final class SimCompiler {

    /** System property naming the C++ compiler (a path or a name on PATH). */
    static final String CXX_PROPERTY = "gridforge.sim.cxx";
    /** System property naming the cache directory. */
    static final String CACHE_PROPERTY = "gridforge.sim.cache";
    static final String HEADER_RESOURCE = "gf_sim.h";

    private static final long COMPILE_TIMEOUT_MINUTES = 5;

    private static final System.Logger LOG = System.getLogger(SimCompiler.class.getName());

    private final String header;
    private volatile Path cacheDir;

    SimCompiler() {
        this(defaultCacheDir());
    }

    SimCompiler(Path cacheDir) {
        this.header = readHeader();
        this.cacheDir = cacheDir;
    }

    /** {@code gridforge.sim.cache}, else the {@code sim} folder of gridforge's cache: the user's own, not a shared /tmp. */
    private static Path defaultCacheDir() {
        String dir = System.getProperty(CACHE_PROPERTY);
        return dir != null && !dir.isBlank() ? Path.of(dir) : dev.gridforge.runtime.cuda.CacheDirectory.resolve().resolve("sim");
    }

    /** The prelude force-included before every kernel. */
    static String readHeader() {
        try (InputStream in = SimCompiler.class.getResourceAsStream(HEADER_RESOURCE)) {
            if (in == null) {
                throw new GridforgeException("[SimHeader] resource " + HEADER_RESOURCE
                        + " is missing from the gridforge-runtime jar; the jar is damaged");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + HEADER_RESOURCE, e);
        }
    }

    /** The C++ compiler to use, or empty when there is none. */
    static Optional<Path> findCompiler() {
        String named = System.getProperty(CXX_PROPERTY);
        if (named != null && !named.isBlank()) {
            Path p = Path.of(named);
            return p.getNameCount() > 1 || p.isAbsolute()
                    ? Optional.of(p).filter(Files::isExecutable)
                    : onPath(named);
        }
        return onPath("g++").or(() -> onPath("c++"));
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** The full source compiled for a kernel: defines, the generated source, the trampoline. */
    static String fullSource(String source, String entry, List<String> defines) {
        StringBuilder sb = new StringBuilder();
        for (String d : defines) {
            sb.append(d).append('\n');
        }
        return sb.append(source).append("\n\nGF_SIM_EXPORT(").append(entry).append(")\n").toString();
    }

    /** The shared library for {@code fullSource}, compiling it unless the disk cache has it, intact. */
    Path compile(String fullSource, String entry) {
        try {
            return compileIn(cacheDir, fullSource, entry);
        } catch (CacheUnwritable e) {
            Path fallback = temporaryCache(e);
            return compileIn(fallback, fullSource, entry);
        }
    }

    /** The cache directory could not be written. */
    private static final class CacheUnwritable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CacheUnwritable(IOException cause) {
            super(cause);
        }
    }

    private synchronized Path temporaryCache(CacheUnwritable why) {
        Path unwritable = cacheDir;
        if (!unwritable.getFileName().toString().startsWith("gridforge-sim")) {
            try {
                cacheDir = Files.createTempDirectory("gridforge-sim");
            } catch (IOException e) {
                throw new GridforgeException("[SimCache] cannot write the simulator cache in " + unwritable + " ("
                        + why.getCause().getMessage() + ") nor create a temporary one: " + e.getMessage()
                        + " (set -D" + CACHE_PROPERTY + " to a writable directory)", e);
            }
            LOG.log(System.Logger.Level.WARNING, "gridforge: cannot write the simulator cache in {0} ({1}); compiled"
                    + " kernels go to {2} for this run (set -D{3} to a writable directory)", unwritable,
                    why.getCause().getMessage(), cacheDir, CACHE_PROPERTY);
        }
        return cacheDir;
    }

    private Path compileIn(Path dir, String fullSource, String entry) {
        String key = Sha256.hex(header + "\u0000" + fullSource);
        Path library = dir.resolve(key + ".so");
        Path checksum = dir.resolve(key + ".so.sha256");
        if (intact(library, checksum)) {
            return library;
        }
        Path compiler = findCompiler().orElseThrow(() -> new GridforgeException(
                "[SimNoCompiler] The CUDA simulator (backend cuda-sim) needs a C++ compiler: none was found"
                        + (System.getProperty(CXX_PROPERTY) != null ? " at -D" + CXX_PROPERTY + "=" + System.getProperty(CXX_PROPERTY)
                                : " as g++ or c++ on PATH")
                        + ". Install g++, or name one with -D" + CXX_PROPERTY + "=/path/to/g++."));
        Path headerFile;
        Path sourceFile;
        try {
            Files.createDirectories(dir);
            headerFile = writeAtomically(dir.resolve("gf_sim-" + Sha256.hex(header).substring(0, 16) + ".h"), header);
            sourceFile = writeAtomically(dir.resolve(key + ".cu"), fullSource);
        } catch (IOException e) {
            throw new CacheUnwritable(e);
        }
        try {
            Path tmp = dir.resolve(key + "." + UUID.randomUUID() + ".so.tmp");
            List<String> command = List.of(compiler.toString(), "-std=c++17", "-O1", "-shared", "-fPIC",
                    "-ffp-contract=off", "-Wno-attributes", "-include", headerFile.toString(), "-x", "c++", sourceFile.toString(),
                    "-o", tmp.toString());
            Result result;
            try {
                result = run(command, dir.resolve(key + "." + UUID.randomUUID() + ".log"));
            } catch (GridforgeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            if (result.exit() != 0 || !Files.isRegularFile(tmp)) {
                Files.deleteIfExists(tmp);
                throw new KernelCompileException("[SimCompile] " + compiler.getFileName() + " could not compile kernel '"
                        + entry + "' (source saved at " + sourceFile + ")", result.log(), fullSource);
            }
            String sum = Sha256.hex(Files.readAllBytes(tmp));
            move(tmp, library);
            writeAtomically(checksum, sum); // last: a library without its checksum is not used
            return library;
        } catch (IOException e) {
            throw new GridforgeException("[SimCache] cannot write the simulator cache in " + dir + ": " + e.getMessage()
                    + " (set -D" + CACHE_PROPERTY + " to a writable directory)", e);
        }
    }

    /** Whether {@code library} exists and has the SHA-256 recorded beside it. */
    private static boolean intact(Path library, Path checksum) {
        try {
            return Files.isRegularFile(library) && Files.isRegularFile(checksum)
                    && Sha256.hex(Files.readAllBytes(library)).equals(Files.readString(checksum, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return false;
        }
    }

    private record Result(int exit, String log) {
    }

    /**
     * Runs the compiler to completion, its output going to {@code logFile} (so the timeout works
     * even when the compiler hangs without printing); the output, with the command line when it failed.
     */
    private static Result run(List<String> command, Path logFile) throws IOException {
        // The JDK's process reaper thread starts here: it must not keep the caller's context.
        Process p = NeutralContext.run(
                () -> new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start());
        try {
            if (!p.waitFor(COMPILE_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new GridforgeException("[SimCompile] the C++ compiler ran longer than " + COMPILE_TIMEOUT_MINUTES
                        + " minutes: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new GridforgeException("[SimCompile] interrupted while compiling", e);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        String log;
        try {
            log = Files.readString(logFile, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(logFile);
        }
        if (p.exitValue() != 0) {
            log = "$ " + String.join(" ", command) + "\n" + log + "\n(exit status " + p.exitValue() + ")";
        }
        return new Result(p.exitValue(), log);
    }

    /** Writes {@code text} to {@code target} through a temporary file, whatever was there (it may have been edited). */
    private static Path writeAtomically(Path target, String text) throws IOException {
        if (Files.isRegularFile(target) && Files.readString(target, StandardCharsets.UTF_8).equals(text)) {
            return target;
        }
        Path tmp = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        move(tmp, target);
        return target;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    Path cacheDir() {
        return cacheDir;
    }
}
