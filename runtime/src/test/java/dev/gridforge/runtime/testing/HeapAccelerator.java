package dev.gridforge.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gridforge.runtime.spi.Accelerator;
import dev.gridforge.runtime.spi.DeviceBuffer;
import dev.gridforge.runtime.spi.DeviceKernel;
import dev.gridforge.runtime.spi.PrecompiledKernel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * An accelerator whose memory is Java heap and whose launches only record their arguments: to
 * test the launch path (argument order, geometry, uploads, freeing) without compiling anything.
 */
public final class HeapAccelerator implements Accelerator {

    public record Kernel(String entry, String source, List<String> defines) implements DeviceKernel {
    }

    public record LaunchCall(Kernel kernel, int[] grid, int[] block, List<Object> args) {
    }

    public final class HeapBuffer implements DeviceBuffer {
        final ByteBuffer data;
        boolean closed;

        HeapBuffer(long bytes) {
            data = ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
        }

        @Override
        public long bytes() {
            return data.capacity();
        }

        @Override
        public Accelerator owner() {
            return HeapAccelerator.this;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
        }

        private ByteBuffer open() {
            if (closed) {
                throw new IllegalStateException("heap buffer used after close");
            }
            return data.duplicate().order(ByteOrder.nativeOrder());
        }
    }

    public final List<HeapBuffer> allocated = new ArrayList<>();
    public final List<LaunchCall> launches = new ArrayList<>();
    public RuntimeException failOnLaunch;
    public int synchronizations;

    @Override
    public String describe() {
        return "heap test accelerator";
    }

    @Override
    public DeviceBuffer allocate(long bytes) {
        HeapBuffer b = new HeapBuffer(bytes);
        allocated.add(b);
        return b;
    }

    @Override
    public void upload(Object a, DeviceBuffer dst) {
        ByteBuffer b = ((HeapBuffer) dst).open();
        if (a instanceof double[]) {
            b.asDoubleBuffer().put((double[]) a);
        } else if (a instanceof float[]) {
            b.asFloatBuffer().put((float[]) a);
        } else if (a instanceof int[]) {
            b.asIntBuffer().put((int[]) a);
        } else {
            b.asLongBuffer().put((long[]) a);
        }
    }

    @Override
    public void download(DeviceBuffer src, ByteBuffer dst, long bytes) {
        dev.gridforge.runtime.spi.ByteDownloads.check(src, dst, bytes);
        ByteBuffer from = ((HeapBuffer) src).open().duplicate();
        from.clear().limit((int) bytes);
        ByteBuffer to = dst.duplicate();
        to.clear();
        to.put(from);
    }

    @Override
    public void download(DeviceBuffer src, Object a) {
        ByteBuffer b = ((HeapBuffer) src).open();
        if (a instanceof double[]) {
            b.asDoubleBuffer().get((double[]) a);
        } else if (a instanceof float[]) {
            b.asFloatBuffer().get((float[]) a);
        } else if (a instanceof int[]) {
            b.asIntBuffer().get((int[]) a);
        } else {
            b.asLongBuffer().get((long[]) a);
        }
    }

    /** How many times {@link #load} compiled something. */
    public int loads;

    @Override
    public DeviceKernel load(String source, String entry, List<String> defines) {
        loads++;
        return new Kernel(entry, source, List.copyOf(defines));
    }

    /** What {@link #binaryArchitectures()} answers: empty, so no kernel compiled at build time is looked for, unless a test sets it. */
    public List<String> binaryArchitectures = List.of();
    /** Kernels compiled at build time that {@link #loadPrecompiled} accepted, in order. */
    public final List<PrecompiledKernel> precompiledLoads = new ArrayList<>();
    /** When set, {@link #loadPrecompiled} throws it, as a device refusing a binary would. */
    public RuntimeException refusePrecompiled;
    /** When set, {@link #loadPrecompiled} answers null, as for a binary compiled with other options. */
    public boolean precompiledWithOtherOptions;

    @Override
    public List<String> binaryArchitectures() {
        return binaryArchitectures;
    }

    @Override
    public DeviceKernel loadPrecompiled(PrecompiledKernel kernel, String entry) {
        if (refusePrecompiled != null) {
            throw refusePrecompiled;
        }
        if (precompiledWithOtherOptions) {
            return null;
        }
        precompiledLoads.add(kernel);
        return new Kernel(entry, "precompiled for " + kernel.arch(), List.of());
    }

    /** What {@link #bands} answers. */
    public int bands = 1;
    /** The ready byte counts of each {@link #bandLaunched} call, by output. */
    public final List<long[]> bandsLaunched = new ArrayList<>();

    @Override
    public int bands(long outputBytes, int outer) {
        return bands;
    }

    @Override
    public void bandLaunched(List<DeviceBuffer> outputs, long[] readyBytes, int band) {
        assertEquals(bandsLaunched.size(), band, "bands are reported in order");
        bandsLaunched.add(readyBytes.clone());
    }

    @Override
    public void launch(DeviceKernel kernel, int[] grid, int[] block, List<Object> args) {
        if (failOnLaunch != null) {
            throw failOnLaunch;
        }
        launches.add(new LaunchCall((Kernel) kernel, grid.clone(), block.clone(), List.copyOf(args)));
    }

    @Override
    public void synchronize() {
        synchronizations++;
    }

    @Override
    public void copy(DeviceBuffer src, DeviceBuffer dst, long bytes) {
        ByteBuffer from = ((HeapBuffer) src).open();
        from.limit((int) bytes);
        ((HeapBuffer) dst).open().put(from);
    }

    /** Recording is not exercised on the heap accelerator: its launches only record anyway. */
    @Override
    public dev.gridforge.runtime.spi.Recording record(Runnable body) {
        throw new UnsupportedOperationException("the heap test accelerator does not record");
    }

    @Override
    public boolean isRecording() {
        return false;
    }

    /** A buffer holding {@code data}, as a launch result would. */
    public DeviceBuffer holding(double[] data) {
        DeviceBuffer b = allocate(8L * data.length);
        upload(data, b);
        return b;
    }
}
