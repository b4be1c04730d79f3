package dev.gridforge;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What reads outside the grid return for this one grid parameter of a {@link Stencil} kernel,
 * instead of the kernel's {@link Stencil#boundary()}: {@code @Pad(Boundary.PERIODIC) Grid2 u},
 * {@code @Pad(value = Boundary.CONSTANT, constant = 1.0) Grid2 v}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Pad {
    Boundary value();

    /** The value of a read outside the grid under {@link Boundary#CONSTANT}. */
    double constant() default 0;
}
