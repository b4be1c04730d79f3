package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.IntField;
import dev.gridforge.runtime.Mesh;
import dev.gridforge.runtime.Shape;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bad arguments to a generated launcher fail before anything runs, with an exception that names
 * the parameter and the problem; a kernel that throws on the JVM (integer division by zero)
 * throws what calling the method throws.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LauncherInputTest {
    private static final String KERNELS = """
            @Pointwise
            static double onMesh(@Coord(0) double x, @Coord(1) double y, double u) { return x * y + u; }

            @Pointwise
            static double onInputs(double u, double v, @Index(0) int i) { return u - v + i; }

            @Pointwise
            static int onShape(@Index(0) int i, @Index(1) int j, @Const int d) { return (i + j) / d; }
            """;

    private Class<?> launchers;

    @BeforeAll
    void compile() throws Exception {
        Compilation c = Compiler.compile(Compiler.kernelClass(KERNELS));
        assertTrue(c.errors().isEmpty(), c.errors().toString());
        launchers = Compiler.loader(c).loadClass("test.KKernels");
    }

    private Object call(Backend backend, String kernel, Class<?>[] types, Object... args) throws Throwable {
        Object on = launchers.getMethod("on", Backend.class).invoke(null, backend);
        Method m = on.getClass().getMethod(kernel, types);
        try {
            return m.invoke(on, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final Class<?>[] MESH_ARGS = {Mesh.class, DoubleField.class};
    private static final Class<?>[] INPUT_ARGS = {DoubleField.class, DoubleField.class};
    private static final Class<?>[] SHAPE_ARGS = {Shape.class, int.class};

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void badArgumentsNameTheParameter(Backend backend) {
        Mesh mesh = Mesh.linspace(0, 1, 4, 0, 1, 3);
        DoubleField ok = DoubleField.of(new double[12], 4, 3);

        assertMessage(NullPointerException.class, "mesh", () -> call(backend, "onMesh", MESH_ARGS, null, ok));
        assertMessage(NullPointerException.class, "u", () -> call(backend, "onMesh", MESH_ARGS, mesh, null));
        assertMessage(IllegalArgumentException.class, "u",
                () -> call(backend, "onMesh", MESH_ARGS, mesh, DoubleField.of(new double[12], 3, 4)));
        assertMessage(IllegalArgumentException.class, "rank",
                () -> call(backend, "onMesh", MESH_ARGS, Mesh.linspace(0, 1, 12), DoubleField.of(new double[12], 12)));

        assertMessage(IllegalArgumentException.class, "v", () -> call(backend, "onInputs", INPUT_ARGS,
                DoubleField.of(new double[5], 5), DoubleField.of(new double[6], 6)));
        assertMessage(NullPointerException.class, "v", () -> call(backend, "onInputs", INPUT_ARGS,
                DoubleField.of(new double[5], 5), null));
        DoubleField closed = DoubleField.of(new double[5], 5);
        closed.close();
        assertMessage(IllegalStateException.class, "closed", () -> call(backend, "onInputs", INPUT_ARGS,
                DoubleField.of(new double[5], 5), closed));

        assertMessage(NullPointerException.class, "shape", () -> call(backend, "onShape", SHAPE_ARGS, null, 1));
        assertMessage(IllegalArgumentException.class, "rank", () -> call(backend, "onShape", SHAPE_ARGS, Shape.of(4), 1));
    }

    @org.junit.jupiter.api.Test
    void integerDivisionByZeroThrowsOnTheJvmAsTheMethodDoes() {
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> call(Backend.JVM, "onShape", SHAPE_ARGS, Shape.of(3, 2), 0));
        assertEquals("/ by zero", e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void aDeviceResultFeedsTheNextKernel() throws Throwable {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.gridforge.runtime.sim.CudaSimulator.isAvailable(),
                "skipped: no C++ compiler for the CUDA simulator (g++)");
        Mesh mesh = Mesh.linspace(0, 1, 4, 0, 1, 3);
        DoubleField u = DoubleField.of(new java.util.Random(3).doubles(12).toArray(), 4, 3);
        try (DoubleField first = (DoubleField) call(Backend.CUDA_SIM, "onMesh", MESH_ARGS, mesh, u);
             DoubleField second = (DoubleField) call(Backend.CUDA_SIM, "onMesh", MESH_ARGS, mesh, first);
             DoubleField onJvm = (DoubleField) call(Backend.JVM, "onMesh", MESH_ARGS, mesh, first)) {
            assertTrue(first.isOnDevice(), "a device result stays on the device");
            assertEquals(java.util.Arrays.toString(second.toArray()), java.util.Arrays.toString(onJvm.toArray()),
                    "the device field is read in place on the device and copied for the JVM");
        }
        assertTrue(IntField.class.isAssignableFrom(launchers.getDeclaredMethod("onShape", Shape.class, int.class).getReturnType()));
    }

    private interface Call {
        Object run() throws Throwable;
    }

    private static void assertMessage(Class<? extends Throwable> type, String mentions, Call call) {
        Throwable t = assertThrows(Throwable.class, call::run);
        assertTrue(type.isInstance(t), "expected " + type.getSimpleName() + ", got " + t);
        assertTrue(t.getMessage() != null && t.getMessage().contains(mentions),
                "the message names '" + mentions + "': " + t.getMessage());
    }
}
