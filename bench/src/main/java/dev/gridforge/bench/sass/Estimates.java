package dev.gridforge.bench.sass;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the per-point counts imply on the H200 for the seed workloads: the time to issue the
 * instructions (2 to 4 warp-instructions per clock per SM, 132 SMs at 1.98 GHz) beside the time
 * to move the bytes (each distinct element read once and each result written once, at the
 * device's 4.3 TB/s copy bandwidth); the larger bounds the kernel. An estimate, not a measurement:
 * the GPU run of scripts/gpu-checks.sh measures.
 */
final class Estimates {
    static final double SMS = 132;
    static final double CLOCK_HZ = 1.98e9;
    static final double BYTES_PER_SECOND = 4.3e12;

    /** One workload: a kernel, its points, the bytes a point moves, and the target. */
    record Workload(String kernel, String name, double points, int bytesPerPoint, double targetMillis) {
    }

    static final List<Workload> WORKLOADS = List.of(
            new Workload("WaveKernels.step", "wave step 16384^2", 16384.0 * 16384, 3 * 8, 1.56),
            new Workload("WaveKernels.step", "wave step 4096^2", 4096.0 * 4096, 3 * 8, 0.100),
            new Workload("GrayScottKernels.step", "Gray-Scott step 4096^2", 4096.0 * 4096, 4 * 8, 0.140),
            new Workload("HaversineKernels.distance", "haversine kernel 1000^2", 1e6, 8, 0.020),
            new Workload("HeatResidualKernels.residual", "heat residual 10^7 points", 1e7, 3 * 8, 0.070));

    private Estimates() {
    }

    static void print(List<SassReport.Row> rows, PrintStream out) {
        out.println("Estimates on the H200 (instructions at 4..2 warp-instructions/clock/SM, 132 SMs, 1.98 GHz; bytes at 4.3 TB/s):");
        out.printf(Locale.ROOT, "%-28s %10s %8s %18s %10s %8s%n", "workload", "instr/pt", "B/pt", "instructions ms", "bytes ms", "target");
        for (Workload w : WORKLOADS) {
            Optional<SassReport.Row> r = Budgets.find(rows, w.kernel());
            if (r.isEmpty() || !r.get().path().loops().isEmpty()) {
                continue;
            }
            double warps = w.points() / 32 * r.get().path().perPoint();
            double fast = warps / (4 * SMS * CLOCK_HZ) * 1e3;
            double slow = warps / (2 * SMS * CLOCK_HZ) * 1e3;
            double bytes = w.points() * w.bytesPerPoint() / BYTES_PER_SECOND * 1e3;
            out.printf(Locale.ROOT, "%-28s %10d %8d %8.3f..%-8.3f %10.3f %8.3f%n", w.name(), r.get().path().perPoint(), w.bytesPerPoint(),
                    fast, slow, bytes, w.targetMillis());
        }
    }
}
