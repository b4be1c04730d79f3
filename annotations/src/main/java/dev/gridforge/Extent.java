package dev.gridforge;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The launch's size along an axis ({@code int}): the number of points from 0 to the last index. In
 * a launch over a tile of a larger domain (a tile mesh, or a time loop's window), the whole domain's.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Extent {
    /** The axis: 0 (x), 1 (y) or 2 (z). */
    int value();
}
