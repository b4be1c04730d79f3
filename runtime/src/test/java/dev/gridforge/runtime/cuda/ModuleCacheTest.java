package dev.gridforge.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.KernelCompileException;
import dev.gridforge.runtime.testing.LogCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleCacheTest {

    @TempDir
    Path dir;

    private final AtomicInteger compiles = new AtomicInteger();

    private final ModuleCache.Compiler compiler = key -> {
        compiles.incrementAndGet();
        return new CompiledModule(("binary of " + key.source()).getBytes(StandardCharsets.UTF_8), key.kind(), "log");
    };

    private static ModuleKey key(String source) {
        return new ModuleKey(source, List.of("--gpu-architecture=sm_90", "--fmad=false"), "13.0", "sm_90", OutputKind.CUBIN);
    }

    private ModuleCache cache() {
        return new ModuleCache(dir, "test-1");
    }

    @Test
    void missCompilesThenMemoryHitsReturnTheSameModule() {
        ModuleCache cache = cache();
        CompiledModule first = cache.get(key("a"), compiler);
        CompiledModule second = cache.get(key("a"), compiler);
        assertSame(first, second);
        assertEquals(1, compiles.get());
        assertEquals(new ModuleCache.Stats(1, 0, 1), cache.stats());
        assertTrue(Files.isRegularFile(cache.fileFor(key("a"))));
    }

    @Test
    void aFreshCacheReadsTheEntryFromDisk() {
        CompiledModule written = cache().get(key("a"), compiler);
        ModuleCache fresh = cache();
        CompiledModule read = fresh.get(key("a"), compiler);
        assertArrayEquals(written.binary(), read.binary());
        assertEquals("log", read.log());
        assertEquals(OutputKind.CUBIN, read.kind());
        assertEquals(1, compiles.get());
        assertEquals(new ModuleCache.Stats(0, 1, 0), fresh.stats());
    }

    @Test
    void differentKeysAreDifferentEntries() {
        ModuleCache cache = cache();
        cache.get(key("a"), compiler);
        cache.get(key("b"), compiler);
        cache.get(new ModuleKey("a", List.of(), "13.0", "sm_90", OutputKind.CUBIN), compiler);
        assertEquals(3, compiles.get());
    }

    @Test
    void aCorruptEntryIsCompiledAgainAndRewritten() throws IOException {
        Path file = writeEntryThenDamage(bytes -> {
            bytes[bytes.length - 3] ^= 0x55; // flip bits in the body
            return bytes;
        });
        assertRecompiledAndRepaired(file);
    }

    @Test
    void aTruncatedEntryIsCompiledAgain() throws IOException {
        Path file = writeEntryThenDamage(bytes -> Arrays.copyOf(bytes, bytes.length / 2));
        assertRecompiledAndRepaired(file);
    }

    @Test
    void aTruncatedHeaderIsCompiledAgain() throws IOException {
        Path file = writeEntryThenDamage(bytes -> Arrays.copyOf(bytes, 10));
        assertRecompiledAndRepaired(file);
    }

    @Test
    void anEmptyEntryIsCompiledAgain() throws IOException {
        Path file = writeEntryThenDamage(bytes -> new byte[0]);
        assertRecompiledAndRepaired(file);
    }

    @Test
    void wrongMagicIsCompiledAgain() throws IOException {
        Path file = writeEntryThenDamage(bytes -> {
            bytes[0] = 'X';
            return bytes;
        });
        assertRecompiledAndRepaired(file);
    }

    @Test
    void anEntryOfTheWrongKindIsCompiledAgain() throws IOException {
        ModuleKey key = key("a");
        Files.createDirectories(dir);
        ModuleFile.write(cache().fileFor(key), new CompiledModule(new byte[] {1}, OutputKind.PTX, ""), key.digest("test-1"));
        CompiledModule m = cache().get(key, compiler);
        assertEquals(OutputKind.CUBIN, m.kind());
        assertEquals(1, compiles.get());
    }

    @Test
    void anUnreadableEntryIsCompiledAgainAndNeverFatal() throws IOException {
        ModuleCache cache = cache();
        // Running as root defeats chmod, so make the entry unreadable by making it a directory.
        Files.createDirectories(cache.fileFor(key("a")).resolve("child"));
        CompiledModule m = cache.get(key("a"), compiler);
        assertEquals("binary of a", new String(m.binary(), StandardCharsets.UTF_8));
        assertEquals(1, compiles.get());
        assertTrue(cache.diskEnabled(), "one bad entry does not turn the whole disk cache off");
        cache.get(key("b"), compiler);
        assertTrue(Files.isRegularFile(cache.fileFor(key("b"))));
    }

    @Test
    void anUnwritableDirectoryDisablesTheDiskCacheButCompilesWork() throws IOException {
        Path aFile = Files.writeString(dir.resolve("not-a-directory"), "");
        ModuleCache cache = new ModuleCache(aFile.resolve("cache"), "test-1");
        try (LogCapture log = new LogCapture(ModuleCache.class)) {
            CompiledModule a = cache.get(key("a"), compiler);
            assertFalse(cache.diskEnabled());
            assertSame(a, cache.get(key("a"), compiler));
            cache.get(key("b"), compiler);
            assertEquals(2, compiles.get());
            List<String> warnings = log.messages().stream().filter(m -> m.startsWith("WARNING")).toList();
            assertEquals(1, warnings.size(), "one warning, not one per compile: " + log.messages());
            assertTrue(warnings.get(0).contains("cannot write the kernel compile cache in " + aFile.resolve("cache")),
                    warnings.get(0));
        }
    }

    @Test
    void aMemoryOnlyCacheNeverTouchesTheDisk() {
        ModuleCache cache = new ModuleCache(null, "test-1");
        cache.get(key("a"), compiler);
        cache.get(key("a"), compiler);
        assertEquals(new ModuleCache.Stats(1, 0, 1), cache.stats());
        assertFalse(cache.diskEnabled());
    }

    @Test
    void aFailedCompileIsPassedOnAndNotRemembered() {
        ModuleCache cache = cache();
        KernelCompileException boom = new KernelCompileException("bad", "log", "src");
        assertSame(boom, assertThrows(KernelCompileException.class, () -> cache.get(key("a"), k -> {
            throw boom;
        })));
        cache.get(key("a"), compiler);
        assertEquals(1, compiles.get());
    }

    @Test
    void writesLeaveNoTemporaryFiles() throws IOException {
        ModuleCache cache = cache();
        for (int i = 0; i < 5; i++) {
            cache.get(key("k" + i), compiler);
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertEquals(5, names.size(), names.toString());
            assertTrue(names.stream().allMatch(n -> n.matches("[0-9a-f]{64}\\.module")), names.toString());
        }
    }

    @Test
    void concurrentCallersForOneKeyCompileOnce() throws Exception {
        ModuleCache cache = new ModuleCache(null, "test-1");
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ModuleCache.Compiler slow = key -> {
            compiles.incrementAndGet();
            sleep(200);
            return new CompiledModule(new byte[] {42}, key.kind(), "");
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<CompiledModule>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return cache.get(key("shared"), slow);
                }));
            }
            start.countDown();
            CompiledModule first = results.get(0).get();
            for (Future<CompiledModule> f : results) {
                assertSame(first, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, compiles.get());
        assertEquals(threads - 1, cache.stats().memoryHits());
    }

    /** A valid entry of another kernel copied under this kernel's name is not taken for it. */
    @Test
    void anotherKernelsEntryUnderThisName() throws IOException {
        ModuleCache cache = cache();
        cache.get(key("a"), compiler);
        cache.get(key("b"), compiler);
        Files.copy(cache.fileFor(key("b")), cache.fileFor(key("a")), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertRecompiledAndRepaired(cache.fileFor(key("a")), 3);
    }

    private Path writeEntryThenDamage(UnaryOperator<byte[]> damage) throws IOException {
        ModuleCache cache = cache();
        cache.get(key("a"), compiler);
        Path file = cache.fileFor(key("a"));
        Files.write(file, damage.apply(Files.readAllBytes(file)));
        return file;
    }

    private void assertRecompiledAndRepaired(Path file) throws IOException {
        assertRecompiledAndRepaired(file, 2);
    }

    private void assertRecompiledAndRepaired(Path file, int compilesThen) throws IOException {
        ModuleCache fresh = cache();
        CompiledModule m = fresh.get(key("a"), compiler);
        assertEquals("binary of a", new String(m.binary(), StandardCharsets.UTF_8));
        assertEquals(compilesThen, compiles.get(), "compiled once to write, once more after the damage");
        assertEquals(new ModuleCache.Stats(0, 0, 1), fresh.stats());
        assertArrayEquals(m.binary(), ModuleFile.read(file, key("a").digest("test-1")).binary(), "the entry was rewritten");
        cache().get(key("a"), compiler);
        assertEquals(compilesThen, compiles.get(), "the rewritten entry is read back");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
