package dev.gridforge;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method as a stencil kernel: like {@link Pointwise}, computed at every point of
 * a launch, but it may also read its input fields around the point through grid views
 * ({@link Grid1}, {@link Grid2}, {@link Grid3} and their {@code f} float twins):
 * {@code u.at(1, 0)} is the neighbour one step along x. Offsets are compile-time constants; the
 * halo (how far a kernel reads) is taken from them.
 *
 * <pre>{@code
 * @Stencil(boundary = Boundary.CLAMP)
 * static double wave(Grid2 u, Grid2 uPrev, @Const double c2) {
 *     double lap = u.at(1, 0) + u.at(-1, 0) + u.at(0, 1) + u.at(0, -1) - 4 * u.at(0, 0);
 *     return 2 * u.at(0, 0) - uPrev.at(0, 0) + c2 * lap;
 * }
 * }</pre>
 *
 * <p>A read outside the grid follows {@link #boundary()} ({@link Pad} on a grid parameter
 * overrides it for that field). Every grid of one kernel has the same rank and the launch's shape.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Stencil {
    /** What a read outside the grid returns, for every grid without its own {@link Pad}. */
    Boundary boundary() default Boundary.CLAMP;

    /** The value of a read outside the grid under {@link Boundary#CONSTANT}. */
    double constant() default 0;
}
