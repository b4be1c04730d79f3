package dev.gridforge.benchmarks;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.spi.Accelerator;
import dev.gridforge.runtime.spi.DeviceBuffer;
import dev.gridforge.runtime.spi.DeviceKernel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The limits a benchmark is placed against, measured in the same run on the same backend: the
 * copy bandwidth of the same bytes a case moves (a device-to-device copy on a GPU, counting what
 * it reads and writes; a copy between arrays over every core on the JVM), and the double-precision
 * arithmetic rate (chains of fused multiply-adds: on a GPU a kernel's, on the JVM a loop C2 vectorises).
 */
final class DeviceLimits {
    private static final int REPEATS = 10;
    /** Where the host's chains' results go, so the JIT cannot drop them. */
    static volatile double sink;
    private final Map<String, Double> peaks = new HashMap<>();
    private final Map<String, Double> copies = new HashMap<>();

    /** Bytes per second of a copy that reads and writes {@code bytes} in all (at least 1 MiB, at most 2 GiB). */
    double copyBandwidth(Backend backend, double bytes) {
        long half = (long) Math.max(1 << 19, Math.min(1L << 30, bytes / 2)) & ~7L;
        return copies.computeIfAbsent(backend.id() + ":" + half, k -> backend.isDevice() ? deviceCopy(backend, half) : hostCopy(half));
    }

    /** FLOPs per second, double precision. */
    double peakFlops(Backend backend) {
        return peaks.computeIfAbsent(backend.id(), k -> backend.isDevice() ? devicePeak(backend) : hostPeak());
    }

    private static double deviceCopy(Backend backend, long bytes) {
        Accelerator a = Gridforge.accelerator(backend);
        try (DeviceBuffer src = a.allocate(bytes); DeviceBuffer dst = a.allocate(bytes)) {
            a.copy(src, dst, bytes);
            double[] ms = new double[REPEATS];
            for (int i = 0; i < REPEATS; i++) {
                ms[i] = a.deviceMillis(() -> a.copy(src, dst, bytes));
            }
            return 2.0 * bytes / (Measurement.quantile(ms, 0.5) / 1e3);
        }
    }

    private static double hostCopy(long bytes) {
        int n = (int) Math.min(Integer.MAX_VALUE - 8, bytes / 8);
        double[] src = new double[n];
        double[] dst = new double[n];
        Arrays.fill(src, 1.0);
        int parts = Runtime.getRuntime().availableProcessors();
        double[] ms = new double[REPEATS];
        for (int r = -1; r < REPEATS; r++) {
            long t = System.nanoTime();
            IntStream.range(0, parts).parallel().forEach(p -> {
                int lo = (int) ((long) n * p / parts);
                int hi = (int) ((long) n * (p + 1) / parts);
                System.arraycopy(src, lo, dst, lo, hi - lo);
            });
            if (r >= 0) {
                ms[r] = (System.nanoTime() - t) / 1e6;
            }
        }
        return 2.0 * n * 8 / (Measurement.quantile(ms, 0.5) / 1e3);
    }

    private static double devicePeak(Backend backend) {
        Accelerator a = Gridforge.accelerator(backend);
        DeviceKernel k = a.load(source(), "gf_peak_f64", List.of());
        // the simulator runs one thread at a time: a token launch there (its figure means nothing)
        boolean sim = backend == Backend.CUDA_SIM;
        int blocks = sim ? 1 : 132 * 16;
        int threads = sim ? 32 : 256;
        int rounds = sim ? 16 : 4096;
        try (DeviceBuffer out = a.allocate(8L * blocks * threads)) {
            Runnable launch = () -> a.launch(k, new int[] {blocks, 1, 1}, new int[] {threads, 1, 1}, List.of(out, rounds, 1.0));
            launch.run();
            double[] ms = new double[REPEATS];
            for (int i = 0; i < REPEATS; i++) {
                ms[i] = a.deviceMillis(launch);
            }
            return 16.0 * rounds * blocks * threads / (Measurement.quantile(ms, 0.5) / 1e3);
        }
    }

    /**
     * The JVM's rate: per core, eight dependent fused multiply-adds on each element of an array
     * that stays in the L1 cache, a loop C2 vectorises as it does a kernel's (so the generated
     * loops are placed against SIMD, not scalar, arithmetic).
     */
    private static double hostPeak() {
        int parts = Runtime.getRuntime().availableProcessors();
        int rounds = 20_000;
        double[] ms = new double[5];
        for (int r = -1; r < ms.length; r++) {
            long t = System.nanoTime();
            sink = IntStream.range(0, parts).parallel().mapToDouble(p -> chains(rounds, p)).sum();
            if (r >= 0) {
                ms[r] = (System.nanoTime() - t) / 1e6;
            }
        }
        return 16.0 * CHAIN_ELEMENTS * rounds * parts / (Measurement.quantile(ms, 0.5) / 1e3);
    }

    /** Elements per core: 32 kB, the L1 data cache of most cores. */
    private static final int CHAIN_ELEMENTS = 4096;

    private static double chains(int rounds, int seed) {
        double[] x = new double[CHAIN_ELEMENTS];
        java.util.Arrays.fill(x, seed + 1.0);
        final double b = 0.99999999;
        final double c = 1e-9;
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < x.length; i++) {
                double v = x[i];
                v = Math.fma(v, b, c);
                v = Math.fma(v, b, c);
                v = Math.fma(v, b, c);
                v = Math.fma(v, b, c);
                v = Math.fma(v, b, c);
                v = Math.fma(v, b, c);
                v = Math.fma(v, b, c);
                v = Math.fma(v, b, c);
                x[i] = v;
            }
        }
        return x[seed % x.length];
    }

    private static String source() {
        try (InputStream in = DeviceLimits.class.getResourceAsStream("gf_peak.cu")) {
            if (in == null) {
                throw new IllegalStateException("gf_peak.cu is missing from the gridforge-benchmarks jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
