package dev.gridforge.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class JvmLoopsTest {

    @Test
    void everyRowRunsExactlyOnce() {
        for (int rows : new int[] {0, 1, 2, 3, 7, 1000, 12345}) {
            AtomicIntegerArray seen = new AtomicIntegerArray(rows);
            JvmLoops.forRows(rows, (from, to) -> {
                for (int r = from; r < to; r++) {
                    seen.incrementAndGet(r);
                }
            });
            for (int r = 0; r < rows; r++) {
                assertEquals(1, seen.get(r), "row " + r + " of " + rows);
            }
        }
    }

    @Test
    void theBodysOwnExceptionReachesTheCaller() {
        ArithmeticException thrown = new ArithmeticException("/ by zero");
        ArithmeticException caught = assertThrows(ArithmeticException.class, () -> JvmLoops.forRows(1000, (from, to) -> {
            if (from <= 500 && 500 < to) {
                throw thrown;
            }
        }));
        assertSame(thrown, caught);
    }

    @Test
    void integerDivisionByZeroInABodyIsAnArithmeticException() {
        int[] zero = new int[1];
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> JvmLoops.forRows(64, (from, to) -> {
            int sink = 0;
            for (int r = from; r < to; r++) {
                sink += r / zero[0];
            }
            zero[0] = sink;
        }));
        assertEquals("/ by zero", e.getMessage());
    }

    @Test
    void errorsToo() {
        StackOverflowError thrown = new StackOverflowError("deep");
        assertSame(thrown, assertThrows(StackOverflowError.class, () -> JvmLoops.forRows(8, (f, t) -> {
            throw thrown;
        })));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> JvmLoops.forRows(-1, (f, t) -> { }));
        assertThrows(NullPointerException.class, () -> JvmLoops.forRows(3, null));
    }
}
