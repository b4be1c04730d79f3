package dev.gridforge.bench.baseline;

import dev.gridforge.benchmarks.BenchCase;
import dev.gridforge.benchmarks.BenchSuite;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.Ring;
import dev.gridforge.samples.GrayScottKernelsBench;
import dev.gridforge.samples.HaversineKernelsBench;
import dev.gridforge.samples.HeatResidualKernelsBench;
import dev.gridforge.samples.PinnKernelsBench;
import dev.gridforge.samples.ShiftSumKernelsBench;
import dev.gridforge.samples.WaveKernelsBench;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The seed workloads' plain-Java baselines ({@link Loops}) as benchmark cases, so that the same
 * harness measures them beside the sample kernels' generated JVM loops: each case is made like
 * its generated twin (the same size, the same random inputs, the same static cost), at the sizes
 * a JVM runs in seconds, and runs on the JVM only. A time loop is the hand-written one: arrays
 * swapped each step, the ring's state copied in before the steps and back after them (4 copies
 * a call of 200 steps: about 1% of what the steps move).
 */
public final class Baselines implements BenchSuite {
    /** Each baseline and its generated twin, the sample kernel of the same arithmetic. */
    public static final Map<String, String> TWINS = twins();

    private static Map<String, String> twins() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Baselines.wave", "WaveKernels.step");
        m.put("Baselines.grayScott", "GrayScottKernels.step");
        m.put("Baselines.haversine", "HaversineKernels.distance");
        m.put("Baselines.heatResidual", "HeatResidualKernels.residual");
        m.put("Baselines.shiftSum", "ShiftSumKernels.shiftSum");
        m.put("Baselines.pinnResidual", "PinnKernels.residual");
        return Map.copyOf(m);
    }

    @Override
    public String launcher() {
        return "Baselines";
    }

    @Override
    public List<BenchCase> cases() {
        return all(false);
    }

    @Override
    public List<BenchCase> quickCases() {
        return all(true);
    }

    private static List<BenchCase> all(boolean quick) {
        List<BenchCase> out = new ArrayList<>();
        // the JVM-sized ones of the twins' cases: wave and gray-scott at 1000² (and the wave's single step at 4096²), seed 001 and 002 at theirs
        add(out, new WaveKernelsBench(), quick, c -> c.size().equals("1000x1000") || c.size().equals("4096x4096") && isStep(c),
                Baselines::wave);
        add(out, new GrayScottKernelsBench(), quick, c -> c.size().equals("1000x1000"), Baselines::grayScott);
        add(out, new HaversineKernelsBench(), quick, c -> true, Baselines::haversine);
        add(out, new HeatResidualKernelsBench(), quick, c -> true, Baselines::heatResidual);
        add(out, new ShiftSumKernelsBench(), quick, c -> c.size().contains("x=256x256x28x16"), Baselines::shiftSum);
        add(out, new PinnKernelsBench(), quick, c -> true, Baselines::pinnResidual);
        return out;
    }

    /** A baseline of each of the twins' cases that {@code wanted} keeps (of every quick one). */
    private static void add(List<BenchCase> out, BenchSuite twins, boolean quick, Predicate<BenchCase> wanted,
                            Function<BenchCase, BenchCase> baseline) {
        for (BenchCase twin : quick ? twins.quickCases() : twins.cases()) {
            if (quick || wanted.test(twin)) {
                out.add(baseline.apply(twin));
            }
        }
    }

    private static boolean isStep(BenchCase c) {
        return c.stepsPerCall() == 1 && c.mode().equals("step");
    }

    private static BenchCase.Builder like(BenchCase twin, String name) {
        return BenchCase.like(twin, "Baselines." + name).runsOn(Backend.JVM);
    }

    private static BenchCase wave(BenchCase twin) {
        int nx = twin.shape().extent(0);
        int ny = twin.shape().extent(1);
        double c2 = 0.25;
        BenchCase.Builder b = like(twin, "wave");
        if (isStep(twin)) {
            return b.launcher(Baselines.class, be -> Loops.class, l -> 0L)
                    .launch((l, in, out) -> Loops.wave(d(out[0]), d(in.get(0)), d(in.get(1)), nx, ny, c2)).build();
        }
        return b.launcher(Baselines.class, be -> new double[3][nx * ny], l -> 0L)
                .steps(twin.stepsPerCall(), (l, loop, rings, in) -> {
                    double[][] a = (double[][]) l; // now, past, next
                    Ring<Field> u = rings.get(0);
                    System.arraycopy(d(u.now()), 0, a[0], 0, a[0].length);
                    System.arraycopy(d(u.past(1)), 0, a[1], 0, a[1].length);
                    for (int s = 0; s < twin.stepsPerCall(); s++) {
                        Loops.wave(a[2], a[0], a[1], nx, ny, c2);
                        double[] spare = a[1];
                        a[1] = a[0];
                        a[0] = a[2];
                        a[2] = spare;
                    }
                    System.arraycopy(a[0], 0, d(u.now()), 0, a[0].length);
                    System.arraycopy(a[1], 0, d(u.past(1)), 0, a[1].length);
                }, 1).build();
    }

    private static BenchCase grayScott(BenchCase twin) {
        int nx = twin.shape().extent(0);
        int ny = twin.shape().extent(1);
        BenchCase.Builder b = like(twin, "grayScott");
        if (isStep(twin)) {
            return b.launcher(Baselines.class, be -> Loops.class, l -> 0L)
                    .launch((l, in, out) -> Loops.grayScott(d(out[0]), d(out[1]), d(in.get(0)), d(in.get(1)), nx, ny,
                            0.2, 0.1, 0.035, 0.06, 1.0)).build();
        }
        return b.launcher(Baselines.class, be -> new double[4][nx * ny], l -> 0L)
                .steps(twin.stepsPerCall(), (l, loop, rings, in) -> {
                    double[][] a = (double[][]) l; // u, v, uNext, vNext
                    System.arraycopy(d(rings.get(0).now()), 0, a[0], 0, a[0].length);
                    System.arraycopy(d(rings.get(1).now()), 0, a[1], 0, a[1].length);
                    for (int s = 0; s < twin.stepsPerCall(); s++) {
                        Loops.grayScott(a[2], a[3], a[0], a[1], nx, ny, 0.2, 0.1, 0.035, 0.06, 1.0);
                        double[] u = a[0];
                        double[] v = a[1];
                        a[0] = a[2];
                        a[1] = a[3];
                        a[2] = u;
                        a[3] = v;
                    }
                    System.arraycopy(a[0], 0, d(rings.get(0).now()), 0, a[0].length);
                    System.arraycopy(a[1], 0, d(rings.get(1).now()), 0, a[1].length);
                }, 0, 0).build();
    }

    private static BenchCase haversine(BenchCase twin) {
        return like(twin, "haversine").launcher(Baselines.class, be -> Loops.class, l -> 0L)
                .launch((l, in, out) -> Loops.haversine(d(out[0]), in.mesh().coords(0), in.mesh().coords(1), 30.0, 101.0, 1.0))
                .build();
    }

    private static BenchCase heatResidual(BenchCase twin) {
        return like(twin, "heatResidual").launcher(Baselines.class, be -> Loops.class, l -> 0L)
                .launch((l, in, out) -> Loops.heatResidual(d(out[0]), d(in.get(0)), d(in.get(1)), 0.05)).build();
    }

    private static BenchCase shiftSum(BenchCase twin) {
        var x = twin.inputs().get(0).shape();
        return like(twin, "shiftSum").launcher(Baselines.class, be -> Loops.class, l -> 0L)
                .launch((l, in, out) -> Loops.shiftSum((float[]) out[0].hostData(), (float[]) in.get(0).hostData(),
                        (float[]) in.get(1).hostData(), x.extent(0), x.extent(1), x.extent(2), x.extent(3), 2)).build();
    }

    private static BenchCase pinnResidual(BenchCase twin) {
        return like(twin, "pinnResidual").launcher(Baselines.class, be -> Loops.class, l -> 0L)
                .launch((l, in, out) -> Loops.pinnResidual(d(out[0]), d(in.get(0)), d(in.get(1)), d(in.get(2)), d(in.get(3)),
                        d(in.get(4)), d(in.get(5)), d(in.get(6)), 0.05)).build();
    }

    private static double[] d(Field f) {
        return (double[]) f.hostData();
    }
}
