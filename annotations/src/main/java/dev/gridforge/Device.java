package dev.gridforge;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static helper method that kernels may call. It obeys the same rules as a kernel body
 * (primitives, arithmetic, {@code Math}, loops, other device helpers) and is translated with
 * the kernel: to a {@code __device__} function in CUDA and to a static method for the JVM.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Device {
}
