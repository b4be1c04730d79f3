package dev.gridforge.runtime.cuda;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The device's default stream-ordered memory pool (the one {@code cuMemAllocAsync} takes from),
 * told to keep what is freed into it instead of giving it back to the driver at each
 * synchronisation (release threshold: unlimited). Then allocating and freeing a field cost
 * microseconds and never wait for the device. JCuda 12.6 binds the allocation calls but not
 * the pool's attributes, so these few driver functions are bound by name with JNA, in the same
 * process and library as JCuda's.
 */
final class MemoryPool {

    /** {@code CU_MEMPOOL_ATTR_RELEASE_THRESHOLD}: bytes a pool keeps before returning memory at a synchronisation. */
    static final int RELEASE_THRESHOLD = 4;

    /** The driver functions JCuda does not bind. */
    interface Driver extends Library {
        int cuDeviceGet(IntByReference device, int ordinal);

        int cuDeviceGetDefaultMemPool(PointerByReference pool, int device);

        int cuMemPoolSetAttribute(Pointer pool, int attribute, Pointer value);
    }

    private MemoryPool() {
    }

    /**
     * Sets the release threshold of device {@code ordinal}'s default pool to the maximum; null
     * when done, else why not (then the accelerator allocates with {@code cuMemAlloc}).
     */
    static String keepFreedMemory(int ordinal) {
        try {
            Driver driver = Native.load("libcuda.so.1", Driver.class);
            IntByReference device = new IntByReference();
            int r = driver.cuDeviceGet(device, ordinal);
            if (r != 0) {
                return "cuDeviceGet returned " + r;
            }
            PointerByReference pool = new PointerByReference();
            r = driver.cuDeviceGetDefaultMemPool(pool, device.getValue());
            if (r != 0) {
                return "cuDeviceGetDefaultMemPool returned " + r;
            }
            try (Memory unlimited = new Memory(8)) {
                unlimited.setLong(0, -1L); // UINT64_MAX
                r = driver.cuMemPoolSetAttribute(pool.getValue(), RELEASE_THRESHOLD, unlimited);
            }
            return r == 0 ? null : "cuMemPoolSetAttribute returned " + r;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return e.toString();
        }
    }
}
