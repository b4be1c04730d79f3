package dev.gridforge.benchmarks;

import dev.gridforge.runtime.Backend;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The JVM side of a case through JMH: the processor writes a JMH benchmark per kernel
 * ({@code <Launcher>Jmh}, one {@code @Benchmark} method per kernel, its cases as the values of a
 * {@code @Param id}), and JMH's own processor, listed beside gridforge's, turns it into
 * {@code META-INF/BenchmarkList}. Sample time, in a forked JVM (not forked with {@code --quick}).
 */
final class JmhRunner {
    private static final int MAX_SAMPLES = 100_000;

    private JmhRunner() {
    }

    /** Whether JMH's processor generated benchmarks on this class path. */
    static boolean available() {
        return JmhRunner.class.getClassLoader().getResource("META-INF/BenchmarkList") != null;
    }

    /** The generated JMH class of a case's launcher: {@code dev.gridforge.samples.WaveKernelsJmh}. */
    static String benchmarkClass(BenchCase c) {
        return c.launcherClass() + "Jmh";
    }

    static Measurement run(BenchSuite suite, BenchCase c, boolean quick) {
        String method = c.kernel().substring(c.kernel().lastIndexOf('.') + 1);
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include("^" + java.util.regex.Pattern.quote(benchmarkClass(c) + "." + method) + "$")
                .param("id", suite.idOf(c, quick))
                .mode(Mode.SampleTime)
                .timeUnit(TimeUnit.MILLISECONDS)
                .verbosity(VerboseMode.SILENT)
                .shouldFailOnError(true);
        if (quick) {
            b.forks(0).warmupIterations(1).warmupTime(TimeValue.milliseconds(50)).measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(100));
        } else {
            b.forks(1).warmupIterations(3).warmupTime(TimeValue.milliseconds(500)).measurementIterations(5)
                    .measurementTime(TimeValue.milliseconds(500));
        }
        Collection<RunResult> results;
        try {
            results = new Runner(b.build()).run();
        } catch (RunnerException e) {
            throw new BenchmarkException("[BenchJmh] JMH could not run " + benchmarkClass(c) + "." + method + ": " + e.getMessage());
        }
        if (results.isEmpty()) {
            throw new BenchmarkException("[BenchJmh] JMH found no benchmark " + benchmarkClass(c) + "." + method
                    + ": was the class path's META-INF/BenchmarkList made from these classes?");
        }
        List<Double> samples = new ArrayList<>();
        for (RunResult r : results) {
            Iterator<Map.Entry<Double, Long>> it = r.getPrimaryResult().getStatistics().getRawData();
            while (it.hasNext() && samples.size() < MAX_SAMPLES) {
                Map.Entry<Double, Long> e = it.next();
                for (long k = 0; k < e.getValue() && samples.size() < MAX_SAMPLES; k++) {
                    samples.add(e.getKey() / c.stepsPerCall());
                }
            }
        }
        double[] ms = Measurement.toArray(samples);
        return new Measurement(c, Backend.JVM.id(), dev.gridforge.runtime.Gridforge.describe(Backend.JVM), ms, ms, 0,
                Harness.copies(c, Backend.JVM), "JMH sample time" + (quick ? " (not forked)" : ""), -1);
    }
}
