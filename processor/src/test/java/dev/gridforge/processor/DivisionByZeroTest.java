package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.IntField;
import dev.gridforge.runtime.LongField;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An integer division by zero throws {@link ArithmeticException} on every backend: on the JVM at
 * the division, as the method does; on a device at the next download, recorded in the fault word
 * and naming the kernel and the operator (before, the simulator and CUDA gave 0 silently). A
 * division by a non-zero literal needs no check, and a kernel with only those has no fault slot.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DivisionByZeroTest {
    private static final String KERNELS = """
            @Pointwise static int quotient(int a, int b) { return a / b; }
            @Pointwise static int remainder(int a, int b) { return a % b; }
            @Pointwise static long floorQuotient(long a, int b) { return Math.floorDiv(a, b); }
            @Pointwise static int floorRemainder(int a, int b) { return Math.floorMod(a, b); }
            @Device static int half(int a, int b) { return a / (b - b / 2 * 2 + b); }
            @Pointwise static int inAHelper(int a, int b) { return half(a, b); }
            @Pointwise static int byALiteral(int a, int b) { return a / 7 + b % 3; }
            """;
    private static final List<String> CHECKED = List.of("quotient", "remainder", "floorQuotient", "floorRemainder", "inAHelper");

    private Compilation compilation;
    private Class<?> kernels;
    private Class<?> launchers;
    private final Random random = new Random(31);

    @BeforeAll
    void compile() throws Exception {
        compilation = Compiler.compile(Compiler.kernelClass(KERNELS));
        assertTrue(compilation.errors().isEmpty(), compilation.errors().toString());
        ClassLoader loader = Compiler.loader(compilation);
        kernels = loader.loadClass("test.K");
        launchers = loader.loadClass("test.KKernels");
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"JVM", "CUDA_SIM"})
    void aZeroDivisorThrowsAndOthersGiveTheMethodsAnswer(Backend backend) throws Exception {
        Launchers.needs(backend);
        assertDivisions(backend);
    }

    @Test
    @Tag("gpu")
    void onTheGpu() throws Exception {
        assertDivisions(Backend.CUDA);
    }

    private void assertDivisions(Backend backend) throws Exception {
        Object on = Launchers.on(launchers, backend);
        int n = 300;
        int[] a = random.ints(n).toArray();
        int[] b = random.ints(n, -9, 10).map(v -> v == 0 ? 5 : v).toArray();
        a[3] = Integer.MIN_VALUE;
        b[3] = -1; // Java's one overflowing division: MIN_VALUE / -1 is MIN_VALUE, % is 0
        for (String name : CHECKED) {
            boolean wide = name.equals("floorQuotient");
            Class<?>[] types = {wide ? LongField.class : IntField.class, IntField.class};
            Object first = wide ? LongField.of(java.util.Arrays.stream(a).asLongStream().toArray(), n) : IntField.of(a, n);
            Object got = Launchers.call(on, name, types, first, IntField.of(b, n));
            Method m = kernels.getDeclaredMethod(name, wide ? long.class : int.class, int.class);
            m.setAccessible(true);
            for (int i = 0; i < n; i++) {
                Number expected = (Number) m.invoke(null, wide ? (Object) (long) a[i] : (Object) a[i], b[i]);
                long actual = wide ? ((LongField) got).toArray()[i] : ((IntField) got).toArray()[i];
                assertEquals(expected.longValue(), actual, name + " at " + i + " on " + backend);
            }
            int[] withZero = b.clone();
            withZero[n / 2] = 0;
            Object zeroFirst = wide ? LongField.of(java.util.Arrays.stream(a).asLongStream().toArray(), n) : IntField.of(a, n);
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> {
                Object r = Launchers.call(on, name, types, zeroFirst, IntField.of(withZero, n));
                if (r instanceof IntField f) {
                    f.toArray();
                } else {
                    ((LongField) r).toArray();
                }
            }, name + " on " + backend);
            if (backend == Backend.JVM) {
                assertEquals("/ by zero", e.getMessage(), name);
            } else {
                String op = name.contains("emainder") ? "(%)" : "(/)";
                assertTrue(e.getMessage().startsWith("[DivisionByZero] kernel '" + name + "' divided an integer by zero " + op),
                        e.getMessage());
            }
        }
        // the report is cleared once thrown: the next launch without a zero is fine
        assertArrayEquals(new int[] {2, 3}, ((IntField) Launchers.call(on, "quotient", new Class<?>[] {IntField.class, IntField.class},
                IntField.of(new int[] {4, 9}, 2), IntField.of(new int[] {2, 3}, 2))).toArray());
    }

    @Test
    void aLiteralDivisorIsNotCheckedAndNeedsNoFaultSlot() {
        String all = Compiler.resource(compilation, "test", "KKernels.byALiteral.cu");
        String cu = all.substring(all.indexOf("end of prelude"));
        assertFalse(cu.contains("gf_divisor(") || cu.contains("gf_fault"), cu);
        String checked = Compiler.resource(compilation, "test", "KKernels.quotient.cu");
        assertTrue(checked.contains("gf_divisor(b_, gf_fault, gf_fault_tag, 0)"), checked.substring(checked.indexOf("end of prelude")));
    }
}
