package dev.gridforge.runtime.cuda;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;
import static jcuda.driver.JCudaDriver.cuMemAllocHost;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;

import dev.gridforge.runtime.spi.StagedDownload;
import java.nio.ByteBuffer;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUstream;

/**
 * Two slots of page-locked host memory, and an event per slot, for {@link StagedDownload}s on one
 * stream. The accelerator keeps a few and hands one to each download in turn; they live as long as
 * the accelerator (pinned memory is allocated once, not per download).
 */
final class CudaStaging implements StagedDownload.Staging {

    private final Pointer host = new Pointer();
    private final ByteBuffer[] slots = new ByteBuffer[2];
    private final CUevent[] copied = {new CUevent(), new CUevent()};
    private final long slotBytes;
    private final CUstream stream;
    /** The device memory the current download reads. */
    private CUdeviceptr source;

    /** Allocates {@code 2 * slotBytes} of pinned memory; the device's context must be current. */
    CudaStaging(long slotBytes, CUstream stream) {
        this.slotBytes = slotBytes;
        this.stream = stream;
        CudaCalls.check(() -> "allocating " + 2 * slotBytes + " bytes of pinned staging memory for downloads",
                () -> cuMemAllocHost(host, 2 * slotBytes));
        for (int i = 0; i < 2; i++) {
            slots[i] = host.getByteBuffer(i * slotBytes, slotBytes);
            CUevent e = copied[i];
            CudaCalls.check("creating a staging event", () -> cuEventCreate(e, CUevent_flags.CU_EVENT_DISABLE_TIMING));
        }
    }

    long slotBytes() {
        return slotBytes;
    }

    /** Points the next copies at {@code source}; returns this. */
    CudaStaging from(CUdeviceptr source) {
        this.source = source;
        return this;
    }

    @Override
    public ByteBuffer slot(int i) {
        return slots[i];
    }

    @Override
    public void startCopy(int slot, long offset, long bytes) {
        CudaCalls.check(() -> "copying " + bytes + " bytes from the device into staging memory",
                () -> cuMemcpyDtoHAsync(host.withByteOffset(slot * slotBytes), source.withByteOffset(offset), bytes, stream));
        CudaCalls.check("recording a staging event", () -> cuEventRecord(copied[slot], stream));
    }

    @Override
    public void awaitCopy(int slot) {
        CudaCalls.check(() -> "waiting for a copy from the device (a kernel launched earlier may have failed)",
                () -> cuEventSynchronize(copied[slot]));
    }
}
