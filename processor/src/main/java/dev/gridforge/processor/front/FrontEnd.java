package dev.gridforge.processor.front;

import com.sun.source.util.Trees;
import java.lang.reflect.Method;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * The entry to the front end: the only package that touches {@code com.sun.source}. Finds the
 * javac Trees API, unwrapping IntelliJ's proxy around the processing environment if needed.
 */
public final class FrontEnd {
    private FrontEnd() {
    }

    /** A kernel reader for this compilation, or null when the compiler has no Trees API (Eclipse's ecj). */
    public static KernelReader reader(ProcessingEnvironment env) {
        Trees trees = trees(env);
        if (trees == null) {
            trees = trees(unwrapIntellij(env));
        }
        return trees == null ? null : new KernelReader(trees, env.getElementUtils());
    }

    private static Trees trees(ProcessingEnvironment env) {
        if (env == null) {
            return null;
        }
        try {
            return Trees.instance(env);
        } catch (IllegalArgumentException | LinkageError e) {
            return null;
        }
    }

    /** IntelliJ's build wraps the environment in a proxy; its own helper hands back javac's. */
    private static ProcessingEnvironment unwrapIntellij(ProcessingEnvironment env) {
        try {
            Class<?> wrappers = Class.forName("org.jetbrains.jps.javac.APIWrappers", false, env.getClass().getClassLoader());
            Method unwrap = wrappers.getDeclaredMethod("unwrap", Class.class, Object.class);
            return ProcessingEnvironment.class.cast(unwrap.invoke(null, ProcessingEnvironment.class, env));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
