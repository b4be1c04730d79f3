package dev.gridforge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MeshTest {

    /** The contract's expression, written out independently. */
    private static double expected(double start, double stop, int n, int i) {
        double step = n > 1 ? (stop - start) / (n - 1) : 0.0;
        return (i == n - 1 && n > 1) ? stop : start + i * step;
    }

    @Test
    void coordinatesFollowTheFormulaBitForBit() {
        Mesh m = Mesh.linspace(29, 31, 1000, 99, 101, 777);
        for (int i = 0; i < 1000; i++) {
            assertEquals(Double.doubleToRawLongBits(expected(29, 31, 1000, i)), Double.doubleToRawLongBits(m.coord(0, i)));
        }
        for (int i = 0; i < 777; i++) {
            assertEquals(Double.doubleToRawLongBits(expected(99, 101, 777, i)), Double.doubleToRawLongBits(m.coord(1, i)));
        }
        assertEquals(Shape.of(1000, 777), m.shape());
    }

    @Test
    void endpointsAreExact() {
        Mesh m = Mesh.linspace(0.1, 0.7, 3, -1e-3, 1e300, 7, 5, -5, 11);
        for (int axis = 0; axis < 3; axis++) {
            int n = m.shape().extent(axis);
            assertEquals(m.start(axis), m.coord(axis, 0));
            assertEquals(m.stop(axis), m.coord(axis, n - 1));
        }
        assertEquals(-1.0, m.step(2));
        assertEquals(3, m.rank());
    }

    @Test
    void onePointSitsAtStart() {
        Mesh m = Mesh.linspace(2.5, 9, 1);
        assertEquals(0.0, m.step(0));
        assertEquals(2.5, m.coord(0, 0));
        assertEquals(1, m.coords(0).length);
    }

    @Test
    void coordsMatchesCoord() {
        Mesh m = Mesh.linspace(-3, 7, 13);
        double[] c = m.coords(0);
        for (int i = 0; i < c.length; i++) {
            assertEquals(m.coord(0, i), c[i]);
        }
    }

    @Test
    void rejectsBadAxesWithClearMessages() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mesh.linspace(0, 1, 0)).getMessage()
                .contains("at least 1 point"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mesh.linspace(0, 1, 4, Double.NaN, 1, 3))
                .getMessage().contains("axis 1 needs finite start and stop"));
        assertThrows(IllegalArgumentException.class, () -> Mesh.linspace(0, Double.POSITIVE_INFINITY, 4));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Mesh.linspace(-Double.MAX_VALUE, Double.MAX_VALUE, 4))
                .getMessage().contains("overflows"));
        Mesh m = Mesh.linspace(0, 1, 4);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.coord(1, 0)).getMessage().contains("no axis 1"));
        assertThrows(IndexOutOfBoundsException.class, () -> m.coord(0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> m.coord(0, -1));
    }
}
