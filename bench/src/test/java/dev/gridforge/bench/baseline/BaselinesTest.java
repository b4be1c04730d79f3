package dev.gridforge.bench.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.benchmarks.BenchCase;
import dev.gridforge.benchmarks.BenchSuite;
import dev.gridforge.benchmarks.Benchmarks;
import dev.gridforge.benchmarks.PreparedCase;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.FloatField;
import dev.gridforge.samples.PinnKernels;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/**
 * Each hand-written baseline computes what its generated twin computes (and so what the sample
 * method returns: the generated JVM loops are bit for bit the method), on the twin's random inputs,
 * one launch and a time loop of steps alike: bit for bit where the arithmetic is written in the
 * same order, within 1e-12 relative where the hand-written code orders it otherwise.
 */
class BaselinesTest {

    private static BenchSuite twins(String twin) {
        String launcher = twin.substring(0, twin.indexOf('.'));
        return Benchmarks.onClassPath().stream().filter(s -> s.launcher().equals(launcher)).findFirst().orElseThrow();
    }

    @Test
    void everyBaselineGivesItsTwinsResultsAtTheQuickSizes() {
        List<BenchCase> baselines = new Baselines().quickCases();
        assertEquals(9, baselines.size(), baselines.toString()); // wave and gray-scott a step and a loop, shift-sum two sizes, 3 more
        for (BenchCase hand : baselines) {
            String twinName = Baselines.TWINS.get(hand.kernel());
            BenchCase twin = twins(twinName).find(twinName.substring(twinName.indexOf('.') + 1), hand.size(), hand.mode());
            boolean exact = !hand.kernel().endsWith("haversine") && !hand.kernel().endsWith("Residual");
            try (PreparedCase h = PreparedCase.of(hand, Backend.JVM); PreparedCase g = PreparedCase.of(twin, Backend.JVM)) {
                h.call();
                g.call();
                List<Field> hr = h.results();
                List<Field> gr = g.results();
                assertEquals(gr.size(), hr.size());
                for (int k = 0; k < hr.size(); k++) {
                    double[] a = values(gr.get(k));
                    double[] b = values(hr.get(k));
                    assertTrue(java.util.Arrays.stream(a).anyMatch(v -> v != 0), hand + ": the twin's results are not all zero");
                    for (int i = 0; i < a.length; i++) {
                        double tolerance = exact ? 0 : 1e-12 * Math.max(1, Math.abs(a[i]));
                        assertTrue(Math.abs(a[i] - b[i]) <= tolerance, hand + " result " + k + " at " + i + ": " + b[i]
                                + ", the kernel " + a[i]);
                    }
                }
            }
        }
    }

    /** The PINN again, on weights a trained network has (small, of either sign): the tanh units neither saturated nor linear. */
    @Test
    void thePinnResidualAgreesOnTrainedLikeWeights() {
        Random r = new Random(42);
        int n = 500;
        double[] x = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble();
            t[i] = r.nextDouble();
        }
        double[][] w = {new double[2 * 32], new double[32], new double[32 * 32], new double[32], new double[32]};
        for (double[] a : w) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (r.nextDouble() - 0.5) * 1.2;
            }
        }
        DoubleField kernel = PinnKernels.on(Backend.JVM).residual(DoubleField.of(x, n), DoubleField.of(t, n),
                DoubleField.of(w[0], 2, 32), DoubleField.of(w[1], 32), DoubleField.of(w[2], 32, 32), DoubleField.of(w[3], 32),
                DoubleField.of(w[4], 32), 0.1, 0.05);
        double[] hand = new double[n];
        Loops.pinnResidual(hand, x, t, w[0], w[1], w[2], w[3], w[4], 0.05);
        double[] expected = kernel.toArray();
        for (int i = 0; i < n; i++) {
            assertTrue(Math.abs(expected[i]) > 1e-6, "a residual of a live network at " + i + ": " + expected[i]);
            assertEquals(expected[i], hand[i], 1e-12 * Math.max(1, Math.abs(expected[i])), "at " + i);
        }
    }

    /** The hand-written JMH class names every case of the suite by the id JMH is given. */
    @Test
    void theJmhClassListsEveryCase() throws Exception {
        Baselines suite = new Baselines();
        for (Class<?> state : BaselinesJmh.class.getDeclaredClasses()) {
            String kernel = Character.toLowerCase(state.getSimpleName().charAt(0)) + state.getSimpleName().substring(1, state.getSimpleName().length() - 5);
            List<String> ids = List.of(state.getField("id").getAnnotation(Param.class).value());
            String name = "Baselines." + kernel;
            long full = suite.cases().stream().filter(c -> c.kernel().equals(name)).count();
            long quick = suite.quickCases().stream().filter(c -> c.kernel().equals(name)).count();
            assertTrue(full > 0, name);
            assertEquals(full + quick, ids.size(), name + ": " + ids);
            for (String id : ids) {
                assertEquals(name, suite.caseOf(kernel, id).kernel());
            }
        }
    }

    private static double[] values(Field f) {
        if (f instanceof FloatField ff) {
            float[] a = ff.toArray();
            double[] d = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                d[i] = a[i];
            }
            return d;
        }
        return ((DoubleField) f).toArray();
    }
}
