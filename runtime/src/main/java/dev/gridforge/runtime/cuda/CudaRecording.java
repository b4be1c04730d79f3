package dev.gridforge.runtime.cuda;

import static jcuda.driver.JCudaDriver.cuGraphExecDestroy;
import static jcuda.driver.JCudaDriver.cuGraphLaunch;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import dev.gridforge.runtime.spi.Recording;
import java.util.concurrent.atomic.AtomicBoolean;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUstream;

/**
 * Launches captured from a stream of our own into a CUDA graph, instantiated once: a replay is
 * one {@code cuGraphLaunch} on that stream, then a wait for it. The stream and the executable
 * graph live until {@link #close()}.
 */
final class CudaRecording implements Recording {
    private final CudaDevice device;
    private final CUstream stream;
    private final CUgraphExec exec;
    private final int launches;
    private final AtomicBoolean closed = new AtomicBoolean();

    CudaRecording(CudaDevice device, CUstream stream, CUgraphExec exec, int launches) {
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
        CudaCalls.check(() -> "replaying a CUDA graph of " + launches + " launches", () -> cuGraphLaunch(exec, stream));
        CudaCalls.check(() -> "waiting for a CUDA graph of " + launches + " launches (a kernel in it may have failed)",
                () -> cuStreamSynchronize(stream));
    }

    @Override
    public int launches() {
        return launches;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            device.makeCurrent();
            CudaCalls.check("destroying a CUDA graph", () -> cuGraphExecDestroy(exec));
            CudaCalls.check("destroying a CUDA stream", () -> cuStreamDestroy(stream));
        }
    }
}
