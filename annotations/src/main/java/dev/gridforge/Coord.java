package dev.gridforge;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A mesh coordinate along an axis ({@code double} or {@code float}), computed inside the kernel
 * from the point's index and the launch's {@code Mesh}; the mesh is never built in memory (over a
 * tile mesh, the whole mesh's coordinate of the point). Axis 0 is x, the fastest-varying
 * (contiguous) axis of the result.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Coord {
    /** The axis: 0 (x), 1 (y) or 2 (z). */
    int value();
}
