package dev.gridforge.runtime.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Test support: .npy bytes with a header dictionary written by hand, as other writers than np.save may spell it. */
final class HandMadeNpy {

    private HandMadeNpy() {
    }

    /** Format {@code major}.0 (1, 2 or 3), the dictionary padded with spaces to 64 bytes and a newline, then {@code data}. */
    static byte[] of(int major, String dict, byte[] data) {
        int preamble = major == 1 ? 10 : 12;
        byte[] text = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int total = (preamble + text.length + 1 + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) (total - preamble));
        } else {
            b.putInt(total - preamble);
        }
        b.put(text);
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n').put(data);
        return b.array();
    }

    /** Version 1.0. */
    static byte[] of(String dict, byte[] data) {
        return of(1, dict, data);
    }

    /** Little-endian doubles. */
    static byte[] doubles(double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }
}
