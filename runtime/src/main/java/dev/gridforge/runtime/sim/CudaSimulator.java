package dev.gridforge.runtime.sim;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import dev.gridforge.runtime.DeviceMemoryException;
import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.GridforgeException;
import dev.gridforge.runtime.spi.Accelerator;
import dev.gridforge.runtime.spi.ComputeOnce;
import dev.gridforge.runtime.spi.DeviceBuffer;
import dev.gridforge.runtime.spi.DeviceKernel;
import dev.gridforge.runtime.spi.EntryPoints;
import dev.gridforge.runtime.spi.LaunchList;
import dev.gridforge.runtime.spi.NeutralContext;
import dev.gridforge.runtime.spi.Recording;
import dev.gridforge.runtime.spi.StagedDownload;
import java.lang.ref.Reference;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs generated CUDA C on the CPU: each kernel is compiled as C++ with the gridforge prelude
 * ({@code gf_sim.h}) into a shared library, and a launch calls the kernel once per block and
 * thread, sequentially, on the calling thread. Copies are plain memory copies, launches are
 * synchronous, so {@link #synchronize()} has nothing to wait for.
 */
public final class CudaSimulator implements Accelerator {

    private static final class Holder {
        static final CudaSimulator SHARED = new CudaSimulator();
    }

    /** A library is identified by the hash of what was compiled into it. */
    private record LibraryKey(String entry, String fullSource) {
    }

    /** dlopen flags: RTLD_NOW, and local symbols so kernels of different libraries never mix. */
    private static final int RTLD_NOW_LOCAL = 2;

    private final SimCompiler compiler;
    /** Large downloads go through two staging slots in chunks, as on the GPU, so that path is tested here. */
    private final StagedDownload staged = StagedDownload.fromProperties();
    private final ComputeOnce<LibraryKey, SimKernel> kernels = new ComputeOnce<>();
    /** Bytes of simulated device memory allocated and not yet freed. */
    final java.util.concurrent.atomic.AtomicLong live = new java.util.concurrent.atomic.AtomicLong();

    /** Below this much live native memory nobody needs reminding. */
    static final long RECLAIM_FLOOR = 256L << 20;
    /** Live native memory at which the next allocation first asks the garbage collector for dropped buffers. */
    private final java.util.concurrent.atomic.AtomicLong reclaimAt = new java.util.concurrent.atomic.AtomicLong(RECLAIM_FLOOR);

    /**
     * Native memory does not weigh on the Java heap, so results dropped without close() would be
     * freed only when some collection happens to run: 2,000 dropped 8 MB results held 9 GB with a
     * 20 MB heap. When live memory has doubled since the last time, collect and let the cleaners
     * free what is unreachable, then measure again.
     */
    private void reclaimIfGrowing(long bytes) {
        long limit = reclaimAt.get();
        if (live.get() + bytes <= limit || !reclaimAt.compareAndSet(limit, Long.MAX_VALUE)) {
            return;
        }
        try {
            System.gc();
            long before = live.get();
            for (int waited = 0; waited < 100 && live.get() >= before; waited += 5) {
                Thread.sleep(5); // the cleaner thread frees what the collection found
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            reclaimAt.set(Math.max(RECLAIM_FLOOR, 2 * live.get()));
        }
    }

    /** The launches the calling thread is collecting instead of running, or null. */
    private final ThreadLocal<LaunchList> recording = new ThreadLocal<>();

    CudaSimulator() {
        this(new SimCompiler());
    }

    /** A simulator with its own compiled-kernel cache in {@code cacheDir}: for tests. */
    CudaSimulator(java.nio.file.Path cacheDir) {
        this(new SimCompiler(cacheDir));
    }

    private CudaSimulator(SimCompiler compiler) {
        NeutralContext.startJnaCleaner(); // before this simulator's first JNA allocation
        this.compiler = compiler;
    }

    /** The process-wide simulator. */
    public static CudaSimulator shared() {
        return Holder.SHARED;
    }

    /** Bytes of simulated device memory allocated and not yet freed (closed, or cleaned after being dropped). */
    public long liveBytes() {
        return live.get();
    }

    /** True when a C++ compiler for the simulator is installed. */
    public static boolean isAvailable() {
        return SimCompiler.findCompiler().isPresent();
    }

    /** The directory of compiled kernels ({@code gridforge.sim.cache}, else the {@code sim} folder of gridforge's cache directory). */
    public Path cacheDirectory() {
        return compiler.cacheDir();
    }

    @Override
    public String describe() {
        return "CUDA simulator on the CPU (compiler: "
                + SimCompiler.findCompiler().map(Path::toString).orElse("none found") + ")";
    }

    @Override
    public DeviceBuffer allocate(long bytes) {
        notRecording("allocate device memory");
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot allocate " + bytes + " bytes"); // 0 is an empty field's buffer, as on CUDA
        }
        reclaimIfGrowing(bytes);
        try {
            return new SimBuffer(this, bytes);
        } catch (OutOfMemoryError e) {
            throw new DeviceMemoryException("the simulator could not allocate " + bytes + " bytes of native memory", e);
        }
    }

    @Override
    public void upload(Object javaArray, DeviceBuffer dst) {
        notRecording("copy to the device");
        using(List.of(dst), () -> {
            Pointer p = checkCopy(javaArray, dst, "upload");
            int n = Array.getLength(javaArray);
            switch (ElementType.ofArray(javaArray)) {
                case DOUBLE: p.write(0, (double[]) javaArray, 0, n); break;
                case FLOAT: p.write(0, (float[]) javaArray, 0, n); break;
                case INT: p.write(0, (int[]) javaArray, 0, n); break;
                default: p.write(0, (long[]) javaArray, 0, n); break;
            }
        });
    }

    @Override
    public void download(DeviceBuffer src, Object javaArray) {
        notRecording("copy from the device");
        using(List.of(src), () -> {
            Pointer p = checkCopy(javaArray, src, "download");
            own(src).checkGuard("an earlier launch");
            int n = Array.getLength(javaArray);
            long bytes = (long) n * ElementType.ofArray(javaArray).bytes();
            if (staged.stages(bytes)) {
                staged.run(new SimStaging(p, Math.min(staged.chunkBytes(), bytes)), javaArray, bytes);
                return;
            }
            switch (ElementType.ofArray(javaArray)) {
                case DOUBLE: p.read(0, (double[]) javaArray, 0, n); break;
                case FLOAT: p.read(0, (float[]) javaArray, 0, n); break;
                case INT: p.read(0, (int[]) javaArray, 0, n); break;
                default: p.read(0, (long[]) javaArray, 0, n); break;
            }
        });
    }

    @Override
    public void download(DeviceBuffer src, java.nio.ByteBuffer dst, long bytes) {
        notRecording("copy from the device");
        dev.gridforge.runtime.spi.ByteDownloads.check(src, dst, bytes);
        SimBuffer b = own(src);
        using(List.of(src), () -> {
            b.checkGuard("an earlier launch");
            if (bytes > 0) {
                java.nio.ByteBuffer to = dst.duplicate();
                to.clear();
                to.put(b.pointer().getByteBuffer(0, bytes));
            }
        });
    }

    /**
     * Runs {@code body} with every buffer of {@code args} in use: closing one on another thread
     * meanwhile frees it only afterwards (a launch reading freed memory would crash the JVM).
     */
    private void using(List<?> args, Runnable body) {
        List<SimBuffer> acquired = new java.util.ArrayList<>();
        try {
            for (Object a : args) {
                if (a instanceof DeviceBuffer d) {
                    SimBuffer b = own(d);
                    b.acquire();
                    acquired.add(b);
                }
            }
            body.run();
        } finally {
            acquired.forEach(SimBuffer::release);
        }
    }

    /**
     * Every launch of two rows or more runs in up to three bands of its outermost axis, so that the
     * simulator's tests run the generated code's band path (on the GPU only large launches use it).
     */
    @Override
    public int bands(long outputBytes, int outer) {
        return Math.min(3, outer);
    }

    /** The GPU's staging, done by the CPU: a copy "starts" by happening at once, and waiting waits for nothing. */
    private static final class SimStaging implements StagedDownload.Staging {
        private final Pointer source;
        private final java.nio.ByteBuffer[] slots;

        SimStaging(Pointer source, long slotBytes) {
            this.source = source;
            // Heap memory: nothing here is pinned, and a direct buffer per download would only wait for a GC to go.
            this.slots = new java.nio.ByteBuffer[] {
                java.nio.ByteBuffer.allocate((int) slotBytes), java.nio.ByteBuffer.allocate((int) slotBytes)};
        }

        @Override
        public java.nio.ByteBuffer slot(int i) {
            return slots[i];
        }

        @Override
        public void startCopy(int slot, long offset, long bytes) {
            java.nio.ByteBuffer to = slots[slot].duplicate();
            to.clear();
            to.put(source.getByteBuffer(offset, bytes));
        }

        @Override
        public void awaitCopy(int slot) {
        }
    }

    private Pointer checkCopy(Object javaArray, DeviceBuffer buffer, String what) {
        ElementType type = ElementType.ofArray(javaArray);
        SimBuffer b = own(buffer);
        long bytes = (long) Array.getLength(javaArray) * type.bytes();
        if (bytes > b.bytes()) {
            throw new DeviceMemoryException(what + " of " + bytes + " bytes does not fit a buffer of " + b.bytes() + " bytes");
        }
        return b.pointer();
    }

    private SimBuffer own(DeviceBuffer buffer) {
        Objects.requireNonNull(buffer, "buffer");
        if (!(buffer instanceof SimBuffer) || buffer.owner() != this) {
            throw new IllegalArgumentException("buffer belongs to " + buffer.owner().describe() + ", not to this simulator");
        }
        return (SimBuffer) buffer;
    }

    @Override
    public DeviceKernel load(String source, String entry, List<String> defines) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(defines, "defines");
        if (entry == null || !entry.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("kernel entry must be a C identifier, got " + entry);
        }
        String full = SimCompiler.fullSource(source, entry, defines);
        return kernels.get(new LibraryKey(entry, full), k -> open(k.entry(), compiler.compile(k.fullSource(), k.entry())));
    }

    private static SimKernel open(String entry, Path library) {
        try {
            NativeLibrary lib = NativeLibrary.getInstance(library.toAbsolutePath().toString(),
                    Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW_LOCAL));
            return new SimKernel(entry, library, lib, lib.getFunction("gf_sim_launch_" + entry));
        } catch (UnsatisfiedLinkError e) {
            throw new GridforgeException("[SimLoad] cannot load the compiled kernel '" + entry + "' from " + library
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void launch(DeviceKernel kernel, int[] grid, int[] block, List<Object> args) {
        Objects.requireNonNull(kernel, "kernel");
        if (!(kernel instanceof SimKernel)) {
            throw new IllegalArgumentException("kernel " + kernel.entry() + " was not loaded by the simulator");
        }
        checkDims("grid", grid);
        checkDims("block", block);
        Objects.requireNonNull(args, "args");
        LaunchList collected = recording.get();
        if (collected != null) {
            for (int i = 0; i < args.size(); i++) {
                value(args.get(i), i).close(); // refuses a bad argument now, not at replay
            }
            collected.add(kernel, grid, block, args);
            return;
        }
        using(args, () -> run((SimKernel) kernel, grid, block, args));
    }

    private void run(SimKernel kernel, int[] grid, int[] block, List<Object> args) {
        // As cuLaunchKernel's kernelParams: an array of pointers, each at one argument's value;
        // beside it each buffer's size, so the kernel's fields can check every access.
        Memory params = new Memory(8L * Math.max(1, args.size()));
        Memory bytes = new Memory(8L * Math.max(1, args.size()));
        Memory report = new Memory(8L * REPORT_LENGTH);
        Memory[] values = new Memory[args.size()];
        try {
            for (int i = 0; i < args.size(); i++) {
                values[i] = value(args.get(i), i);
                params.setPointer(8L * i, values[i]);
                bytes.setLong(8L * i, args.get(i) instanceof DeviceBuffer b ? b.bytes() : 0);
            }
            int outOfBounds = kernel.trampoline().invokeInt(new Object[] {params, bytes, args.size(), report, grid[0], grid[1], grid[2],
                    block[0], block[1], block[2]});
            if (outOfBounds == 2) {
                throw new IllegalArgumentException("kernel '" + EntryPoints.kernelName(kernel.entry()) + "' takes " + report.getLong(0)
                        + " arguments, got " + args.size() + "; nothing ran");
            }
            if (outOfBounds != 0) {
                throw outOfBounds(kernel.entry(), report.getLongArray(0, REPORT_LENGTH));
            }
            for (Object arg : args) {
                if (arg instanceof SimBuffer b) {
                    b.checkGuard("kernel '" + EntryPoints.kernelName(kernel.entry()) + "'");
                }
            }
            Reference.reachabilityFence(args); // buffers must not be cleaned while the kernel runs
        } finally {
            // Freed now rather than by JNA's cleaner: a time loop launches thousands of times.
            params.close();
            bytes.close();
            report.close();
            for (Memory m : values) {
                if (m != null) {
                    m.close();
                }
            }
        }
    }

    /** Longs in a launch's out-of-bounds report (gf_sim.h's gf_sim::run). */
    private static final int REPORT_LENGTH = 10;

    /** The first access outside a field, as the simulated kernel recorded it; the launch stopped there. */
    private static GridforgeException outOfBounds(String entry, long[] r) {
        int arg = (int) r[0];
        String what = r[1] != 0 ? "wrote" : "read";
        return new GridforgeException("[SimBounds] kernel '" + EntryPoints.kernelName(entry) + "': thread (" + r[7] + ", " + r[8] + ", " + r[9]
                + ") of block (" + r[4] + ", " + r[5] + ", " + r[6] + ") " + what + " element " + r[2] + " of parameter "
                + arg + " (a field of " + r[3] + " elements); the access was not performed and the"
                + " launch stopped. In generated code this is a gridforge bug: please report it with the kernel's .cu file.");
    }

    private Memory value(Object arg, int index) {
        Memory m = new Memory(8);
        if (arg instanceof Integer) {
            m.setInt(0, (Integer) arg);
        } else if (arg instanceof Long) {
            m.setLong(0, (Long) arg);
        } else if (arg instanceof Float) {
            m.setFloat(0, (Float) arg);
        } else if (arg instanceof Double) {
            m.setDouble(0, (Double) arg);
        } else if (arg instanceof DeviceBuffer) {
            m.setPointer(0, own((DeviceBuffer) arg).pointer());
        } else {
            throw new IllegalArgumentException("kernel argument " + index + " must be an Integer, Long, Float, Double or"
                    + " DeviceBuffer, got " + (arg == null ? "null" : arg.getClass().getName()));
        }
        return m;
    }

    private static void checkDims(String what, int[] dims) {
        if (dims == null || dims.length != 3 || dims[0] < 1 || dims[1] < 1 || dims[2] < 1) {
            throw new IllegalArgumentException(what + " must be three positive sizes, got " + java.util.Arrays.toString(dims));
        }
    }

    /** Launches run to the end before they return. */
    @Override
    public boolean freeingWaitsForLaunches() {
        return true;
    }

    @Override
    public void synchronize() {
        notRecording("synchronize");
        // Launches and copies complete before they return.
    }

    @Override
    public void copy(DeviceBuffer src, DeviceBuffer dst, long bytes) {
        notRecording("copy on the device");
        SimBuffer from = own(src);
        SimBuffer to = own(dst);
        if (bytes < 0 || bytes > from.bytes() || bytes > to.bytes()) {
            throw new IllegalArgumentException("cannot copy " + bytes + " bytes from a buffer of " + from.bytes()
                    + " into one of " + to.bytes());
        }
        using(List.of(src, dst), () -> {
            from.checkGuard("an earlier launch");
            for (long at = 0; at < bytes; at += COPY_CHUNK) {
                long n = Math.min(COPY_CHUNK, bytes - at);
                to.pointer().getByteBuffer(at, n).put(from.pointer().getByteBuffer(at, n));
            }
        });
    }

    /** A direct buffer view is at most 2 GiB; device copies go in pieces of this size. */
    private static final long COPY_CHUNK = 1L << 30;

    /** Launches recorded as a list, replayed one after another on the calling thread. */
    @Override
    public Recording record(Runnable body) {
        LaunchList launches = collect(body);
        return new Recording() {
            private volatile boolean closed;
            private String difference;

            @Override
            public void replay() {
                if (closed) {
                    throw new IllegalStateException("this recording is closed");
                }
                run(launches);
            }

            @Override
            public boolean replayIfSame(Runnable step) {
                LaunchList now = collect(step);
                difference = launches.differenceFrom(now);
                if (difference == null) {
                    replay();
                    return true;
                }
                run(now);
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
                closed = true;
            }
        };
    }

    /** Runs {@code body} with its launches collected instead of run. */
    private LaunchList collect(Runnable body) {
        Objects.requireNonNull(body, "body");
        if (recording.get() != null) {
            throw new IllegalStateException("already recording on this thread");
        }
        LaunchList launches = new LaunchList();
        recording.set(launches);
        try {
            body.run();
        } finally {
            recording.remove();
        }
        return launches;
    }

    private void run(LaunchList launches) {
        for (LaunchList.Launch l : launches.launches()) {
            launch(l.kernel(), l.grid(), l.block(), l.args());
        }
    }

    @Override
    public boolean isRecording() {
        return recording.get() != null;
    }

    private void notRecording(String what) {
        if (recording.get() != null) {
            throw new IllegalStateException("[Recording] cannot " + what + " while recording launches for replay: a"
                    + " recorded step may only launch kernels on fields already on the device; a time loop whose step reads results on the host, allocates or waits runs with"
                    + " loop.recordSteps(false)");
        }
    }
}
