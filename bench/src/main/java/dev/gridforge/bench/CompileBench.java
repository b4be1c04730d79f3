package dev.gridforge.bench;

import dev.gridforge.runtime.cuda.OfflineCompiler;
import dev.gridforge.samples.HaversineKernels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * NVRTC compiling the haversine kernel for an H100 (sm_90), as the CUDA backend does on its first
 * launch: a fresh compile, and a read from the disk cache by a new cache instance (what the next
 * run of the program does). Needs NVRTC only, not a GPU; the GPU tests time the same with
 * {@code cuModuleLoadData} added.
 */
final class CompileBench {

    /** Compiles take a few hundred ms each: fewer runs than the launch measures. */
    private static final int MAX_COMPILES = 5;

    private CompileBench() {
    }

    static List<Figure> run(int warmup, int repeat) {
        String source = HaversineKernels.cudaSource("distance");
        String entry = dev.gridforge.abi.LaunchInterface.ENTRY_PREFIX + "distance"; // kernel distance's entry point (docs/kernels.md, Names)
        Path dir = temporaryDirectory();
        try {
            OfflineCompiler probe = OfflineCompiler.forComputeCapability(9, 0);
            String label = "nvrtc " + probe.nvrtcVersion();
            int compiles = Math.min(repeat, MAX_COMPILES);
            long[] first = new long[compiles];
            for (int i = 0; i < Math.min(warmup, 1) + compiles; i++) {
                OfflineCompiler fresh = OfflineCompiler.forComputeCapability(9, 0);
                long t0 = System.nanoTime();
                fresh.compile(source, entry, List.of());
                if (i >= Math.min(warmup, 1)) {
                    first[i - Math.min(warmup, 1)] = System.nanoTime() - t0;
                }
            }
            OfflineCompiler.forComputeCapability(9, 0, dir).compile(source, entry, List.of());
            long[] disk = new long[repeat];
            for (int i = 0; i < warmup + repeat; i++) {
                OfflineCompiler next = OfflineCompiler.forComputeCapability(9, 0, dir);
                long t0 = System.nanoTime();
                next.compile(source, entry, List.of());
                if (i >= warmup) {
                    disk[i - warmup] = System.nanoTime() - t0;
                }
            }
            return List.of(
                    new Figure("compile-sm_90", label, "haversine, first compile", first, "first <= 500 ms"),
                    new Figure("compile-sm_90", label, "haversine, from disk cache", disk,
                            "<= 20 ms (with module load)"));
        } finally {
            deleteQuietly(dir);
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("gridforge-bench-cache");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
