package dev.gridforge.spark;

import dev.gridforge.runtime.Backend;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A parameter sweep: one {@link SweepTask} per parameter set, run as Spark tasks, each on the
 * GPU Spark assigned it or on the fallback backend ({@link TaskDevice}); the results come back
 * in the order of the parameter sets.
 *
 * <pre>{@code
 * List<double[]> fk = ...;                                   // (F, k) pairs
 * List<Summary> r = Sweep.over(fk).run(spark, (p, task) -> simulate(p[0], p[1], task.backend()));
 * }</pre>
 *
 * A task that fails is retried by Spark ({@code spark.task.maxFailures}, or {@code local[N,F]});
 * a sweep whose task fails every attempt throws Spark's exception, whose message names the
 * parameter set. {@link #runHere} runs the same tasks one after another in this thread: the
 * single-process reference.
 */
public final class Sweep<P extends Serializable> {
    private final List<P> parameters;
    private final int tasks;
    private final Backend fallback;

    private Sweep(List<P> parameters, int tasks, Backend fallback) {
        this.parameters = parameters;
        this.tasks = tasks;
        this.fallback = fallback;
    }

    /** A sweep over {@code parameters}, one Spark task per parameter set. */
    public static <P extends Serializable> Sweep<P> over(List<P> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        List<P> copy = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            copy.add(Objects.requireNonNull(parameters.get(i), "parameter set " + i + " is null"));
        }
        return new Sweep<>(List.copyOf(copy), copy.size(), null);
    }

    /**
     * Groups the parameter sets into {@code n} Spark tasks (each runs its sets one after another):
     * fewer, longer tasks when each set is small. At most one task per set.
     */
    public Sweep<P> tasks(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("[Sweep] tasks(" + n + "): a sweep needs at least one task");
        }
        return new Sweep<>(parameters, Math.min(n, Math.max(1, parameters.size())), fallback);
    }

    /**
     * The backend of tasks that Spark assigned no GPU; by default {@code spark.gridforge.backend}
     * of the application's configuration, else gridforge's default backend on the executor.
     */
    public Sweep<P> backend(Backend b) {
        return new Sweep<>(parameters, tasks, Objects.requireNonNull(b, "backend"));
    }

    public List<P> parameters() {
        return parameters;
    }

    /** Runs the sweep on {@code spark}; the results in the order of the parameter sets. */
    public <R extends Serializable> List<R> run(JavaSparkContext spark, SweepTask<P, R> task) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(task, "task");
        if (parameters.isEmpty()) {
            return List.of();
        }
        Backend b = fallback != null ? fallback : configuredBackend(spark);
        List<Indexed<P>> indexed = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            indexed.add(new Indexed<>(i, parameters.get(i)));
        }
        List<Indexed<R>> results = spark.parallelize(indexed, tasks)
                .map(p -> new Indexed<>(p.index(), runOne(task, p, b)))
                .collect();
        Object[] ordered = new Object[parameters.size()];
        for (Indexed<R> r : results) {
            ordered[r.index()] = r.value();
        }
        @SuppressWarnings("unchecked")
        List<R> list = (List<R>) (List<?>) Arrays.asList(ordered);
        return list;
    }

    /**
     * Runs every parameter set one after another in this thread, on {@code backend} (the
     * single-process reference for a sweep's results and its cost).
     */
    public <R extends Serializable> List<R> runHere(Backend backend, SweepTask<P, R> task) {
        Objects.requireNonNull(task, "task");
        List<R> results = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            results.add(runOne(task, new Indexed<>(i, parameters.get(i)), backend));
        }
        return results;
    }

    /** {@code spark.gridforge.backend}, parsed on the driver so that a bad value fails before any task. */
    static Backend configuredBackend(JavaSparkContext spark) {
        String text = spark.getConf().get(TaskDevice.BACKEND_KEY, null);
        if (text == null) {
            return null;
        }
        try {
            return Backend.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("[Spark] " + TaskDevice.BACKEND_KEY + "=" + text + ": " + e.getMessage(), e);
        }
    }

    private static <P, R> R runOne(SweepTask<P, R> task, Indexed<P> p, Backend fallback) {
        TaskContext tc = TaskContext.get();
        int attempt = tc == null ? 0 : tc.attemptNumber();
        String which = "[Sweep] parameter set #" + p.index() + " (" + describe(p.value()) + ")";
        try (TaskDevice device = TaskDevice.openFor(which, fallback)) {
            try {
                return task.run(p.value(), new SweepContext(p.index(), attempt, device));
            } catch (Exception e) {
                throw device.failed(which, e);
            }
        }
    }

    static String describe(Object value) {
        String s = value.getClass().isArray() ? Arrays.deepToString(new Object[] {value}) : String.valueOf(value);
        if (value.getClass().isArray()) {
            s = s.substring(1, s.length() - 1);
        }
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** A value and its position in the sweep. */
    record Indexed<T>(int index, T value) implements Serializable {
    }
}
