package dev.gridforge.runtime.reduce;

import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.launch.KernelLoader;
import dev.gridforge.runtime.spi.Accelerator;
import dev.gridforge.runtime.spi.DeviceFaults;
import dev.gridforge.runtime.spi.DeviceBuffer;
import dev.gridforge.runtime.spi.DeviceKernel;
import java.util.List;

/**
 * Reductions of a device field on its device, by the kernels of {@code gf_reduce.cu}: a first
 * pass turns the field's n elements into at most {@link #MAX_BLOCKS} x {@link #THREADS} partials,
 * then passes over the partials (each thread taking at least {@link #PER_THREAD_LATER} of them)
 * until one is left, which is the only thing copied back (4 or 8 bytes). Every grid depends on n
 * alone, never on the device, so a result is the same on every run and every device.
 */
final class DeviceReductions {

    static final String SOURCE = "gf_reduce.cu";
    /** Threads per block of a pass (fewer when there is too little work). */
    static final int THREADS = 256;
    /** Blocks of the first pass at most: 262,144 threads, enough to fill an H200 (132 SMs x 2048). */
    static final int MAX_BLOCKS = 1024;
    /** Elements each thread of the first pass takes at least. */
    static final int PER_THREAD_FIRST = 16;
    /** Partials each thread of a later pass takes at least. */
    static final int PER_THREAD_LATER = 64;

    private DeviceReductions() {
    }

    /** The geometry of one pass over {@code m} values: blocks and threads per block. */
    record Pass(int blocks, int threads) {
        long total() {
            return (long) blocks * threads;
        }

        static Pass over(long m, int perThread, int maxBlocks) {
            long wanted = Math.max(1, (m + perThread - 1) / perThread);
            int threads = (int) Math.min(THREADS, wanted);
            int blocks = (int) Math.min(maxBlocks, (wanted + threads - 1) / threads);
            return new Pass(blocks, threads);
        }
    }

    /**
     * Reduces the {@code n >= 1} elements of {@code type} at the start of {@code field}, returning a
     * {@code Double} (double sums), {@code Float} (float min/max), {@code Integer} (int min/max) or
     * {@code Long} (integer sums, long min/max, counts).
     */
    static Number reduce(DeviceBuffer field, ElementType type, int n, Reduction op) {
        try (Prepared p = new Prepared(field, type, n, op)) {
            p.launch();
            return p.result();
        }
    }

    /**
     * A reduction made ready: its kernels loaded and its partials allocated once, so that
     * {@link #launch()} queues the passes alone (what a benchmark times) and {@link #result()}
     * copies back the one value left.
     */
    static final class Prepared implements AutoCloseable {
        private final Accelerator acc;
        private final DeviceBuffer field;
        private final int n;
        private final Kind acc0;
        private final DeviceKernel first;
        private final DeviceKernel later;
        private final Pass pass;
        private final DeviceBuffer a;
        private final DeviceBuffer b;
        private DeviceBuffer last;

        Prepared(DeviceBuffer field, ElementType type, int n, Reduction op) {
            this.acc = field.owner();
            this.field = field;
            this.n = n;
            this.acc0 = accumulator(type, op);
            this.first = kernel(acc, "gf_" + op.entryStem + "_" + suffix(type));
            this.later = kernel(acc, laterEntry(type, op));
            this.pass = Pass.over(n, PER_THREAD_FIRST, MAX_BLOCKS);
            Pass second = Pass.over(pass.total(), PER_THREAD_LATER, Integer.MAX_VALUE);
            this.a = acc.allocate(pass.total() * acc0.bytes);
            DeviceBuffer partials;
            try {
                partials = acc.allocate(second.total() * acc0.bytes);
            } catch (RuntimeException e) {
                a.close();
                throw e;
            }
            this.b = partials;
        }

        /** Queues every pass; the value is then in one element of the partials. */
        void launch() {
            launch(acc, first, pass, field, n, a);
            long m = pass.total();
            DeviceBuffer in = a;
            DeviceBuffer out = b;
            while (m > 1) {
                Pass p = Pass.over(m, PER_THREAD_LATER, Integer.MAX_VALUE);
                launch(acc, later, p, in, m, out);
                m = p.total();
                DeviceBuffer t = in;
                in = out;
                out = t;
            }
            last = in;
        }

        /** The value the last {@link #launch()} left (4 or 8 bytes copied back). */
        Number result() {
            if (last == null) {
                throw new IllegalStateException("no reduction launched yet");
            }
            Number result = acc0.download(acc, last);
            DeviceFaults.check(acc); // the field may be the result of a launch that read outside an array
            return result;
        }

        @Override
        public void close() {
            try (DeviceBuffer x = a; DeviceBuffer y = b) {
                last = null;
            }
        }

        private static void launch(Accelerator acc, DeviceKernel k, Pass p, DeviceBuffer in, long n, DeviceBuffer out) {
            acc.launch(k, new int[] {p.blocks(), 1, 1}, new int[] {p.threads(), 1, 1}, List.of(in, n, out));
        }
    }

    private static DeviceKernel kernel(Accelerator acc, String entry) {
        return KernelLoader.load(DeviceReductions.class, SOURCE, entry, acc, List.of());
    }

    private static String suffix(ElementType type) {
        return switch (type) {
            case DOUBLE -> "f64";
            case FLOAT -> "f32";
            case INT -> "i32";
            case LONG -> "i64";
        };
    }

    /** The entry point that combines the partials of {@code op} over {@code type}. */
    static String laterEntry(ElementType type, Reduction op) {
        return switch (op) {
            case SUM -> type == ElementType.DOUBLE || type == ElementType.FLOAT ? "gf_sum_f64" : "gf_sum_i64";
            case NON_FINITE -> "gf_sum_i64";
            case MIN, MAX -> "gf_" + op.entryStem + "_" + suffix(type);
        };
    }

    /** The type of the partials, as the kernels write them. */
    private enum Kind {
        DOUBLE(8), FLOAT(4), INT(4), LONG(8);

        final int bytes;

        Kind(int bytes) {
            this.bytes = bytes;
        }

        Number download(Accelerator acc, DeviceBuffer from) {
            switch (this) {
                case DOUBLE: {
                    double[] r = new double[1];
                    acc.download(from, r);
                    return r[0];
                }
                case FLOAT: {
                    float[] r = new float[1];
                    acc.download(from, r);
                    return r[0];
                }
                case INT: {
                    int[] r = new int[1];
                    acc.download(from, r);
                    return r[0];
                }
                default: {
                    long[] r = new long[1];
                    acc.download(from, r);
                    return r[0];
                }
            }
        }
    }

    private static Kind accumulator(ElementType type, Reduction op) {
        if (op == Reduction.NON_FINITE) {
            return Kind.LONG;
        }
        if (op == Reduction.SUM) {
            return type == ElementType.DOUBLE || type == ElementType.FLOAT ? Kind.DOUBLE : Kind.LONG;
        }
        return switch (type) {
            case DOUBLE -> Kind.DOUBLE;
            case FLOAT -> Kind.FLOAT;
            case INT -> Kind.INT;
            case LONG -> Kind.LONG;
        };
    }
}
