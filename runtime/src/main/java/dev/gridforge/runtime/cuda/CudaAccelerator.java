package dev.gridforge.runtime.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuGraphDestroy;
import static jcuda.driver.JCudaDriver.cuGraphInstantiate;
import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;
import static jcuda.driver.JCudaDriver.cuMemAllocAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;
import static jcuda.driver.JCudaDriver.cuStreamWaitEvent;
import static jcuda.driver.JCudaDriver.cuStreamBeginCapture;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamEndCapture;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import dev.gridforge.runtime.CudaUnavailableException;
import dev.gridforge.runtime.DeviceMemoryException;
import dev.gridforge.runtime.GridforgeException;
import dev.gridforge.runtime.spi.Accelerator;
import dev.gridforge.runtime.spi.BandMarks;
import dev.gridforge.runtime.spi.ComputeOnce;
import dev.gridforge.runtime.spi.DeviceBuffer;
import dev.gridforge.runtime.spi.DeviceKernel;
import dev.gridforge.runtime.spi.EntryPoints;
import dev.gridforge.runtime.spi.LaunchList;
import dev.gridforge.runtime.spi.LongProperty;
import dev.gridforge.runtime.spi.PrecompiledKernel;
import dev.gridforge.runtime.spi.Recording;
import dev.gridforge.runtime.spi.StagedDownload;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUfunction;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.CUstreamCaptureMode;
import jcuda.driver.CUstream_flags;

/**
 * The GPU through the CUDA driver API: device memory from the device's stream-ordered pool,
 * NVRTC-compiled modules, launches and copies on a non-blocking stream of its own (or, while a
 * thread records a graph, on that recording's stream). Thread-safe; every call makes the device's primary context current on the
 * calling thread first. One per device, obtained from {@link Cuda#accelerator(int)}; what it makes (buffers, pinned
 * memory, recordings) keeps using its device whichever device the thread that uses them is on.
 */
final class CudaAccelerator implements Accelerator {

    private static final System.Logger LOG = System.getLogger(CudaAccelerator.class.getName());

    /** How long allocate waits for cleaners to free unreachable buffers before giving up. */
    private static final int RECLAIM_WAIT_MS = 200;

    private final CudaDevice device;
    /** Null when NVRTC is not available: then only kernels compiled at build time load. */
    private final KernelCompiler compiler;
    /** Why there is no compiler; null when there is one. */
    private final String noCompiler;
    private final CudaDeviceBuffer.Release.Counters counters = new CudaDeviceBuffer.Release.Counters();
    private final ComputeOnce<ModuleKey, CUmodule> modules = new ComputeOnce<>();
    private final ComputeOnce<FunctionKey, CudaKernel> kernels = new ComputeOnce<>();
    /** Modules of kernels compiled at build time, by architecture and source hash. */
    private final ComputeOnce<String, CUmodule> precompiled = new ComputeOnce<>();

    private record FunctionKey(ModuleKey module, String entry) {
    }

    /**
     * What the calling thread does with its launches instead of running them at once: capture them
     * on a stream into a graph (stream set), or only collect them to compare with a recording
     * (stream null). Absent when it launches normally.
     */
    private final ThreadLocal<Capture> capturing = new ThreadLocal<>();

    private static final class Capture {
        final CUstream stream;
        final LaunchList launches = new LaunchList();

        Capture(CUstream stream) {
            this.stream = stream;
        }
    }

    /** Every launch and copy of this accelerator goes here (recordings have streams of their own). */
    private final CUstream stream;
    /** Copies of a banded launch's results, each waiting for its band only (see {@link #bandLaunched}). */
    private final CUstream copyStream;
    /** How downloads into Java arrays are staged, and the pinned slots they use (one per concurrent download). */
    private final StagedDownload staged = StagedDownload.fromProperties();
    private final java.util.concurrent.ConcurrentLinkedQueue<CudaStaging> stagings = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger stagingCount = new java.util.concurrent.atomic.AtomicInteger();
    /** Pinned slot pairs kept at most (8 MiB each with the default chunk): more concurrent downloads copy directly. */
    private static final int MAX_STAGINGS = 4;
    /** Whether fields come from the device's stream-ordered pool (cuMemAllocAsync) rather than cuMemAlloc. */
    private final boolean pooled;

    /**
     * @param nvrtc      null when NVRTC could not be loaded; then {@code noCompiler} says why, and
     *                   only kernels compiled at build time can be loaded
     * @param noCompiler why there is no NVRTC, or null
     */
    CudaAccelerator(CudaDevice device, Nvrtc nvrtc, String noCompiler, ModuleCache cache) {
        this.device = device;
        this.compiler = nvrtc == null ? null : KernelCompiler.forDevice(nvrtc, cache, device.computeMajor(), device.computeMinor());
        this.noCompiler = nvrtc == null ? Objects.requireNonNull(noCompiler, "noCompiler") : null;
        device.makeCurrent();
        this.stream = new CUstream();
        // Non-blocking: it does not wait for, nor hold up, the legacy default stream other libraries may use.
        CudaCalls.check("creating gridforge's CUDA stream", () -> cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING));
        this.copyStream = new CUstream();
        CudaCalls.check("creating gridforge's copy stream", () -> cuStreamCreate(copyStream, CUstream_flags.CU_STREAM_NON_BLOCKING));
        String noPool = device.supportsMemoryPools() ? MemoryPool.keepFreedMemory(device.ordinal())
                : "the device has no stream-ordered memory pools";
        this.pooled = noPool == null;
        if (!pooled) {
            LOG.log(System.Logger.Level.DEBUG, "gridforge: device memory from cuMemAlloc, not a pool: {0}", noPool);
        }
    }

    @Override
    public String describe() {
        return device.name() + " (" + (device.ordinal() == 0 ? "" : "device " + device.ordinal() + ", ")
                + "sm_" + device.computeMajor() + device.computeMinor() + "), "
                + (compiler != null ? "NVRTC " + compiler.nvrtc().version() : "no NVRTC: kernels compiled at build time only");
    }

    /** The architectures a CUBIN may be built for to run here, best first: sm_86, sm_85, …, sm_80 on an 8.6 device. */
    static List<String> binaryArchitectures(int major, int minor) {
        List<String> archs = new ArrayList<>();
        for (int m = minor; m >= 0; m--) {
            archs.add("sm_" + major + m);
        }
        return List.copyOf(archs);
    }

    @Override
    public List<String> binaryArchitectures() {
        return binaryArchitectures(device.computeMajor(), device.computeMinor());
    }

    @Override
    public DeviceKernel loadPrecompiled(PrecompiledKernel kernel, String entry) {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(entry, "entry");
        if (!kernel.options().equals(CompileOptions.forTarget(new CompileTarget(kernel.arch(), OutputKind.CUBIN)))) {
            return null;
        }
        device.makeCurrent(); // cuModuleGetFunction below needs the context, also when the module is cached
        CUmodule module = precompiled.get(kernel.arch() + "/" + kernel.sourceSha256(), k -> {
            CUmodule m = new CUmodule();
            device.makeCurrent();
            CudaCalls.check(() -> "loading kernel " + entry + " compiled at build time for " + kernel.arch() + " by NVRTC "
                    + kernel.nvrtcVersion() + " (" + kernel.binary().length + " bytes) with cuModuleLoadData",
                    () -> cuModuleLoadData(m, kernel.binary()));
            return m;
        });
        return new CudaKernel(entry, function(module, entry), this);
    }

    ModuleCache cache() {
        return compiler().cache();
    }

    CompileTarget target() {
        return compiler().target();
    }

    private KernelCompiler compiler() {
        if (compiler == null) {
            throw new CudaUnavailableException("NVRTC is not available, so kernels not compiled at build time cannot be compiled for "
                    + deviceName() + " (sm_" + device.computeMajor() + device.computeMinor() + "): " + noCompiler);
        }
        return compiler;
    }

    /** The device's ordinal, as the driver numbers them. */
    int ordinal() {
        return device.ordinal();
    }

    /** The device's name, with its ordinal when it is not device 0: for messages. */
    private String deviceName() {
        return device.ordinal() == 0 ? device.name() : "CUDA device " + device.ordinal() + " (" + device.name() + ")";
    }

    /** Bytes held by buffers not yet freed (closed or cleaned). */
    long liveBytes() {
        return counters.liveBytes.get();
    }

    @Override
    public DeviceBuffer allocate(long bytes) {
        notRecording("allocate device memory");
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot allocate " + bytes + " bytes");
        }
        CUdeviceptr pointer = new CUdeviceptr();
        if (bytes > 0) {
            device.makeCurrent();
            String error = CudaCalls.errorOf(() -> allocate(pointer, bytes));
            if (CudaCalls.OUT_OF_MEMORY.equals(error)) {
                // Buffers the program dropped without closing are freed only after a GC has
                // found them; the heap is not under pressure, so force one and retry once.
                reclaimUnreachableBuffers();
                device.makeCurrent();
                error = CudaCalls.errorOf(() -> allocate(pointer, bytes));
                if (CudaCalls.OUT_OF_MEMORY.equals(error)) {
                    throw outOfMemory(bytes);
                }
            }
            if (error != null) {
                throw CudaCalls.translate(error, "allocating " + bytes + " bytes of device memory");
            }
        }
        return new CudaDeviceBuffer(this, device, pointer, bytes, pooled ? stream : null, counters);
    }

    /** From the pool, in order on the stream (no wait for the device), or with cuMemAlloc. */
    private int allocate(CUdeviceptr pointer, long bytes) {
        return pooled ? cuMemAllocAsync(pointer, bytes, stream) : cuMemAlloc(pointer, bytes);
    }

    private void reclaimUnreachableBuffers() {
        long before = counters.releases.get();
        System.gc();
        long seen = before;
        int quietMs = 0;
        // Wait while cleaners keep freeing; stop after 30 ms without a release once something
        // was freed, or after RECLAIM_WAIT_MS if nothing is freed at all.
        while (quietMs < (seen == before ? RECLAIM_WAIT_MS : 30)) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = counters.releases.get();
            quietMs = now == seen ? quietMs + 5 : 0;
            seen = now;
        }
    }

    @Override
    public long freeBytes() {
        return device.memoryInfo()[0];
    }

    private DeviceMemoryException outOfMemory(long bytes) {
        long[] info = device.memoryInfo();
        return new DeviceMemoryException("[DeviceMemory] cannot allocate " + Sizes.human(bytes) + " (" + bytes
                + " bytes) on " + deviceName() + ": " + Sizes.human(info[0]) + " free of " + Sizes.human(info[1])
                + " total, after freeing unreachable buffers (gridforge holds " + Sizes.human(liveBytes())
                + " in open buffers). Close buffers you no longer need, or use a smaller problem.");
    }

    @Override
    public void upload(Object javaArray, DeviceBuffer dst) {
        notRecording("copy to the device");
        CudaDeviceBuffer buffer = own(dst, "upload destination");
        long bytes = HostArrays.checkFits("upload", javaArray, buffer.bytes());
        if (bytes == 0) {
            return;
        }
        buffer.marks().used();
        using(List.of(buffer), () -> {
            device.makeCurrent();
            // From pageable memory the call returns once the array is staged, so the array may change
            // right after; the transfer itself is in order on the stream.
            CudaCalls.check(() -> "copying " + bytes + " bytes to the device",
                    () -> cuMemcpyHtoDAsync(buffer.pointer(), HostArrays.pointerTo(javaArray), bytes, stream));
        });
    }

    @Override
    public void download(DeviceBuffer src, Object javaArray) {
        notRecording("copy from the device");
        CudaDeviceBuffer buffer = own(src, "download source");
        long bytes = HostArrays.checkFits("download", javaArray, buffer.bytes());
        if (bytes == 0) {
            return;
        }
        using(List.of(buffer), () -> {
            device.makeCurrent();
            if (staged.stages(bytes)) {
                downloadStaged(buffer, javaArray, bytes);
            } else {
                downloadDirect(buffer, javaArray, bytes);
            }
        });
    }

    /** Straight into the Java array (pageable memory: the driver stages it itself, at about a third of the pinned speed). */
    void downloadDirect(CudaDeviceBuffer buffer, Object javaArray, long bytes) {
        // Into a Java array the copy must be synchronous (the array may move once the call returns):
        // wait for the stream's earlier work, then copy.
        waitForStream("copying " + bytes + " bytes from the device");
        CudaCalls.check(() -> "copying " + bytes + " bytes from the device",
                () -> cuMemcpyDtoH(HostArrays.pointerTo(javaArray), buffer.pointer(), bytes));
    }

    /** Through pinned slots in chunks, each copied out by several cores while the next one arrives. */
    void downloadStaged(CudaDeviceBuffer buffer, Object javaArray, long bytes) {
        CudaStaging staging = stagings.poll();
        if (staging == null) {
            // One pair of slots per download running at once, up to a few; beyond, or where no more
            // memory can be pinned, straight into the array.
            if (stagingCount.incrementAndGet() > MAX_STAGINGS) {
                stagingCount.decrementAndGet();
                downloadDirect(buffer, javaArray, bytes);
                return;
            }
            try {
                staging = new CudaStaging(device, staged.chunkBytes(), stream, copyStream);
            } catch (GridforgeException e) {
                stagingCount.decrementAndGet();
                LOG.log(System.Logger.Level.DEBUG, "gridforge: no pinned staging for downloads ({0}); copying directly", e.getMessage());
                downloadDirect(buffer, javaArray, bytes);
                return;
            }
        }
        boolean done = false;
        try {
            staged.run(staging.from(buffer.pointer(), buffer.marks()), javaArray, bytes);
            done = true;
        } finally {
            if (!done) {
                // A copy into the other slot may still be running: let the streams finish before the slots are reused.
                quietlyMakeCurrent();
                CudaCalls.errorOf(() -> cuStreamSynchronize(stream));
                CudaCalls.errorOf(() -> cuStreamSynchronize(copyStream));
            }
            staging.from(null, null);
            stagings.add(staging);
        }
    }

    @Override
    public void download(DeviceBuffer src, java.nio.ByteBuffer dst, long bytes) {
        notRecording("copy from the device");
        dev.gridforge.runtime.spi.ByteDownloads.check(src, dst, bytes);
        CudaDeviceBuffer buffer = own(src, "download source");
        if (bytes == 0) {
            return;
        }
        java.nio.ByteBuffer at = dst.duplicate();
        at.clear();
        using(List.of(buffer), () -> {
            device.makeCurrent();
            // Written by a launch in bands: each band is copied as soon as it is computed, on a second
            // stream, while the next bands still run on the first.
            jcuda.Pointer host = jcuda.Pointer.to(at);
            boolean done = false;
            try {
                int pieces = buffer.marks().orderPieces(bytes, p -> {
                    CudaCalls.check("ordering a copy after its band", () -> cuStreamWaitEvent(copyStream, p.event(), 0));
                    CudaCalls.check(() -> "copying bytes " + p.from() + " to " + p.to() + " from the device into host memory",
                            () -> cuMemcpyDtoHAsync(host.withByteOffset(p.from()), buffer.pointer().withByteOffset(p.from()),
                                    p.to() - p.from(), copyStream));
                });
                if (pieces == 0) {
                    CudaCalls.check(() -> "copying " + bytes + " bytes from the device into host memory",
                            () -> cuMemcpyDtoHAsync(host, buffer.pointer(), bytes, stream));
                    waitForStream("copying " + bytes + " bytes from the device into host memory");
                } else {
                    CudaCalls.check(() -> "waiting for the GPU while copying " + bytes
                            + " bytes into host memory (a kernel launched earlier may have failed)", () -> cuStreamSynchronize(copyStream));
                }
                done = true;
            } finally {
                if (!done) {
                    // Pieces already queued would still write into dst: let them finish before it can be freed.
                    CudaCalls.errorOf(() -> cuStreamSynchronize(copyStream));
                    CudaCalls.errorOf(() -> cuStreamSynchronize(stream));
                }
                Reference.reachabilityFence(dst);
            }
        });
    }

    @Override
    public dev.gridforge.runtime.spi.HostBuffer allocateHost(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot allocate " + bytes + " bytes of host memory");
        }
        jcuda.Pointer host = new jcuda.Pointer();
        if (bytes > 0) {
            device.makeCurrent();
            try {
                CudaCalls.check(() -> "allocating " + bytes + " bytes of pinned host memory",
                        () -> jcuda.driver.JCudaDriver.cuMemAllocHost(host, bytes));
            } catch (dev.gridforge.runtime.GridforgeException e) {
                throw new dev.gridforge.runtime.DeviceMemoryException("could not pin " + bytes
                        + " bytes of host memory (cuMemAllocHost): " + e.getMessage(), e);
            }
        }
        return new CudaPinnedBuffer(device, host, bytes);
    }

    @Override
    public DeviceKernel load(String source, String entry, List<String> defines) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(entry, "entry");
        if (compiler == null) {
            throw new CudaUnavailableException("kernel " + EntryPoints.kernelName(entry) + (defines.isEmpty() ? "" : " with " + String.join(", ", defines))
                    + " was not compiled at build time for " + String.join(" or ", binaryArchitectures())
                    + ", and NVRTC, which would compile it now, is not available: " + noCompiler
                    + ". Install NVRTC (see docs/runtime.md), or compile the kernels at build time for this GPU (README,"
                    + " 'Kernels compiled at build time'); kernels with @Const(specialize = true) always need NVRTC");
        }
        ModuleKey key = compiler.key(source, defines);
        return kernels.get(new FunctionKey(key, entry), k -> {
            CUmodule module = modules.get(key, mk -> loadModule(mk, entry));
            device.makeCurrent();
            return new CudaKernel(entry, function(module, entry), this);
        });
    }

    private CUmodule loadModule(ModuleKey key, String entry) {
        CompiledModule compiled = compiler().compile(key, entry);
        CUmodule module = new CUmodule();
        device.makeCurrent();
        CudaCalls.check(() -> "loading the " + compiled.kind() + " of kernel " + entry + " (" + compiled.binary().length
                + " bytes) with cuModuleLoadData", () -> cuModuleLoadData(module, compiled.binary()));
        return module;
    }

    private CUfunction function(CUmodule module, String entry) {
        CUfunction function = new CUfunction();
        String error = CudaCalls.errorOf(() -> cuModuleGetFunction(function, module, entry));
        if ("CUDA_ERROR_NOT_FOUND".equals(error)) {
            throw new GridforgeException("[Cuda] the compiled module has no entry point '" + entry
                    + "'; it must be declared extern \"C\" __global__ so its name is not mangled");
        }
        if (error != null) {
            throw CudaCalls.translate(error, "looking up entry point " + entry);
        }
        return function;
    }

    @Override
    public void launch(DeviceKernel kernel, int[] grid, int[] block, List<Object> args) {
        if (!(kernel instanceof CudaKernel k) || k.owner() != this) {
            throw new IllegalArgumentException("kernel " + (kernel == null ? null : kernel.entry())
                    + " was not loaded by this CUDA accelerator");
        }
        LaunchShape.check(grid, block);
        Capture capture = capturing.get();
        if (capture != null) {
            capture.launches.add(kernel, grid, block, args);
            if (capture.stream == null) {
                return; // only collected, to compare with a recording
            }
        }
        CUstream on = capture == null ? stream : capture.stream;
        for (Object a : args) {
            if (a instanceof DeviceBuffer b) {
                own(b, "kernel argument").marks().used();
            }
        }
        using(args, () -> {
            Pointer params = KernelArguments.of(args, b -> own(b, "kernel argument").pointer());
            device.makeCurrent();
            CudaCalls.check(() -> (capture == null ? "launching " : "recording a launch of ") + EntryPoints.kernelName(k.entry()) + " with grid "
                            + LaunchShape.text(grid) + " and block " + LaunchShape.text(block),
                    () -> cuLaunchKernel(k.function(), grid[0], grid[1], grid[2], block[0], block[1], block[2],
                            0, on, params, null));
        });
    }

    /**
     * Launches writing at least {@link #BAND_MIN_PROPERTY} bytes (32 MiB unless set) run in
     * {@value #BANDS} bands: a download of their results then copies each band while the next ones
     * compute, instead of waiting for the whole kernel.
     */
    @Override
    public int bands(long outputBytes, int outer) {
        return isRecording() || outputBytes < bandMinBytes ? 1 : BANDS;
    }

    static final String BAND_MIN_PROPERTY = "gridforge.launch.bandMinBytes";
    static final int BANDS = 8;
    private final long bandMinBytes = LongProperty.read(BAND_MIN_PROPERTY, 32L << 20);

    @Override
    public void bandLaunched(List<DeviceBuffer> outputs, long[] readyBytes, int band) {
        device.makeCurrent();
        for (int i = 0; i < outputs.size(); i++) {
            CudaDeviceBuffer b = own(outputs.get(i), "banded output");
            CUevent done = new CUevent();
            CudaCalls.check("creating a band's event", () -> cuEventCreate(done, CUevent_flags.CU_EVENT_DISABLE_TIMING));
            try {
                CudaCalls.check("recording a band's event", () -> cuEventRecord(done, stream));
            } catch (RuntimeException e) {
                destroyEvents(List.of(done));
                throw e;
            }
            destroyEvents(b.marks().band(band, readyBytes[i], done));
        }
    }

    /** Destroys events no mark needs any more (a copy already waiting on one is not affected). */
    static void destroyEvents(List<CUevent> events) {
        for (CUevent e : events) {
            CudaCalls.errorOf(() -> cuEventDestroy(e));
        }
    }

    /** Waits for the work queued on this accelerator's stream, reporting a launch that failed. */
    private void waitForStream(String doing) {
        CudaCalls.check(() -> "waiting for the GPU before " + doing + " (a kernel launched earlier may have failed)",
                () -> cuStreamSynchronize(stream));
    }

    /** Its stream orders a free after the launches before it (pooled), or cuMemFree waits for the device. */
    @Override
    public boolean freeingWaitsForLaunches() {
        return true;
    }

    /** CUDA events around {@code launches} on this accelerator's stream: the time the GPU spent, not the host's. */
    @Override
    public double deviceMillis(Runnable launches) {
        notRecording("time launches");
        device.makeCurrent();
        CUevent start = new CUevent();
        CUevent stop = new CUevent();
        CudaCalls.check("creating CUDA events", () -> cuEventCreate(start, 0));
        try {
            CudaCalls.check("creating CUDA events", () -> cuEventCreate(stop, 0));
            try {
                CudaCalls.check("recording a CUDA event", () -> cuEventRecord(start, stream));
                launches.run();
                device.makeCurrent();
                CudaCalls.check("recording a CUDA event", () -> cuEventRecord(stop, stream));
                CudaCalls.check("waiting for the timed launches (one may have failed)", () -> cuEventSynchronize(stop));
                float[] ms = {0};
                CudaCalls.check("reading CUDA event times", () -> cuEventElapsedTime(ms, start, stop));
                return ms[0];
            } finally {
                CudaCalls.errorOf(() -> cuEventDestroy(stop));
            }
        } finally {
            CudaCalls.errorOf(() -> cuEventDestroy(start));
        }
    }

    @Override
    public void synchronize() {
        notRecording("synchronize");
        device.makeCurrent();
        CudaCalls.check("waiting for the GPU (a kernel launched earlier may have failed)", () -> cuCtxSynchronize());
    }

    @Override
    public void copy(DeviceBuffer src, DeviceBuffer dst, long bytes) {
        notRecording("copy on the device");
        CudaDeviceBuffer from = own(src, "copy source");
        CudaDeviceBuffer to = own(dst, "copy destination");
        if (bytes < 0 || bytes > from.bytes() || bytes > to.bytes()) {
            throw new IllegalArgumentException("cannot copy " + bytes + " bytes from a buffer of " + from.bytes()
                    + " into one of " + to.bytes());
        }
        if (bytes == 0) {
            return;
        }
        to.marks().used();
        using(List.of(from, to), () -> {
            device.makeCurrent();
            CudaCalls.check(() -> "copying " + bytes + " bytes on the device",
                    () -> cuMemcpyDtoDAsync(to.pointer(), from.pointer(), bytes, stream));
        });
    }

    /**
     * Captures the launches {@code body} makes from this thread on a non-blocking stream of our
     * own (never the legacy default stream, which cannot be captured) into a CUDA graph, and
     * instantiates it. Thread-local capture mode: other threads keep launching as usual.
     */
    @Override
    public Recording record(Runnable body) {
        Objects.requireNonNull(body, "body");
        if (capturing.get() != null) {
            throw new IllegalStateException("already recording on this thread");
        }
        device.makeCurrent();
        CUstream stream = new CUstream();
        CudaCalls.check("creating a CUDA stream", () -> cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING));
        Capture capture = new Capture(stream);
        CUgraph graph = new CUgraph();
        try {
            CudaCalls.check("starting to capture launches into a CUDA graph",
                    () -> cuStreamBeginCapture(stream, CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL));
            capturing.set(capture);
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                capturing.remove();
                quietlyMakeCurrent(); // the body may have left another device's context current
                CudaCalls.errorOf(() -> cuStreamEndCapture(stream, graph)); // the body's failure is the one to report
                throw e;
            }
            capturing.remove();
            device.makeCurrent();
            String ended = CudaCalls.errorOf(() -> cuStreamEndCapture(stream, graph));
            CUgraphExec exec = new CUgraphExec();
            String failed = ended != null ? "ending the capture: " + ended
                    : CudaCalls.errorOf(() -> cuGraphInstantiate(exec, graph, 0)) == null ? null : "instantiating the graph";
            if (failed != null) {
                // The steps ran on the host side already: run their launches one by one instead.
                LOG.log(System.Logger.Level.WARNING, "gridforge: could not record " + capture.launches.size()
                        + " launches into a CUDA graph (" + failed + "); they run one by one");
                CudaCalls.errorOf(() -> cuStreamDestroy(stream));
                for (LaunchList.Launch l : capture.launches.launches()) {
                    launch(l.kernel(), l.grid(), l.block(), l.args());
                }
                return null;
            }
            return new CudaRecording(this, device, stream, exec, capture.launches);
        } catch (RuntimeException | Error e) {
            quietlyMakeCurrent();
            CudaCalls.errorOf(() -> cuStreamDestroy(stream));
            throw e;
        } finally {
            CudaCalls.errorOf(() -> cuGraphDestroy(graph)); // the executable graph keeps its own copy
        }
    }

    /** {@link CudaDevice#makeCurrent()} on a path that is already failing: its own failure would hide the first. */
    private void quietlyMakeCurrent() {
        try {
            device.makeCurrent();
        } catch (RuntimeException ignored) {
            // the failure being reported comes first
        }
    }

    /** Runs {@code body} with its launches only collected, neither run nor captured (to compare with a recording). */
    LaunchList collect(Runnable body) {
        if (capturing.get() != null) {
            throw new IllegalStateException("already recording on this thread");
        }
        Capture collect = new Capture(null);
        capturing.set(collect);
        try {
            body.run();
        } finally {
            capturing.remove();
        }
        return collect.launches;
    }

    @Override
    public boolean isRecording() {
        return capturing.get() != null;
    }

    private void notRecording(String what) {
        if (capturing.get() != null) {
            throw new IllegalStateException("[Recording] cannot " + what + " while recording launches into a CUDA graph:"
                    + " a recorded step may only launch kernels on fields already on the device; a time loop whose step reads results on the host, allocates or waits runs with"
                    + " loop.recordSteps(false)");
        }
    }

    /**
     * Runs {@code body} with every buffer among {@code args} in use: one closed on another thread
     * meanwhile is freed only afterwards (cuMemFree then waits for the device), and none can be
     * cleaned while its address is being handed to the driver.
     */
    private void using(List<?> args, Runnable body) {
        List<CudaDeviceBuffer> acquired = new java.util.ArrayList<>();
        try {
            for (Object a : args) {
                if (a instanceof DeviceBuffer d) {
                    CudaDeviceBuffer b = own(d, "kernel argument");
                    b.acquire();
                    acquired.add(b);
                }
            }
            body.run();
        } finally {
            acquired.forEach(CudaDeviceBuffer::release);
            Reference.reachabilityFence(args);
        }
    }

    private CudaDeviceBuffer own(DeviceBuffer buffer, String role) {
        Objects.requireNonNull(buffer, role);
        if (!(buffer instanceof CudaDeviceBuffer b) || b.owner() != this) {
            throw new IllegalArgumentException("the " + role + " belongs to " + buffer.owner().describe()
                    + ", not to this CUDA accelerator (" + describe() + ")");
        }
        return b;
    }

    @Override
    public String toString() {
        return "CudaAccelerator[" + describe() + "]";
    }
}
