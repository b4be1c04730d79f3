package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.sim.CudaSimulator;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * An application that is unloaded (a web application redeployed in a server that shares the
 * gridforge jars) must be able to leave: once its launcher has run on the JVM and on a device
 * backend, nothing in the runtime may keep its classes, and so its class loader, alive.
 */
class LauncherUnloadTest {

    private static final String KERNELS = """
            @Pointwise static double twice(double x, @Const(specialize = true) int k) { return x * 2 + k; }
            """;

    @Test
    void aLauncherThatRanLeavesNothingBehindThatPinsItsClassLoader() throws Exception {
        Assumptions.assumeTrue(CudaSimulator.isAvailable(), "skipped: no C++ compiler for the CUDA simulator (g++)");
        Compilation c = Compiler.compile(Compiler.kernelClass(KERNELS));
        assertTrue(c.errors().isEmpty(), c.errors().toString());
        WeakReference<ClassLoader> loader = runOnceAndDrop(c);
        for (int i = 0; i < 50 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        // -DargLine=-Dheapdump=/tmp/x.hprof keeps a heap dump of a failure, to find what holds the loader.
        if (loader.get() != null && System.getProperty("heapdump") != null) {
            java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .dumpHeap(System.getProperty("heapdump"), true);
        }
        assertNull(loader.get(), "the launcher's class loader is still reachable after its kernels ran");
    }

    /**
     * In its own frame, so no local of the test method keeps the loader or its classes. The
     * application's loader is the thread's context loader while it runs, as in an application
     * server: a thread the runtime starts meanwhile must not inherit it.
     */
    private static WeakReference<ClassLoader> runOnceAndDrop(Compilation c) throws Exception {
        ClassLoader loader = Compiler.loader(c);
        Class<?> launcher = loader.loadClass("test.KKernels");
        ClassLoader saved = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            for (Backend b : new Backend[] {Backend.JVM, Backend.CUDA_SIM}) {
                Object on = launcher.getMethod("on", Backend.class).invoke(null, b);
                try (DoubleField z = (DoubleField) on.getClass().getMethod("twice", DoubleField.class, int.class)
                        .invoke(on, DoubleField.of(new double[] {1, 2, 3}, 3), 5)) {
                    assertArrayEquals(new double[] {7, 9, 11}, z.toArray(), b.toString());
                }
            }
        } finally {
            Thread.currentThread().setContextClassLoader(saved);
        }
        return new WeakReference<>(loader);
    }
}
