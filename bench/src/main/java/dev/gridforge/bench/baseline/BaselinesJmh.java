package dev.gridforge.bench.baseline;

import dev.gridforge.benchmarks.PreparedCase;
import dev.gridforge.runtime.Backend;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The baselines as JMH benchmarks, written as the processor writes {@code <Launcher>Jmh} for a
 * kernel class, so that {@code Benchmarks} times them with JMH beside the generated ones: a
 * {@code @Benchmark} per baseline, its state's {@code @Param id} a case of {@link Baselines}
 * ({@code "0"}, ... of its cases, {@code "q0"}, ... of its quick ones; {@code BaselinesTest}
 * checks the lists).
 */
public class BaselinesJmh {
    @Benchmark
    public void wave(WaveState s) {
        s.run.call();
    }

    @Benchmark
    public void grayScott(GrayScottState s) {
        s.run.call();
    }

    @Benchmark
    public void haversine(HaversineState s) {
        s.run.call();
    }

    @Benchmark
    public void heatResidual(HeatResidualState s) {
        s.run.call();
    }

    @Benchmark
    public void shiftSum(ShiftSumState s) {
        s.run.call();
    }

    @Benchmark
    public void pinnResidual(PinnResidualState s) {
        s.run.call();
    }

    @State(Scope.Thread)
    public static class WaveState {
        @Param({"0", "1", "2", "q0", "q1"})
        public String id;

        private PreparedCase run;

        @Setup(Level.Trial)
        public void setUp() {
            run = PreparedCase.of(new Baselines().caseOf("wave", id), Backend.JVM);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            run.close();
        }
    }

    @State(Scope.Thread)
    public static class GrayScottState {
        @Param({"0", "1", "q0", "q1"})
        public String id;

        private PreparedCase run;

        @Setup(Level.Trial)
        public void setUp() {
            run = PreparedCase.of(new Baselines().caseOf("grayScott", id), Backend.JVM);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            run.close();
        }
    }

    @State(Scope.Thread)
    public static class HaversineState {
        @Param({"0", "q0"})
        public String id;

        private PreparedCase run;

        @Setup(Level.Trial)
        public void setUp() {
            run = PreparedCase.of(new Baselines().caseOf("haversine", id), Backend.JVM);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            run.close();
        }
    }

    @State(Scope.Thread)
    public static class HeatResidualState {
        @Param({"0", "q0"})
        public String id;

        private PreparedCase run;

        @Setup(Level.Trial)
        public void setUp() {
            run = PreparedCase.of(new Baselines().caseOf("heatResidual", id), Backend.JVM);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            run.close();
        }
    }

    @State(Scope.Thread)
    public static class ShiftSumState {
        @Param({"0", "q0", "q1"})
        public String id;

        private PreparedCase run;

        @Setup(Level.Trial)
        public void setUp() {
            run = PreparedCase.of(new Baselines().caseOf("shiftSum", id), Backend.JVM);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            run.close();
        }
    }

    @State(Scope.Thread)
    public static class PinnResidualState {
        @Param({"0", "q0"})
        public String id;

        private PreparedCase run;

        @Setup(Level.Trial)
        public void setUp() {
            run = PreparedCase.of(new Baselines().caseOf("pinnResidual", id), Backend.JVM);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            run.close();
        }
    }
}
