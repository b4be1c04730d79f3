package dev.gridforge;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A kernel parameter that holds one value for the whole launch, passed to the launcher as a
 * plain Java value. Expressions that depend only on constants are computed once per launch,
 * on the host, rather than once per point.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Const {
    /**
     * Bakes the value into the compiled CUDA code: one compile per distinct value (each one
     * cached). Worth it for loop bounds and strides that the compiler can then unroll.
     */
    boolean specialize() default false;
}
