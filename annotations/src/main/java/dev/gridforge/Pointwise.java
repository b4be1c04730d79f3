package dev.gridforge;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method as a pointwise kernel: the method computes one element of the result
 * from its parameters, and gridforge runs it for every point of a launch (on the GPU with
 * CUDA, or on all CPU cores).
 *
 * <p>Each parameter's role comes from its type and annotation:
 * <ul>
 *   <li>a plain {@code double}, {@code float}, {@code int} or {@code long}: one element of an
 *       input field of the launch's shape;</li>
 *   <li>{@link Coord}: a mesh coordinate, computed inside the kernel from the point's index;</li>
 *   <li>{@link Index} / {@link Extent}: the point's integer position along an axis, and the
 *       launch's size along it;</li>
 *   <li>{@link Const}: one value for the whole launch.</li>
 * </ul>
 *
 * <p>The annotation processor generates a launcher class named after the enclosing class with
 * the suffix {@code Kernels}, holding one static method per kernel. The annotated method stays
 * ordinary Java: calling it is the reference the generated code is tested against.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Pointwise {
}
