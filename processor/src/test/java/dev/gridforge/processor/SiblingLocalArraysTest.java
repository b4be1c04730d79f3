package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.IntField;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two sibling blocks each declare a local array {@code h}, of two lengths: each block reads its
 * own, and a read past the shorter one's end throws where the method's does (the JVM loops once
 * made one {@code h} per worker, of the first length, for both).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SiblingLocalArraysTest {
    private static final String KERNELS = """
            @Pointwise static double siblings(double x, int k) {
                double r = 0;
                { double[] h = new double[2]; h[1] = x; r += h[1] + h[k % 2]; }
                { double[] h = new double[8]; h[7] = 2 * x; r += h[7] + h[k]; }
                return r;
            }
            """;
    private Class<?> kernels;
    private Class<?> launchers;

    @BeforeAll
    void compile() throws Exception {
        Compilation c = Compiler.compile(Compiler.kernelClass(KERNELS));
        assertTrue(c.errors().isEmpty(), c.errors().toString());
        ClassLoader loader = Compiler.loader(c);
        kernels = loader.loadClass("test.K");
        launchers = loader.loadClass("test.KKernels");
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void eachBlockHasItsOwnArray(Backend backend) throws Exception {
        Launchers.needs(backend);
        Object on = Launchers.on(launchers, backend);
        double[] x = {0.5, -1.25, 3.0, 7.5};
        int[] k = {0, 1, 7, 6};
        double[] got = ((DoubleField) Launchers.call(on, "siblings", new Class<?>[] {DoubleField.class, IntField.class},
                DoubleField.of(x, 4), IntField.of(k, 4))).toArray();
        Method m = kernels.getDeclaredMethod("siblings", double.class, int.class);
        m.setAccessible(true);
        for (int i = 0; i < x.length; i++) {
            assertEquals((double) m.invoke(null, x[i], k[i]), got[i], "at " + i);
        }
        // k = 8: the second h (8 long) is read outside, as the method reads it
        assertThrows(IndexOutOfBoundsException.class, () -> ((DoubleField) Launchers.call(on, "siblings",
                new Class<?>[] {DoubleField.class, IntField.class}, DoubleField.of(new double[] {1}, 1), IntField.of(new int[] {8}, 1)))
                .toArray());
    }
}
