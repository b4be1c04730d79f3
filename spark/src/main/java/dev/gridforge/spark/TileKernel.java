package dev.gridforge.spark;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.Mesh;
import java.io.Serializable;

/**
 * One tile's launch: {@code (tile, backend) -> GeoKernels.on(backend).distance(tile, 30.0, 101.0, 1.0)}.
 * It returns the result over the tile's mesh, which the caller closes. Spark serializes it to
 * the executors: what it captures must be {@link Serializable}.
 */
@FunctionalInterface
public interface TileKernel extends Serializable {
    Field apply(Mesh tile, Backend backend) throws Exception;
}
