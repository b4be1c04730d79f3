package dev.gridforge.bench;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.samples.HeatResidualKernels;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seed 001's heat residual u_t - alpha u_xx of u = sin(pi x) exp(-t^2), its derivatives generated
 * by d(...), at n points given as two float64 fields already on the device (the project's target
 * on the H200: 10^7 points at most 0.07 ms per call; reading two arrays and writing one at the copy
 * bandwidth is about 0.056 ms).
 */
final class HeatResidualBench {
    static final double ALPHA = 0.05;

    private HeatResidualBench() {
    }

    static List<Measurement> run(Backend backend, int n, int warmup, int repeat) {
        double[] x = new double[n];
        double[] t = new double[n];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            x[i] = random.nextDouble();
            t[i] = random.nextDouble();
        }
        HeatResidualKernels.Launcher k = HeatResidualKernels.on(backend);
        try (DoubleField xd = Gridforge.upload(DoubleField.of(x, n), backend);
             DoubleField td = Gridforge.upload(DoubleField.of(t, n), backend);
             DoubleField r = k.residual(xd, td, ALPHA)) {
            Runnable call = () -> k.residualInto(r, xd, td, ALPHA);
            long[] nanos = PerCall.time(backend, call, warmup, repeat);
            Measurement m = new Measurement("heat-residual-" + n, backend.id(), "per call (" + PerCall.timer(backend) + ")", nanos, "");
            String goal = n == 10_000_000 ? "cuda <= 0.07 ms (torch.autograd 1.23, torch.func 2.10, by hand in torch 0.55); " : "";
            return List.of(new Measurement(m.workload(), m.backend(), m.measure(), nanos,
                    goal + String.format(Locale.ROOT, "%.0f GB/s of x, t and r", 24.0 * n / m.median())));
        }
    }
}
