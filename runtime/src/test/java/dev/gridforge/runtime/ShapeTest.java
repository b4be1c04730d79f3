package dev.gridforge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeTest {

    @Test
    void extentsPastTheRankAreOne() {
        Shape s = Shape.of(4, 3);
        assertEquals(2, s.rank());
        assertEquals(4, s.extent(0));
        assertEquals(3, s.extent(1));
        assertEquals(1, s.extent(2));
        assertEquals(12, s.size());
        assertEquals("4 x 3", s.toString());
    }

    @Test
    void linearIndexPutsAxisZeroFastest() {
        Shape s = Shape.of(5, 4, 3);
        assertEquals(2 + 5 * (1 + 4 * 2), s.linearIndex(2, 1, 2));
        assertEquals(0, s.linearIndex(0, 0, 0));
        assertEquals(59, s.linearIndex(4, 3, 2));
    }

    @Test
    void linearIndexNamesTheAxisOutOfRange() {
        Shape s = Shape.of(5, 4);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> s.linearIndex(1, 4));
        assertTrue(e.getMessage().contains("axis 1"), e.getMessage());
        IllegalArgumentException wrongCount = assertThrows(IllegalArgumentException.class, () -> s.linearIndex(1));
        assertTrue(wrongCount.getMessage().contains("Expected 2 indices"), wrongCount.getMessage());
    }

    @Test
    void fourAxesAndEmptyShapes() {
        Shape s = Shape.of(5, 4, 3, 2);
        assertEquals(4, s.rank());
        assertEquals(120, s.size());
        assertEquals(4 + 5 * (3 + 4 * (2 + 3 * 1)), s.linearIndex(4, 3, 2, 1));
        assertEquals(0, Shape.of(3, 0).size());
        assertEquals(0, Shape.of(0, 1 << 30, 1 << 30, 1 << 30).size());
        assertEquals("3 x 0", Shape.of(3, 0).toString());
    }

    @Test
    void rejectsBadShapes() {
        assertTrue(assertThrows(IllegalArgumentException.class, Shape::of).getMessage().contains("1 to 4 axes"));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(1, 2, 3, 4, 5));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shape.of(3, -1)).getMessage().contains("axis 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Shape.of(65536, 65536)).getMessage()
                .contains("fit in a Java array"));
        // four large extents would overflow a long if multiplied naively
        assertThrows(IllegalArgumentException.class, () -> Shape.of(1 << 30, 1 << 30, 1 << 30, 1 << 30));
        assertThrows(NullPointerException.class, () -> Shape.of((int[]) null));
    }

    @Test
    void equalityIsByExtents() {
        assertEquals(Shape.of(2, 3), Shape.of(2, 3));
        assertEquals(Shape.of(2, 3).hashCode(), Shape.of(2, 3).hashCode());
        assertNotEquals(Shape.of(2, 3), Shape.of(3, 2));
        assertNotEquals(Shape.of(6), Shape.of(6, 1));
    }

    @Test
    void extentsAreCopied() {
        int[] e = {2, 3};
        Shape s = Shape.of(e);
        e[0] = 9;
        s.extents()[1] = 9;
        assertEquals(Shape.of(2, 3), s);
    }
}
