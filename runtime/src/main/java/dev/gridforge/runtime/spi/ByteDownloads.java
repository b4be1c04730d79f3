package dev.gridforge.runtime.spi;

import java.nio.ByteBuffer;
import java.util.Objects;

/** The argument checks every accelerator makes before copying device memory into a byte buffer. */
public final class ByteDownloads {
    private ByteDownloads() {
    }

    public static void check(DeviceBuffer src, ByteBuffer dst, long bytes) {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        if (!dst.isDirect()) {
            throw new IllegalArgumentException("downloads go into direct buffers (such as a PinnedBuffer's), not heap buffers");
        }
        if (bytes < 0 || bytes > src.bytes() || bytes > dst.capacity()) {
            throw new IllegalArgumentException("cannot copy " + bytes + " bytes from a device buffer of " + src.bytes()
                    + " bytes into a host buffer of " + dst.capacity() + " bytes");
        }
    }
}
