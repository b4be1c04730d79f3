package dev.gridforge.runtime.cuda;

import static jcuda.driver.JCudaDriver.cuGraphExecDestroy;
import static jcuda.driver.JCudaDriver.cuGraphLaunch;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import dev.gridforge.runtime.spi.LaunchList;
import dev.gridforge.runtime.spi.Recording;
import java.util.concurrent.atomic.AtomicBoolean;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUstream;

/**
 * Launches captured from a stream of our own into a CUDA graph, instantiated once: a replay is
 * one {@code cuGraphLaunch} on that stream, queued (the caller synchronizes). The list of the
 * captured launches is kept to compare a step with. The stream and the executable graph live
 * until {@link #close()}.
 */
final class CudaRecording implements Recording {
    private final CudaAccelerator accelerator;
    private final CudaDevice device;
    private final CUstream stream;
    private final CUgraphExec exec;
    private final LaunchList launches;
    private final AtomicBoolean closed = new AtomicBoolean();
    private String difference;

    CudaRecording(CudaAccelerator accelerator, CudaDevice device, CUstream stream, CUgraphExec exec, LaunchList launches) {
        this.accelerator = accelerator;
        this.device = device;
        this.stream = stream;
        this.exec = exec;
        this.launches = launches;
    }

    @Override
    public void replay() {
        if (closed.get()) {
            throw new IllegalStateException("this recording is closed");
        }
        device.makeCurrent();
        // The replay writes its launches' buffers as a launch would: what banded launches said of them no longer holds.
        for (LaunchList.Launch l : launches.launches()) {
            for (Object arg : l.args()) {
                if (arg instanceof CudaDeviceBuffer b) {
                    b.marks().used();
                }
            }
        }
        CudaCalls.check(() -> "replaying a CUDA graph of " + launches.size() + " launches", () -> cuGraphLaunch(exec, stream));
    }

    @Override
    public boolean replayIfSame(Runnable body) {
        LaunchList now = accelerator.collect(body);
        difference = launches.differenceFrom(now);
        if (difference == null) {
            replay();
            return true;
        }
        // The step changed: run what it launched now, on the default stream, after this graph's earlier replays.
        device.makeCurrent();
        CudaCalls.check(() -> "waiting for a CUDA graph of " + launches.size() + " launches (a kernel in it may have failed)",
                () -> cuStreamSynchronize(stream));
        for (LaunchList.Launch l : now.launches()) {
            accelerator.launch(l.kernel(), l.grid(), l.block(), l.args());
        }
        return false;
    }

    @Override
    public int launches() {
        return launches.size();
    }

    @Override
    public String difference() {
        return difference;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            device.makeCurrent();
            // Replays are queued: let the last one finish before its graph and stream go.
            CudaCalls.errorOf(() -> cuStreamSynchronize(stream));
            CudaCalls.check("destroying a CUDA graph", () -> cuGraphExecDestroy(exec));
            CudaCalls.check("destroying a CUDA stream", () -> cuStreamDestroy(stream));
        }
    }
}
