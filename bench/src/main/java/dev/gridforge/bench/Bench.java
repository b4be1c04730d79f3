package dev.gridforge.bench;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.GridforgeException;
import dev.gridforge.runtime.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the benchmarks on every backend asked for, side by side, and prints one table (and,
 * with {@code --json}, one JSON object per line). Timings are medians of wall-clock runs after a
 * warm-up; the machine, JDK and device are printed first so a table can be quoted with them.
 */
@Command(name = "gridforge-bench", mixinStandardHelpOptions = true,
        description = "Benchmarks of the gridforge sample kernels, backends side by side.")
public final class Bench implements Callable<Integer> {

    @Option(names = "--backends", split = ",", paramLabel = "B,B",
            description = "Backends to run (default: jvm, and cuda where a GPU is usable). cuda-sim times the simulator, not a GPU.")
    private List<Backend> backends;

    @Option(names = "--n", split = ",", paramLabel = "N,N", defaultValue = "1000",
            description = "Mesh points per axis of the haversine, one or more sizes (default: ${DEFAULT-VALUE}).")
    private List<Integer> sizes;

    @Option(names = "--warmup", defaultValue = "5", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--repeat", defaultValue = "30", description = "Timed runs per measure (default: ${DEFAULT-VALUE}).")
    private int repeat;

    @Option(names = "--compile", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also time NVRTC compiling a kernel for sm_90, fresh and from the disk cache; needs NVRTC, "
                    + "not a GPU (default: ${DEFAULT-VALUE}).")
    private boolean compile;

    @Option(names = "--wave-n", split = ",", paramLabel = "N,N", defaultValue = "1000",
            description = "Grid sizes of the wave time loop (default: ${DEFAULT-VALUE}); 0 leaves it out.")
    private List<Integer> waveSizes;

    @Option(names = "--gray-scott-n", split = ",", paramLabel = "N,N", defaultValue = "1000",
            description = "Grid sizes of the gray-scott time loop (default: ${DEFAULT-VALUE}); 0 leaves it out.")
    private List<Integer> grayScottSizes;

    @Option(names = "--reduce-n", defaultValue = "100000000", paramLabel = "N",
            description = "Doubles in the device field of the reduction measure (sum next to the copy bandwidth; cuda only;"
                    + " default: ${DEFAULT-VALUE}); 0 leaves it out.")
    private int reduceN;

    @Option(names = "--shift-sum-c", split = ",", paramLabel = "C,C", defaultValue = "28",
            description = "Channels of seed 002's shift-and-sum, B 16, H = W = 256, step 2; 0 leaves it out"
                    + " (default: ${DEFAULT-VALUE}).")
    private List<Integer> shiftSumChannels;

    @Option(names = "--heat-n", split = ",", paramLabel = "N,N", defaultValue = "1000000",
            description = "Points of seed 001's heat residual, as two fields on the device; 0 leaves it out"
                    + " (default: ${DEFAULT-VALUE}).")
    private List<Integer> heatSizes;

    @Option(names = "--pinn-n", split = ",", paramLabel = "N,N", defaultValue = "10000",
            description = "Points of seed 001's PINN residual (a 2-32-32-1 tanh network); 0 leaves it out"
                    + " (default: ${DEFAULT-VALUE}).")
    private List<Integer> pinnSizes;

    @Option(names = "--steps", defaultValue = "50",
            description = "Steps per timed time loop of the stencil workloads (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON lines.")
    private Path json;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(Backend.class, Backend::parse).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        boolean badSizes = java.util.stream.Stream.concat(waveSizes.stream(), grayScottSizes.stream()).anyMatch(s -> s < 0 || s == 1);
        if (sizes.stream().anyMatch(n -> n < 2) || repeat < 1 || warmup < 0 || steps < 1 || badSizes || reduceN < 0
                || shiftSumChannels.stream().anyMatch(c -> c < 0) || heatSizes.stream().anyMatch(n -> n < 0)
                || pinnSizes.stream().anyMatch(n -> n < 0)) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "need --n >= 2, --repeat >= 1, --warmup >= 0, --steps >= 1, grid sizes of 2 or more (or 0), --reduce-n >= 0, --shift-sum-c >= 0, --heat-n >= 0, --pinn-n >= 0");
        }
        List<Backend> chosen = backends != null ? backends
                : Gridforge.isAvailable(Backend.CUDA) ? List.of(Backend.JVM, Backend.CUDA) : List.of(Backend.JVM);
        System.out.println("gridforge bench: java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, " + warmup + " warm-up and " + repeat + " timed runs per measure");
        List<Measurement> results = new ArrayList<>();
        for (Backend b : chosen) {
            try {
                System.out.println("  " + b.id() + ": " + Gridforge.describe(b));
                for (int n : sizes) {
                    results.addAll(HaversineBench.run(b, n, warmup, repeat));
                }
                results.addAll(StencilBench.run(b, positive(waveSizes), positive(grayScottSizes), steps, repeat));
                for (int n : heatSizes) {
                    if (n > 0) {
                        results.addAll(HeatResidualBench.run(b, n, warmup, repeat));
                    }
                }
                for (int n : pinnSizes) {
                    if (n > 0) {
                        results.addAll(PinnResidualBench.run(b, n, warmup, repeat));
                    }
                }
                for (int c : shiftSumChannels) {
                    if (c > 0) {
                        results.addAll(ShiftSumBench.run(b, c, warmup, repeat));
                    }
                }
                if (reduceN > 0 && b == Backend.CUDA) {
                    results.addAll(ReduceBench.run(b, reduceN, warmup, repeat));
                } else if (reduceN > 0) {
                    System.out.println("  reduce: GPU-only (a sum next to the device's copy bandwidth), skipped on " + b.id());
                }
            } catch (GridforgeException e) {
                System.out.println("  " + b.id() + ": skipped: " + indented(e.getMessage()));
            }
        }
        if (compile) {
            try {
                results.addAll(CompileBench.run(warmup, repeat));
                System.out.println("  nvrtc: haversine compiled for sm_90 (no GPU needed)");
            } catch (GridforgeException e) {
                // On by default, so where NVRTC is missing say so in one line, the places searched included.
                System.out.println("  nvrtc: skipped (" + e.oneLine() + "); --no-compile leaves this out");
            }
        }
        System.out.println();
        if (results.isEmpty()) {
            System.out.println("nothing ran: no backend asked for is usable here");
            return 3;
        }
        System.out.println(Measurement.header());
        results.forEach(m -> System.out.println(m.row()));
        if (json != null) {
            String lines = results.stream().map(m -> m.json() + System.lineSeparator()).collect(Collectors.joining());
            AtomicFile.write(json, lines.getBytes(StandardCharsets.UTF_8));
        }
        return 0;
    }

    private static List<Integer> positive(List<Integer> sizes) {
        return sizes.stream().filter(s -> s > 0).toList();
    }

    /** A multi-line reason (what is missing, where gridforge looked) kept whole, under its heading. */
    private static String indented(String message) {
        return message.strip().replace("\n", "\n      ");
    }
}
