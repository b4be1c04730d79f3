package dev.gridforge;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks for benchmarks of a kernel, or of every kernel of a class: the processor generates them
 * at build time ({@code <Launcher>Bench}, and {@code <Launcher>Jmh} for JMH), and
 * {@code dev.gridforge.benchmarks.Benchmarks} (in {@code gridforge-benchmarks}) runs them, each on
 * the JVM and the GPU, placed against the device's copy bandwidth and arithmetic rate.
 *
 * <pre>{@code
 * @Bench(sizes = {"1000x1000", "4096x4096"}, steps = 200)
 * @Stencil(boundary = Boundary.CLAMP)
 * static double wave(Grid2 u, Grid2 uPrev, @Const double c2) { ... }
 * }</pre>
 *
 * Inputs are deterministic random values (never zeros; {@link #values} sets their range), results are written in place, compile
 * time is timed apart. See docs/benchmarks.md.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Bench {
    /**
     * The launch shapes, axis 0 first ({@code "1000x1000"}); after a semicolon, the shapes of the
     * kernel's array views ({@code "256x256x16; x=256x256x28x16; mask=256x256"}). Empty: one size by
     * the kernel's rank (10^7 points for rank 0 and 1, 4096x4096, 256x256x256, 64x64x64x16).
     */
    String[] sizes() default {};

    /** Values of the kernel's {@code @Const} parameters, {@code "c2=0.25"}; the others are 0.5, 1 or true. */
    String[] constants() default {};

    /**
     * The range of an input's random values, {@code "v=0.01..0.25"}, for a field, grid or array
     * view that the kernel runs on only in some range (a reaction that diverges elsewhere). The
     * others: fields and grids in [0.5, 1.5), array views of either sign with magnitude in
     * [0.5, 1.5), integers in [1, 100]. A time loop starts each ring in its grid's range.
     */
    String[] values() default {};

    /**
     * For a stencil whose results feed its grids: also benchmark a recorded time loop of this many
     * steps (time per step). 0: single launches only.
     */
    int steps() default 0;
}
