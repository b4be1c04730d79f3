package dev.gridforge.runtime.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The chunk order of staged downloads against a fake device whose copies land only when waited
 * for, as on a GPU: reading a slot before its copy is awaited, or reusing a slot whose chunk
 * has not been copied out, gives wrong data here.
 */
class StagedDownloadTest {

    /** Device memory as bytes; a started copy is only remembered, and happens when it is awaited. */
    private static final class LazyDevice implements StagedDownload.Staging {
        final byte[] memory;
        final ByteBuffer[] slots;
        final long[][] pending = new long[2][];
        final List<String> calls = new ArrayList<>();
        RuntimeException failOnAwait;
        int awaits;

        LazyDevice(byte[] memory, long chunk) {
            this.memory = memory;
            this.slots = new ByteBuffer[] {ByteBuffer.allocateDirect((int) chunk), ByteBuffer.allocateDirect((int) chunk)};
        }

        @Override
        public ByteBuffer slot(int i) {
            return slots[i];
        }

        @Override
        public void startCopy(int slot, long offset, long bytes) {
            assertTrue(pending[slot] == null, "a copy into slot " + slot + " started before the last one into it was awaited");
            assertTrue(bytes > 0 && bytes <= slots[slot].capacity(), "copy of " + bytes + " bytes");
            pending[slot] = new long[] {offset, bytes};
            // Until awaited, the slot holds garbage: a reader that does not wait sees it.
            ByteBuffer s = slots[slot].duplicate();
            s.clear();
            while (s.hasRemaining()) {
                s.put((byte) 0x5a);
            }
            calls.add("start " + slot + " @" + offset + "+" + bytes);
        }

        @Override
        public void awaitCopy(int slot) {
            if (failOnAwait != null && ++awaits == 2) {
                throw failOnAwait;
            }
            long[] p = pending[slot];
            assertTrue(p != null, "awaiting slot " + slot + " with no copy started");
            ByteBuffer s = slots[slot].duplicate();
            s.clear();
            s.put(memory, (int) p[0], (int) p[1]);
            pending[slot] = null;
            calls.add("await " + slot);
        }
    }

    private static byte[] deviceHolding(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.nativeOrder());
        b.asDoubleBuffer().put(values);
        return b.array();
    }

    @Test
    void everySizeArrivesWholeInOrder() {
        SplittableRandom random = new SplittableRandom(11);
        long chunk = 64;
        for (int n : new int[] {1, 7, 8, 9, 15, 16, 17, 31, 100, 1001}) {
            double[] values = random.doubles(n, -1e6, 1e6).toArray();
            LazyDevice device = new LazyDevice(deviceHolding(values), chunk);
            double[] out = new double[n];
            new StagedDownload(chunk, 0).run(device, out, 8L * n);
            assertArrayEquals(values, out, "n = " + n);
            long chunks = (8L * n + chunk - 1) / chunk;
            assertEquals(2 * chunks, device.calls.size(), device.calls.toString());
        }
    }

    @Test
    void theNextChunkIsOnItsWayBeforeThisOneIsCopiedOut() {
        double[] values = new SplittableRandom(3).doubles(20, 1, 2).toArray();
        LazyDevice device = new LazyDevice(deviceHolding(values), 64);
        new StagedDownload(64, 0).run(device, new double[20], 160);
        assertEquals(List.of("start 0 @0+64", "start 1 @64+64", "await 0", "start 0 @128+32", "await 1", "await 0"), device.calls);
    }

    @Test
    void everyElementTypeAndAPartialDownload() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 333;
        byte[] memory = new byte[8 * n + 40];
        for (int i = 0; i < memory.length; i++) {
            memory[i] = (byte) random.nextInt();
        }
        ByteBuffer view = ByteBuffer.wrap(memory).order(ByteOrder.nativeOrder());
        StagedDownload staged = new StagedDownload(48, 0);

        float[] f = new float[n];
        staged.run(new LazyDevice(memory, 48), f, 4L * n);
        int[] i32 = new int[n];
        staged.run(new LazyDevice(memory, 48), i32, 4L * n);
        long[] i64 = new long[n];
        staged.run(new LazyDevice(memory, 48), i64, 8L * n);
        for (int k = 0; k < n; k++) {
            assertEquals(Float.floatToRawIntBits(view.getFloat(4 * k)), Float.floatToRawIntBits(f[k]), "float " + k);
            assertEquals(view.getInt(4 * k), i32[k], "int " + k);
            assertEquals(view.getLong(8 * k), i64[k], "long " + k);
        }
    }

    /** Chunks large enough to be copied out by several cores at once land in the right places too. */
    @Test
    void longChunksCopiedOutInParallel() {
        int n = 1_000_003;
        double[] values = new SplittableRandom(9).doubles(n).toArray();
        LazyDevice device = new LazyDevice(deviceHolding(values), 3L << 20);
        double[] out = new double[n];
        new StagedDownload(3L << 20, 0).run(device, out, 8L * n);
        assertArrayEquals(values, out);
    }

    @Test
    void aFailedCopyIsReported() {
        LazyDevice device = new LazyDevice(deviceHolding(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), 16);
        device.failOnAwait = new IllegalStateException("CUDA_ERROR_ILLEGAL_ADDRESS");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new StagedDownload(16, 0).run(device, new double[10], 80));
        assertSame(device.failOnAwait, e);
    }

    @Test
    void whatIsStagedAndWhatIsNot() {
        StagedDownload d = new StagedDownload(4L << 20, 256L << 10);
        assertFalse(d.stages(0));
        assertFalse(d.stages((256L << 10) - 8));
        assertTrue(d.stages(256L << 10));
        assertFalse(new StagedDownload(64, -1).stages(1L << 30), "a negative minimum stages nothing");
        assertTrue(new StagedDownload(64, 0).stages(8));
        for (long bad : new long[] {0, -8, 12, 1L << 31}) {
            assertThrows(IllegalArgumentException.class, () -> new StagedDownload(bad, 0), "chunk " + bad);
        }
    }

    /** Bad -D values are ignored with a warning, never fatal: the accelerator that reads them is built in a class initialiser. */
    @Test
    void badPropertiesFallBackToTheDefaults() {
        String chunk = System.getProperty(StagedDownload.CHUNK_PROPERTY);
        String min = System.getProperty(StagedDownload.MIN_PROPERTY);
        try {
            for (String bad : new String[] {"12", "-8", "lots", "4294967296"}) {
                System.setProperty(StagedDownload.CHUNK_PROPERTY, bad);
                System.setProperty(StagedDownload.MIN_PROPERTY, "some");
                StagedDownload d = StagedDownload.fromProperties();
                assertEquals(4L << 20, d.chunkBytes(), bad);
                assertEquals(256L << 10, d.minBytes());
            }
            System.setProperty(StagedDownload.CHUNK_PROPERTY, " 1048576 ");
            System.setProperty(StagedDownload.MIN_PROPERTY, "-1");
            StagedDownload d = StagedDownload.fromProperties();
            assertEquals(1L << 20, d.chunkBytes());
            assertFalse(d.stages(1L << 30));
        } finally {
            restore(StagedDownload.CHUNK_PROPERTY, chunk);
            restore(StagedDownload.MIN_PROPERTY, min);
        }
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}
