package dev.gridforge;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The point's integer position along an axis ({@code int}). Axis 0 is x, the fastest-varying
 * (contiguous) axis of the result. In a launch over a tile of a larger domain (a tile mesh, or a
 * time loop's window), the position in the whole domain.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Index {
    /** The axis: 0 (x), 1 (y) or 2 (z). */
    int value();
}
