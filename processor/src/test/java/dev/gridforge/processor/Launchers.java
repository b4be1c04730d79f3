package dev.gridforge.processor;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.sim.CudaSimulator;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.Assumptions;

/** Test support: calls a generated launcher (loaded from a test compilation) by reflection, as user code would call it. */
final class Launchers {
    private Launchers() {
    }

    /** Skips the test on the simulator where there is no C++ compiler, saying so. */
    static void needs(Backend backend) {
        Assumptions.assumeTrue(backend != Backend.CUDA_SIM || CudaSimulator.isAvailable(),
                "skipped: no C++ compiler for the CUDA simulator (g++)");
    }

    /** {@code KKernels.on(backend)}. */
    static Object on(Class<?> launchers, Backend backend) {
        try {
            return launchers.getMethod("on", Backend.class).invoke(null, backend);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code on.kernel(args)}; what the launcher throws is thrown as itself. */
    static Object call(Object on, String kernel, Class<?>[] types, Object... args) {
        try {
            return on.getClass().getMethod(kernel, types).invoke(on, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
