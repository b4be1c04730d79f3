package dev.gridforge.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code TimeLoop.ring(name, levels)}: a ring whose now() and past values start from fields of their own. */
class TimeLoopRingLevelsTest {

    @Test
    void eachLevelStartsAsACopyOfItsField() {
        double[] now = {1, 2, 3, 4, 5, 6};
        double[] past1 = {-1, -2, -3, -4, -5, -6};
        double[] past2 = {0.5, 0.25, 0.125, 1e300, -0.0, 7};
        try (TimeLoop loop = TimeLoop.on(Backend.JVM)) {
            Ring<DoubleField> u = loop.ring("u", List.of(DoubleField.of(now, 3, 2), DoubleField.of(past1, 3, 2),
                    DoubleField.of(past2, 3, 2)));
            assertEquals(2, u.history());
            assertArrayEquals(now, u.now().toArray());
            assertArrayEquals(past1, u.past(1).toArray());
            assertArrayEquals(past2, u.past(2).toArray());
            assertNotSame(now, u.now().hostData(), "the loop keeps copies");
            now[0] = 99;
            assertEquals(1, u.now().get(0, 0));
        }
    }

    @Test
    void levelsOfAnotherShapeOrTypeAreRefused() {
        try (TimeLoop loop = TimeLoop.on(Backend.JVM)) {
            DoubleField a = DoubleField.of(new double[6], 3, 2);
            Exception e = assertThrows(IllegalArgumentException.class,
                    () -> loop.ring("u", List.of(a, DoubleField.of(new double[6], 2, 3))));
            assertTrue(e.getMessage().contains("ring 'u': level 1"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> loop.ring("v", List.<Field>of(a, FloatField.of(new float[6], 3, 2))));
            assertThrows(IllegalArgumentException.class, () -> loop.ring("w", List.<DoubleField>of()));
            assertThrows(IllegalArgumentException.class, () -> loop.ring("x", a, -1));
            assertThrows(IllegalArgumentException.class, () -> loop.ring("y", a, 65));
        }
    }
}
