package dev.gridforge.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.sim.CudaSimulator;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PinnedBufferTest {
    private final Random random = new Random(11);

    @Test
    void hostFieldsOfEveryTypeCopyIntoIt() {
        double[] d = random.doubles(7).toArray();
        float[] f = {1.5f, -2f, Float.NaN};
        int[] i = {3, Integer.MIN_VALUE, -1, 9};
        long[] l = {Long.MAX_VALUE, -5};
        try (PinnedBuffer host = PinnedBuffer.allocate(Backend.JVM, 64)) {
            assertFalse(host.isPinned(), "the JVM backend has no pinned memory");
            DoubleField.of(d, 7).copyTo(host);
            double[] back = new double[7];
            host.doubles().get(back);
            assertArrayEquals(d, back);
            FloatField.of(f, 3).copyTo(host);
            float[] fb = new float[3];
            host.floats().get(fb);
            assertArrayEquals(f, fb);
            IntField.of(i, 4).copyTo(host);
            int[] ib = new int[4];
            host.ints().get(ib);
            assertArrayEquals(i, ib);
            LongField.of(l, 2).copyTo(host);
            long[] lb = new long[2];
            host.longs().get(lb);
            assertArrayEquals(l, lb);
        }
    }

    @Test
    void aDeviceFieldDownloadsStraightIntoIt() {
        Assumptions.assumeTrue(CudaSimulator.isAvailable(), "skipped: no C++ compiler for the CUDA simulator (g++)");
        double[] d = random.doubles(1000).toArray();
        var sim = CudaSimulator.shared();
        var buffer = sim.allocate(8000);
        sim.upload(d, buffer);
        try (DoubleField onDevice = DoubleField.onDevice(buffer, Shape.of(10, 100), Backend.CUDA_SIM);
             PinnedBuffer host = PinnedBuffer.allocateFor(onDevice)) {
            assertEquals(8000, host.size());
            onDevice.copyTo(host);
            double[] back = new double[1000];
            host.doubles().get(back);
            assertArrayEquals(d, back);
        }
    }

    @Test
    void misuseGivesClearErrors() {
        PinnedBuffer small = PinnedBuffer.allocate(Backend.JVM, 8);
        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
                () -> DoubleField.of(new double[2], 2).copyTo(small));
        assertTrue(tooSmall.getMessage().contains("too small"), tooSmall.getMessage());
        small.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, small::doubles);
        assertTrue(closed.getMessage().contains("after close"), closed.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PinnedBuffer.allocate(Backend.JVM, -1));
        assertThrows(NullPointerException.class, () -> DoubleField.of(new double[1], 1).copyTo((PinnedBuffer) null));
    }
}
