package dev.gridforge.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void everyPointOfEveryRowRunsExactlyOnceWhetherRowsAreCutOrNot() {
        int[][] shapes = {{0, 5}, {5, 0}, {1, 1}, {1, 1_000_003}, {3, 10}, {2, 5000}, {7, 4097}, {64, 3}, {1000, 1000}};
        for (int[] shape : shapes) {
            int rows = shape[0], rowLength = shape[1];
            AtomicIntegerArray seen = new AtomicIntegerArray(rows * rowLength);
            JvmLoops.forRowSegments(rows, rowLength, (rowFrom, rowTo, from, to) -> {
                assertTrue(0 <= rowFrom && rowFrom < rowTo && rowTo <= rows && 0 <= from && from < to && to <= rowLength,
                        "rows [" + rowFrom + ", " + rowTo + ") x [" + from + ", " + to + ") of " + rows + " x " + rowLength);
                assertTrue(rowTo == rowFrom + 1 || (from == 0 && to == rowLength), "a cut row comes alone");
                for (int row = rowFrom; row < rowTo; row++) {
                    for (int x = from; x < to; x++) {
                        seen.incrementAndGet(x + rowLength * row);
                    }
                }
            });
            for (int i = 0; i < rows * rowLength; i++) {
                assertEquals(1, seen.get(i), "point " + i + " of " + rows + " x " + rowLength);
            }
        }
    }

    /** One long row must not run on one core: it is cut along x (the 2-core CI machine has 2 threads). */
    @Test
    void aSingleLongRowIsCutIntoPiecesForTheCores() {
        java.util.Set<Integer> starts = java.util.concurrent.ConcurrentHashMap.newKeySet();
        JvmLoops.forRowSegments(1, 1_000_000, (rowFrom, rowTo, from, to) -> starts.add(from));
        assertTrue(starts.size() >= JvmLoops.threads(), "pieces: " + starts.size()); // threads() is at least 2
        java.util.concurrent.atomic.AtomicInteger rowsSeen = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        JvmLoops.forRowSegments(1000, 1000, (rowFrom, rowTo, from, to) -> {
            assertEquals(0, from);
            assertEquals(1000, to);
            rowsSeen.addAndGet(rowTo - rowFrom);
            calls.incrementAndGet();
        });
        assertEquals(1000, rowsSeen.get(), "enough rows: whole rows");
        assertTrue(calls.get() < 1000, "whole rows come many to a call, not one call per row: " + calls.get());
        JvmLoops.forRowSegments(2, JvmLoops.MIN_SEGMENT, (rowFrom, rowTo, from, to) -> assertEquals(JvmLoops.MIN_SEGMENT,
                to - from, "rows shorter than two segments are not cut"));
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
        assertThrows(IllegalArgumentException.class, () -> JvmLoops.forRowSegments(-1, 3, (r0, r1, f, t) -> { }));
        assertThrows(IllegalArgumentException.class, () -> JvmLoops.forRowSegments(3, -1, (r0, r1, f, t) -> { }));
        assertThrows(NullPointerException.class, () -> JvmLoops.forRowSegments(3, 3, null));
    }
}
