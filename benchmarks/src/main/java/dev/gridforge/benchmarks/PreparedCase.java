package dev.gridforge.benchmarks;

/**
 * A case made ready on a backend: its kernel compiled and loaded, one set of inputs and results
 * made. What the generated JMH benchmarks time: {@link #call()} is one launch, or one run of a
 * time loop's steps.
 */
public interface PreparedCase extends AutoCloseable {
    /** One launch (with the next input set, where a small problem has several), or one run of a loop's steps. */
    void call();

    /** The input sets the calls take in turn (one for a time loop). */
    int inputSets();

    /** What the last call wrote: its results, or each ring's {@code now()} after a loop's steps. */
    java.util.List<dev.gridforge.runtime.Field> results();

    @Override
    void close();

    /** {@code c} made ready on {@code backend}; refused by name when its fields do not fit. */
    static PreparedCase of(BenchCase c, dev.gridforge.runtime.Backend backend) {
        return new Harness.Prepared(c, backend);
    }
}
