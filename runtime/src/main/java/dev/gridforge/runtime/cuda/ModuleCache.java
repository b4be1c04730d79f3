package dev.gridforge.runtime.cuda;

import dev.gridforge.runtime.spi.ComputeOnce;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compiled kernels, kept in memory for this JVM and on disk across runs.
 *
 * <p>The cache knows nothing of NVRTC: the caller passes the compile step, so every path here
 * (hit, miss, torn file, unwritable directory, racing threads) is tested without a GPU.
 * The disk is an optimisation only: an entry that is missing, corrupt, truncated or unreadable is
 * compiled again and rewritten, and a directory that cannot be written turns the disk cache off
 * for this instance, with one warning.
 */
final class ModuleCache {

    /** Compiles one key; may throw {@code KernelCompileException}, which the cache passes on. */
    @FunctionalInterface
    interface Compiler {
        CompiledModule compile(ModuleKey key);
    }

    /** Counters since this cache was made; the GPU tests read them to see where a module came from. */
    record Stats(long memoryHits, long diskHits, long compiles) {
    }

    private static final System.Logger LOG = System.getLogger(ModuleCache.class.getName());
    private static final String SUFFIX = ".module";

    private final Path directory;
    private final String gridforgeVersion;
    private final ComputeOnce<ModuleKey, CompiledModule> memory = new ComputeOnce<>();
    private final AtomicBoolean diskEnabled;
    private final AtomicLong memoryHits = new AtomicLong();
    private final AtomicLong diskHits = new AtomicLong();
    private final AtomicLong compiles = new AtomicLong();

    /**
     * @param directory        where entries live, or null for a memory-only cache
     * @param gridforgeVersion part of every key, so a new gridforge never reads an old entry
     */
    ModuleCache(Path directory, String gridforgeVersion) {
        this.directory = directory;
        this.gridforgeVersion = Objects.requireNonNull(gridforgeVersion);
        this.diskEnabled = new AtomicBoolean(directory != null);
    }

    /** A cache in {@link CacheDirectory#resolve()}. */
    static ModuleCache atDefaultDirectory() {
        return new ModuleCache(CacheDirectory.resolve(), gridforgeVersion());
    }

    /** The version in the runtime jar's manifest; "development" when run from classes. */
    static String gridforgeVersion() {
        String v = ModuleCache.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    /** The configured directory (also where failed sources go), or null for memory only. */
    Path directory() {
        return directory;
    }

    /** False once the directory proved unwritable. */
    boolean diskEnabled() {
        return diskEnabled.get();
    }

    Stats stats() {
        return new Stats(memoryHits.get(), diskHits.get(), compiles.get());
    }

    /**
     * The module for {@code key}: from memory, else from disk, else from {@code compiler}.
     * Threads asking for the same key at once wait for one compile, and nobody else waits for it
     * ({@link ComputeOnce}); a failed compile is not remembered, so the next call tries again.
     */
    CompiledModule get(ModuleKey key, Compiler compiler) {
        boolean[] loadedHere = {false};
        CompiledModule module = memory.get(key, k -> {
            loadedHere[0] = true;
            return loadOrCompile(k, compiler);
        });
        if (!loadedHere[0]) {
            memoryHits.incrementAndGet(); // another thread loaded it while this one waited
        }
        return module;
    }

    /** The file an entry for {@code key} lives in (whether or not it exists yet). */
    Path fileFor(ModuleKey key) {
        return directory.resolve(key.digest(gridforgeVersion) + SUFFIX);
    }

    private CompiledModule loadOrCompile(ModuleKey key, Compiler compiler) {
        if (diskEnabled.get()) {
            CompiledModule fromDisk = readEntry(key);
            if (fromDisk != null) {
                diskHits.incrementAndGet();
                return fromDisk;
            }
        }
        CompiledModule compiled = Objects.requireNonNull(compiler.compile(key), "compiler returned null");
        compiles.incrementAndGet();
        if (diskEnabled.get()) {
            writeEntry(key, compiled);
        }
        return compiled;
    }

    private CompiledModule readEntry(ModuleKey key) {
        Path file = fileFor(key);
        try {
            CompiledModule module = ModuleFile.read(file, key.digest(gridforgeVersion));
            if (module.kind() != key.kind()) {
                throw new IOException("holds " + module.kind() + ", key asks for " + key.kind());
            }
            return module;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "gridforge: compile cache entry {0} unusable ({1}); compiling again", file, e.getMessage());
            return null;
        }
    }

    private void writeEntry(ModuleKey key, CompiledModule module) {
        Path file = fileFor(key);
        try {
            Files.createDirectories(directory);
            ModuleFile.write(file, module, key.digest(gridforgeVersion));
        } catch (IOException | RuntimeException e) {
            if (Files.isDirectory(directory) && Files.isWritable(directory)) {
                // One entry could not be replaced (say, something else sits at its name): the
                // rest of the cache still works, so keep it on.
                LOG.log(Level.DEBUG, "gridforge: could not write compile cache entry {0}: {1}", file, e.toString());
            } else if (diskEnabled.compareAndSet(true, false)) {
                LOG.log(Level.WARNING, "gridforge: cannot write the kernel compile cache in {0} ({1}); "
                        + "kernels will be compiled again in every run. Point -D{2} (or {3}) at a writable directory.",
                        directory, e.toString(), CacheDirectory.PROPERTY, CacheDirectory.ENV);
            }
        }
    }
}
