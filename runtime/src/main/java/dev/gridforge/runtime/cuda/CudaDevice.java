package dev.gridforge.runtime.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;

import dev.gridforge.runtime.CudaUnavailableException;
import java.util.Objects;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.JCudaDriver;

/**
 * One GPU and its primary context: the context the CUDA runtime and other libraries on the
 * device share, so gridforge's buffers and theirs live in the same address space.
 *
 * <p>A CUDA context is current per thread, and gridforge is called from any thread (the
 * cleaner thread included), so every operation calls {@link #makeCurrent()} first; it is a cheap
 * call that sets a thread-local in the driver.
 */
final class CudaDevice {

    private final int ordinal;
    private final CUdevice device;
    private final CUcontext context;
    private final String name;
    private final int major;
    private final int minor;

    private CudaDevice(int ordinal, CUdevice device, CUcontext context) {
        this.ordinal = ordinal;
        this.device = device;
        this.context = context;
        this.name = readName(device);
        this.major = attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        this.minor = attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
    }

    /**
     * Initialises the driver and returns how many devices it sees. The first touch of
     * {@link JCudaDriver} loads JCuda's native library, which needs libcuda.so.1: on a machine
     * without a driver that throws {@link UnsatisfiedLinkError}, which the caller
     * ({@link CudaProbe}) catches. Retains no context: a JVM holds memory only on devices it uses.
     */
    static int initDriver() {
        JCudaDriver.setExceptionsEnabled(true);
        String error = CudaCalls.errorOf(() -> cuInit(0));
        if (error != null) {
            String problem = "the CUDA driver did not initialise: [Cuda] " + error
                    + " while initialising the CUDA driver (cuInit)";
            if (error.equals("CUDA_ERROR_NO_DEVICE")) {
                // The driver's library is there but no device is: a container started without the
                // GPU, a kernel module that is not loaded, or devices hidden by CUDA_VISIBLE_DEVICES.
                problem += ". The driver library loaded but sees no GPU: check that `nvidia-smi` lists one, and "
                        + "CUDA_VISIBLE_DEVICES (" + visibleDevices() + ")";
            }
            throw new CudaUnavailableException(problem);
        }
        int[] count = {0};
        CudaCalls.check("counting CUDA devices", () -> cuDeviceGetCount(count));
        return count[0];
    }

    /** The value of {@code CUDA_VISIBLE_DEVICES}, or "unset". */
    static String visibleDevices() {
        return Objects.requireNonNullElse(System.getenv("CUDA_VISIBLE_DEVICES"), "unset");
    }

    /** Why there is no device {@code ordinal} when the driver sees {@code count}: for every place that finds out. */
    static String noSuchDevice(int ordinal, int count) {
        String visible = System.getenv("CUDA_VISIBLE_DEVICES");
        return "There is no CUDA device " + ordinal + ": the CUDA driver sees " + count + (count == 1 ? " device" : " devices")
                + (count == 0 ? "" : count == 1 ? " (ordinal 0)" : " (ordinals 0 to " + (count - 1) + ")")
                + ", with CUDA_VISIBLE_DEVICES " + (visible == null ? "unset" : "set to '" + visible + "'")
                + ". Gridforge.onCudaDevice(ordinal) and -Dgridforge.cuda.device take one of those ordinals"
                + " (Gridforge.cudaDeviceCount() says how many there are)";
    }

    /**
     * Initialises the driver and retains device {@code ordinal}'s primary context.
     *
     * @throws CudaUnavailableException when the driver does not initialise or has no such device
     */
    static CudaDevice open(int ordinal) {
        int count = initDriver();
        if (ordinal < 0 || count <= ordinal) {
            throw new CudaUnavailableException(noSuchDevice(ordinal, count));
        }
        CUdevice device = new CUdevice();
        CudaCalls.check("getting CUDA device " + ordinal, () -> cuDeviceGet(device, ordinal));
        CUcontext context = new CUcontext();
        CudaCalls.check("retaining the primary context of device " + ordinal, () -> cuDevicePrimaryCtxRetain(context, device));
        try {
            return new CudaDevice(ordinal, device, context);
        } catch (RuntimeException | Error e) {
            CudaCalls.errorOf(() -> jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease(device));
            throw e;
        }
    }

    /**
     * {major, minor}, the compute capability of device {@code ordinal} (the driver initialised),
     * read without a context.
     */
    static int[] computeCapability(int ordinal) {
        CUdevice device = new CUdevice();
        CudaCalls.check("getting CUDA device " + ordinal, () -> cuDeviceGet(device, ordinal));
        return new int[] {attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
                attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR)};
    }

    /** Gives back the primary context retained by {@link #open}, when CUDA turns out unusable after all. */
    void release() {
        CudaCalls.check("releasing the primary context of device " + ordinal,
                () -> jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease(device));
    }

    /** Makes this device's context current on the calling thread. */
    void makeCurrent() {
        CudaCalls.check("making the context of device " + ordinal + " current", () -> cuCtxSetCurrent(context));
    }

    String name() {
        return name;
    }

    int ordinal() {
        return ordinal;
    }

    /** Whether the device has stream-ordered memory pools (cuMemAllocAsync). */
    boolean supportsMemoryPools() {
        return attribute(device, 115) != 0; // CU_DEVICE_ATTRIBUTE_MEMORY_POOLS_SUPPORTED
    }

    int computeMajor() {
        return major;
    }

    int computeMinor() {
        return minor;
    }

    /** {free, total} bytes of device memory, or {-1, -1} if the driver cannot say. */
    long[] memoryInfo() {
        long[] free = {-1};
        long[] total = {-1};
        makeCurrent();
        if (CudaCalls.errorOf(() -> cuMemGetInfo(free, total)) != null) {
            return new long[] {-1, -1};
        }
        return new long[] {free[0], total[0]};
    }

    private static String readName(CUdevice device) {
        byte[] bytes = new byte[256];
        CudaCalls.check("reading the device name", () -> cuDeviceGetName(bytes, bytes.length, device));
        return Nvrtc.cString(bytes);
    }

    private static int attribute(CUdevice device, int attribute) {
        int[] value = {0};
        CudaCalls.check("reading device attribute " + attribute, () -> cuDeviceGetAttribute(value, attribute, device));
        return value[0];
    }
}
