package dev.gridforge.runtime.cuda;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;
import static jcuda.driver.JCudaDriver.cuMemAllocHost;
import static jcuda.driver.JCudaDriver.cuMemFreeHost;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuStreamWaitEvent;

import dev.gridforge.runtime.spi.BandMarks;
import dev.gridforge.runtime.spi.StagedDownload;
import java.nio.ByteBuffer;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUstream;

/**
 * Two slots of page-locked host memory, and an event per slot, for {@link StagedDownload}s on one
 * stream. The accelerator keeps up to four and hands one to each download in turn; they live as
 * long as the accelerator, which lives as long as the JVM (pinned memory is allocated once, not
 * per download).
 */
final class CudaStaging implements StagedDownload.Staging {

    private final CudaDevice device;
    private final Pointer host = new Pointer();
    private final ByteBuffer[] slots = new ByteBuffer[2];
    private final CUevent[] copied = {new CUevent(), new CUevent()};
    private final long slotBytes;
    private final CUstream stream;
    private final CUstream copyStream;
    /** The device memory the current download reads, and what a banded launch said of it. */
    private CUdeviceptr source;
    private BandMarks<CUevent> marks;

    /** Allocates {@code 2 * slotBytes} of pinned memory; {@code device}'s context must be current. */
    CudaStaging(CudaDevice device, long slotBytes, CUstream stream, CUstream copyStream) {
        this.device = device;
        this.slotBytes = slotBytes;
        this.stream = stream;
        this.copyStream = copyStream;
        CudaCalls.check(() -> "allocating " + 2 * slotBytes + " bytes of pinned staging memory for downloads",
                () -> cuMemAllocHost(host, 2 * slotBytes));
        int events = 0;
        try {
            for (int i = 0; i < 2; i++) {
                slots[i] = host.getByteBuffer(i * slotBytes, slotBytes);
                CUevent e = copied[i];
                CudaCalls.check("creating a staging event", () -> cuEventCreate(e, CUevent_flags.CU_EVENT_DISABLE_TIMING));
                events++;
            }
        } catch (RuntimeException e) {
            for (int i = 0; i < events; i++) {
                CUevent made = copied[i];
                CudaCalls.errorOf(() -> cuEventDestroy(made));
            }
            CudaCalls.errorOf(() -> cuMemFreeHost(host));
            throw e;
        }
    }

    long slotBytes() {
        return slotBytes;
    }

    /** Points the next copies at {@code source}, with its band marks; returns this. */
    CudaStaging from(CUdeviceptr source, BandMarks<CUevent> marks) {
        this.source = source;
        this.marks = marks;
        return this;
    }

    @Override
    public ByteBuffer slot(int i) {
        return slots[i];
    }

    @Override
    public void startCopy(int slot, long offset, long bytes) {
        // The host copies between chunks run on several cores, and the calling thread may take other work from the
        // common pool meanwhile (work that may use another device): make this device's context current again.
        device.makeCurrent();
        // A chunk a banded launch has already finished is copied on the copy stream, after its band
        // only; any other after all the work before it.
        boolean afterBand = marks != null && marks.orderAfter(offset + bytes,
                band -> CudaCalls.check("ordering a copy after its band", () -> cuStreamWaitEvent(copyStream, band, 0)));
        CUstream on = afterBand ? copyStream : stream;
        CudaCalls.check(() -> "copying " + bytes + " bytes from the device into staging memory",
                () -> cuMemcpyDtoHAsync(host.withByteOffset(slot * slotBytes), source.withByteOffset(offset), bytes, on));
        CudaCalls.check("recording a staging event", () -> cuEventRecord(copied[slot], on));
    }

    @Override
    public void awaitCopy(int slot) {
        CudaCalls.check(() -> "waiting for a copy from the device (a kernel launched earlier may have failed)",
                () -> cuEventSynchronize(copied[slot]));
    }
}
