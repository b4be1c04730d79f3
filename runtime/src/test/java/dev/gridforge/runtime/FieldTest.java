package dev.gridforge.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.spi.DeviceBuffer;
import dev.gridforge.runtime.testing.HeapAccelerator;
import org.junit.jupiter.api.Test;

class FieldTest {

    @Test
    void hostFieldWrapsWithoutCopying() {
        double[] data = {1, 2, 3, 4, 5, 6};
        DoubleField f = DoubleField.of(data, 3, 2);
        assertEquals(Shape.of(3, 2), f.shape());
        assertEquals(ElementType.DOUBLE, f.elementType());
        assertFalse(f.isOnDevice());
        assertSame(data, f.hostData());
        double[] copy = f.toArray();
        assertNotSame(data, copy);
        assertArrayEquals(data, copy);
        assertEquals("DoubleField[3 x 2, host]", f.toString());
    }

    @Test
    void getReadsAxisZeroFirst() {
        int[] data = new int[24];
        for (int i = 0; i < data.length; i++) {
            data[i] = 100 + i;
        }
        IntField f = IntField.of(data, 4, 3, 2);
        assertEquals(100 + 1 + 4 * (2 + 3 * 1), f.get(1, 2, 1));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> f.get(1, 3, 0));
        assertTrue(e.getMessage().contains("axis 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> f.get(1, 1));
    }

    @Test
    void copyToChecksTheLength() {
        FloatField f = FloatField.of(new float[] {1, 2, 3}, 3);
        float[] dst = new float[3];
        f.copyTo(dst);
        assertArrayEquals(new float[] {1, 2, 3}, dst);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.copyTo(new float[4]));
        assertTrue(e.getMessage().contains("4 elements"), e.getMessage());
        assertThrows(NullPointerException.class, () -> f.copyTo((float[]) null));
    }

    @Test
    void ofChecksDataAndShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LongField.of(new long[5], 2, 3));
        assertTrue(e.getMessage().contains("5 elements") && e.getMessage().contains("2 x 3"), e.getMessage());
        NullPointerException npe = assertThrows(NullPointerException.class, () -> LongField.of(null, 2));
        assertEquals("data", npe.getMessage());
        assertThrows(NullPointerException.class, () -> LongField.of(new long[2], (Shape) null));
        assertEquals(ElementType.LONG, Field.onHost(ElementType.LONG, new long[2], Shape.of(2)).elementType());
    }

    @Test
    void closedFieldsRefuseUseButCloseTwice() {
        DoubleField f = DoubleField.of(new double[2], 2);
        f.close();
        f.close();
        assertTrue(f.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, f::toArray);
        assertTrue(e.getMessage().contains("after close()"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> f.get(0));
        assertEquals("DoubleField[2, closed]", f.toString());
    }

    @Test
    void deviceFieldsDownloadAndFreeOnClose() {
        HeapAccelerator acc = new HeapAccelerator();
        double[] data = {3, 1, 4, 1, 5, 9};
        DeviceBuffer buffer = acc.holding(data);
        DoubleField f = DoubleField.onDevice(buffer, Shape.of(2, 3), Backend.CUDA_SIM);
        assertTrue(f.isOnDevice());
        assertEquals("DoubleField[2 x 3, cuda-sim]", f.toString());
        assertArrayEquals(data, f.toArray());
        assertArrayEquals(data, f.hostData());
        assertEquals(9.0, f.get(1, 2));
        assertEquals(4.0, f.get(0, 1));
        double[] dst = new double[6];
        f.copyTo(dst);
        assertArrayEquals(data, dst);
        assertSame(buffer, f.deviceBuffer().orElseThrow());
        f.close();
        assertTrue(buffer.isClosed());
        assertThrows(IllegalStateException.class, f::toArray);
    }

    @Test
    void deviceFieldsCheckTheirBuffer() {
        HeapAccelerator acc = new HeapAccelerator();
        DeviceBuffer small = acc.allocate(8);
        assertThrows(IllegalArgumentException.class, () -> DoubleField.onDevice(small, Shape.of(2), Backend.CUDA));
        assertThrows(IllegalArgumentException.class, () -> IntField.onDevice(small, Shape.of(2), Backend.JVM));
        Field f = Field.onDevice(ElementType.FLOAT, small, Shape.of(2), Backend.CUDA);
        assertTrue(f instanceof FloatField);
        assertEquals("FloatField[2, cuda]", f.toString());
    }
}
