package dev.gridforge.spark;

import java.io.Serializable;

/**
 * The work of one parameter set of a {@link Sweep}: runs a kernel, or a whole time loop, on
 * {@link SweepContext#backend()} and returns what the driver should get back (a small record, a
 * reduction, a picture's pixels), or writes a field to a shared path with
 * {@link SweepContext#writeNpy}. Spark serializes it to the executors: what it captures must be
 * {@link Serializable}. It may run more than once for one parameter set (Spark retries failed
 * tasks), so it must not depend on having run before.
 */
@FunctionalInterface
public interface SweepTask<P, R> extends Serializable {
    R run(P parameters, SweepContext context) throws Exception;
}
