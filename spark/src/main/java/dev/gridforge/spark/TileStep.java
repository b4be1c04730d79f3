package dev.gridforge.spark;

import java.io.Serializable;

/**
 * One step of a {@link TiledLoop}, as a {@code TimeLoop} step body: launch the step's kernels
 * with {@code XKernels.on(step.backend())}, reading the rings' {@code now()} and {@code past(k)}
 * and writing their {@code next()}:
 * <pre>{@code
 * TileStep wave = s -> {
 *     Ring<DoubleField> u = s.ring("u");
 *     WaveKernels.on(s.backend()).stepInto(u.next(), u.now(), u.past(1), c2);
 * };
 * }</pre>
 * The same body runs on every tile (on the tile's fields, extended by its halo) and on the
 * whole domain; Spark serializes it to the executors, so what it captures must be
 * {@link Serializable}.
 */
@FunctionalInterface
public interface TileStep extends Serializable {
    void step(StepContext step);
}
