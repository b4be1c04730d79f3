package dev.gridforge.bench;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.io.Npy;
import dev.gridforge.samples.PinnKernels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seed 001's PINN residual: u_t - alpha u_xx of the samples' 2-32-32-1 tanh network (the weights
 * shipped in the samples jar) at n random points already on the device, derivatives by d(...)
 * through the network (the project's target on the H200: 10^6 points at most 0.5 ms per call).
 */
final class PinnResidualBench {
    private PinnResidualBench() {
    }

    static List<Measurement> run(Backend backend, int n, int warmup, int repeat) {
        double[] x = new double[n];
        double[] t = new double[n];
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < n; i++) {
            x[i] = random.nextDouble();
            t[i] = random.nextDouble();
        }
        List<DoubleField> open = new ArrayList<>();
        try {
            DoubleField xd = keep(open, Gridforge.upload(DoubleField.of(x, n), backend));
            DoubleField td = keep(open, Gridforge.upload(DoubleField.of(t, n), backend));
            DoubleField w1 = keep(open, Gridforge.upload(weight("w1"), backend));
            DoubleField b1 = keep(open, Gridforge.upload(weight("b1"), backend));
            DoubleField w2 = keep(open, Gridforge.upload(weight("w2"), backend));
            DoubleField b2 = keep(open, Gridforge.upload(weight("b2"), backend));
            DoubleField w3 = keep(open, Gridforge.upload(weight("w3"), backend));
            double b3 = weight("b3").hostData()[0];
            PinnKernels.Launcher k = PinnKernels.on(backend);
            DoubleField r = keep(open, k.residual(xd, td, w1, b1, w2, b2, w3, b3, 0.05));
            Runnable call = () -> k.residualInto(r, xd, td, w1, b1, w2, b2, w3, b3, 0.05);
            long[] nanos = PerCall.time(backend, call, warmup, repeat);
            Measurement m = new Measurement("pinn-residual-" + n, backend.id(), "per call (" + PerCall.timer(backend) + ")", nanos, "");
            String goal = n == 1_000_000 ? "cuda <= 0.5 ms (torch.autograd's nested grad on the GPU machine); " : "";
            return List.of(new Measurement(m.workload(), m.backend(), m.measure(), nanos,
                    goal + String.format(Locale.ROOT, "%.2f us per 1000 points", m.median() / 1e3 / (n / 1000.0))));
        } finally {
            open.forEach(DoubleField::close);
        }
    }

    private static DoubleField keep(List<DoubleField> open, DoubleField f) {
        open.add(f);
        return f;
    }

    private static DoubleField weight(String name) {
        try (InputStream in = PinnKernels.class.getResourceAsStream("pinn/" + name + ".npy")) {
            if (in == null) {
                throw new IllegalStateException("the samples jar has no pinn/" + name + ".npy");
            }
            return (DoubleField) Npy.readField(in, "pinn/" + name + ".npy");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
