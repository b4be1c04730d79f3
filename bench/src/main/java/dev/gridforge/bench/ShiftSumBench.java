package dev.gridforge.bench;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.FloatField;
import dev.gridforge.runtime.Shape;
import dev.gridforge.samples.ShiftSumKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Seed 002's shift-and-sum A(x, mask) per call with x, the mask and y already on the device (the
 * project's targets on the H200: C = 28 at most 0.055 ms, C = 512 at most 0.8 ms), float32, B 16,
 * H = W = 256, step 2; and its pseudo-inverse. x and the mask are generated on the backend by the
 * sample's hash kernel, so nothing large crosses the bus.
 */
final class ShiftSumBench {
    static final int B = 16;
    static final int H = 256;
    static final int W = 256;
    static final int STEP = 2;

    private ShiftSumBench() {
    }

    static List<Measurement> run(Backend backend, int channels, int warmup, int repeat) {
        ShiftSumKernels.Launcher k = ShiftSumKernels.on(backend);
        int wide = W + (channels - 1) * STEP;
        Shape xShape = Shape.of(W, H, channels, B);
        Shape yShape = Shape.of(wide, H, 1, B);
        String workload = "shift-sum-c" + channels;
        String timer = PerCall.timer(backend);
        try (FloatField x = k.uniform(xShape, 2023); FloatField mask = k.mask(Shape.of(W, H), 2024);
             FloatField y = k.shiftSum(yShape, x, mask, STEP); FloatField back = k.shiftPinv(xShape, y, mask, STEP)) {
            long[] a = PerCall.time(backend, () -> k.shiftSumInto(y, yShape, x, mask, STEP), warmup, repeat);
            long[] pinv = PerCall.time(backend, () -> k.shiftPinvInto(back, xShape, y, mask, STEP), warmup, repeat);
            // bytes the gather cannot avoid: x read once, y written once (the mask is reread from cache)
            long bytes = 4L * xShape.size() + 4L * yShape.size();
            List<Measurement> out = new ArrayList<>();
            Measurement m = new Measurement(workload, backend.id(), "A per call (" + timer + ")", a, "");
            out.add(new Measurement(workload, backend.id(), m.measure(), a, target(channels, bytes, m)));
            out.add(new Measurement(workload, backend.id(), "A_pinv per call (" + timer + ")", pinv, ""));
            return out;
        }
    }

    /** The target next to what the call moved, in GB/s. */
    private static String target(int channels, long bytes, Measurement m) {
        String goal = channels == 28 ? "cuda <= 0.055 ms (CuPy gather 0.063, scatter_add 0.19, seed loop 0.45); "
                : channels == 512 ? "cuda <= 0.8 ms (CuPy gather 1.02, scatter_add 3.8, seed loop 9.3); " : "";
        return goal + String.format(Locale.ROOT, "%.0f GB/s of x and y", bytes / (double) m.median());
    }
}
