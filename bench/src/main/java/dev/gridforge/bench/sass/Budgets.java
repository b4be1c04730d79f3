package dev.gridforge.bench.sass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What CI holds the generated code to: no sample kernel spills; the wave and Gray-Scott steps
 * execute at most 1.25 times the instructions per interior point of their hand-written references
 * (and, so that the figures stay honest, those four kernels have no loops or calls); and a kernel
 * whose state cannot fit in registers is held to an executed count instead of "no spills".
 */
final class Budgets {
    static final double RATIO = 1.25;
    /** Generated kernel → its hand-written reference. */
    static final Map<String, String> REFERENCE = Map.of(
            "WaveKernels.step", "wave_step_reference",
            "GrayScottKernels.step", "gray_scott_step_reference");

    /**
     * Kernels whose local arrays cannot all be registers, and the most instructions a point may
     * execute. The PINN residual keeps a hidden layer and its three tangents, 4 x double[32] = 1 KiB
     * a thread, which no register file holds: NVCC keeps most of it in registers after unrolling
     * the inner loop and spills the rest (128 bytes). Before the launch plan it executed about
     * 48,000 instructions a point with all of it in local memory; the budget is half of that.
     */
    static final Map<String, Long> EXECUTED = Map.of("PinnKernels.residual", 24_000L);

    private Budgets() {
    }

    static String describe() {
        return "no sample kernel spills but those held to an executed count (" + String.join(", ", EXECUTED.keySet())
                + "); WaveKernels.step and GrayScottKernels.step within " + RATIO + "x their references per point";
    }

    static List<String> check(List<SassReport.Row> rows) {
        List<String> broken = new ArrayList<>();
        for (SassReport.Row r : rows) {
            Long executed = EXECUTED.get(r.label());
            if (executed != null) {
                if (r.path().executed() == null || r.path().executed() > executed) {
                    broken.add(r.label() + " executes " + (r.path().executed() == null ? "an unknown number of" : r.path().executed())
                            + " instructions per point (at most " + executed + ")");
                }
            } else if (r.source().group().startsWith("samples") && r.use().spills()) {
                broken.add(r.label() + " spills (" + r.use().spillStoreBytes() + " bytes stored, " + r.use().spillLoadBytes()
                        + " loaded)");
            }
        }
        for (Map.Entry<String, String> e : REFERENCE.entrySet()) {
            Optional<SassReport.Row> kernel = find(rows, e.getKey());
            Optional<SassReport.Row> reference = find(rows, e.getValue());
            if (kernel.isEmpty() || reference.isEmpty()) {
                broken.add("no " + (kernel.isEmpty() ? e.getKey() : e.getValue()) + " in the report");
                continue;
            }
            for (SassReport.Row r : List.of(kernel.get(), reference.get())) {
                if (!r.path().loops().isEmpty() || r.path().calls() > 0) {
                    broken.add(r.label() + " has loops or calls: its per-point count is not what a point executes");
                }
            }
            int k = kernel.get().path().perPoint();
            int ref = reference.get().path().perPoint();
            if (k > RATIO * ref) {
                broken.add(String.format(java.util.Locale.ROOT, "%s executes %d instructions per interior point, %.2fx the %d of %s"
                        + " (at most %.2fx)", e.getKey(), k, (double) k / ref, ref, e.getValue(), RATIO));
            }
        }
        return broken;
    }

    static Optional<SassReport.Row> find(List<SassReport.Row> rows, String label) {
        return rows.stream().filter(r -> r.label().equals(label)).findFirst();
    }
}
