package dev.gridforge.benchmarks;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.Ring;
import dev.gridforge.runtime.TimeLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs one case on one backend and times it: checks that its fields fit before allocating any,
 * compiles and loads the kernel (timed apart), makes the inputs (random) and results once, warms
 * up, then times calls until enough repeats and enough time have passed. A problem small enough
 * to sit in the device's cache is given several input sets, used in turn.
 */
final class Harness {
    /** Bytes of input sets to rotate through: three times the H200's 50 MB L2 (a larger L2 would need more). */
    static final long ROTATE_BYTES = 3L * 50 * 1024 * 1024;
    static final int MAX_COPIES = 8;

    /**
     * How long to measure: {@code warmup} calls (fewer where one call takes long), then at least
     * {@code minRepeats} calls and {@code minSeconds}, at most {@code maxRepeats} calls; past
     * {@code maxSeconds} three calls do (a 5 s loop of a big grid on the JVM).
     */
    record Options(int warmup, int minRepeats, int maxRepeats, double minSeconds, double maxSeconds) {
        static Options standard() {
            return new Options(3, 10, 200, 0.5, 4);
        }

        static Options quick() {
            return new Options(1, 1, 1, 0, 0);
        }

        /** Exactly {@code n} timed calls. */
        static Options repeats(int n) {
            return new Options(3, n, n, 0, Double.POSITIVE_INFINITY);
        }

        boolean more(int done, double seconds) {
            if (done >= maxRepeats) {
                return false;
            }
            if (seconds >= maxSeconds) {
                return done < Math.min(3, minRepeats);
            }
            return done < minRepeats || seconds < minSeconds;
        }
    }

    private Harness() {
    }

    /**
     * A case made ready on a backend for another timer (JMH): its kernel compiled, one set of inputs
     * and results made; {@link #call()} is one launch (or run of steps) with them.
     */
    static final class Prepared implements PreparedCase {
        private final List<Field> made = new ArrayList<>();
        private final BenchCase c;
        private final Object launcher;
        private final List<BenchCase.Inputs> inputs = new ArrayList<>();
        private final List<Field[]> outputs = new ArrayList<>();
        private final TimeLoop loop;
        private final List<Ring<Field>> rings;
        private final double compileMillis;
        private int calls;
        private Field[] last;

        Prepared(BenchCase c, Backend requested) {
            Backend backend = Gridforge.resolve(requested);
            this.c = c;
            int copies = c.steps() == null ? copies(c, backend) : 1;
            checkFits(c, backend, copies);
            launcher = c.launcher(backend);
            compileMillis = c.prepare(launcher) / 1e6;
            try {
                for (int k = 0; k < copies; k++) {
                    inputs.add(inputs(c, backend, k, made));
                    if (c.steps() == null) {
                        outputs.add(outputs(c, backend, made));
                    }
                }
                loop = c.steps() == null ? null : TimeLoop.on(backend);
                rings = loop == null ? List.of() : rings(c, backend, loop, made);
            } catch (RuntimeException e) {
                made.forEach(Field::close);
                throw e;
            }
        }

        @Override
        public void call() {
            if (loop == null) {
                int k = calls++ % inputs.size();
                last = outputs.get(k);
                c.launch().run(launcher, inputs.get(k), last);
            } else {
                c.steps().run(launcher, loop, rings, inputs.get(0));
            }
        }

        /** The launcher's {@code prepare()}: compiling (or the cache) and loading. */
        double compileMillis() {
            return compileMillis;
        }

        @Override
        public int inputSets() {
            return inputs.size();
        }

        @Override
        public List<Field> results() {
            if (loop != null) {
                return rings.stream().map(Ring::now).toList();
            }
            if (last == null) {
                throw new IllegalStateException(c + ": call() it before asking for its results");
            }
            return List.of(last);
        }

        @Override
        public void close() {
            if (loop != null) {
                loop.close();
            }
            made.forEach(Field::close);
        }
    }

    /**
     * Input sets to rotate through: as many as make {@link #ROTATE_BYTES} (at most
     * {@link #MAX_COPIES}), so a small problem is read from memory and not from the cache; one
     * where they would not fit.
     */
    static int copies(BenchCase c, Backend backend) {
        long perCopy = Math.max(1, c.bytesPerCopy());
        int copies = (int) Math.max(1, Math.min(MAX_COPIES, (ROTATE_BYTES + perCopy - 1) / perCopy));
        return perCopy * copies > available(backend) * 0.8 ? 1 : copies;
    }

    /**
     * Times {@code c} on {@code requested}: the first call apart (loading, first touch, a loop's
     * recording), a warm-up, then calls until enough repeats and enough time; per call, or per
     * step of a loop.
     */
    static Measurement run(BenchCase c, Backend requested, Options options) {
        Backend backend = Gridforge.resolve(requested);
        try (Prepared p = new Prepared(c, backend)) {
            long first = System.nanoTime();
            p.call();
            Gridforge.synchronize();
            double firstSeconds = (System.nanoTime() - first) / 1e9;
            // a warm-up of about a second at most: a call of 2 s has had its first call
            int warmup = (int) Math.min(options.warmup(), Math.floor(1.0 / Math.max(firstSeconds, 1e-9)));
            for (int i = 0; i < warmup; i++) {
                p.call();
            }
            Gridforge.synchronize();
            int perCall = c.stepsPerCall();
            List<Double> device = new ArrayList<>();
            List<Double> wall = new ArrayList<>();
            long start = System.nanoTime();
            while (options.more(device.size(), (System.nanoTime() - start) / 1e9)) {
                long t0 = System.nanoTime();
                double d = Gridforge.deviceMillis(backend, p::call);
                Gridforge.synchronize();
                wall.add((System.nanoTime() - t0) / 1e6 / perCall);
                device.add(d / perCall);
            }
            return new Measurement(c, backend.id(), Gridforge.describe(backend), Measurement.toArray(device),
                    Measurement.toArray(wall), p.compileMillis(), p.inputSets(),
                    backend == Backend.CUDA ? "CUDA events" : "wall clock", p.results().stream().mapToLong(Field::countNonFinite).sum());
        }
    }

    /** A ring per result, each started from random values (the ring copies its start). */
    private static List<Ring<Field>> rings(BenchCase c, Backend backend, TimeLoop loop, List<Field> made) {
        List<Ring<Field>> rings = new ArrayList<>();
        for (int i = 0; i < c.outputs().size(); i++) {
            Field initial = RandomFields.random(c.outputs().get(i), c.shape(), 1000 + i, backend, c.ringRange(i), false);
            made.add(initial);
            rings.add(loop.ring("r" + i, initial, c.ringHistories().get(i)));
        }
        return rings;
    }

    private static BenchCase.Inputs inputs(BenchCase c, Backend backend, int copy, List<Field> made) {
        Field[] fields = new Field[c.inputs().size()];
        for (int i = 0; i < fields.length; i++) {
            BenchCase.Input in = c.inputs().get(i);
            fields[i] = RandomFields.random(in.type(), in.shape(), 31L * copy + i + 1, backend, in.range(), in.signed());
            made.add(fields[i]);
        }
        Object domain = switch (c.domain()) {
            case MESH -> Meshes.unit(c.shape());
            case SHAPE -> c.shape();
            case INPUTS -> null;
        };
        return new BenchCase.Inputs(domain, fields);
    }

    private static Field[] outputs(BenchCase c, Backend backend, List<Field> made) {
        Field[] out = new Field[c.outputs().size()];
        for (int i = 0; i < out.length; i++) {
            ElementType t = c.outputs().get(i);
            out[i] = RandomFields.zeros(t, c.shape(), backend);
            made.add(out[i]);
        }
        return out;
    }

    /** The bytes {@code backend} can still allocate: the device's free memory, or the JVM heap's room. */
    static long available(Backend backend) {
        if (backend.isDevice()) {
            return Gridforge.accelerator(backend).freeBytes();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /** Refuses, before allocating anything, a case whose fields do not fit. */
    static void checkFits(BenchCase c, Backend backend, int copies) {
        long needed = c.bytesPerCopy() * copies;
        long free = available(backend);
        // on the JVM, inputs bound for a device are made on the host first: a set at a time
        long host = backend.isDevice() ? c.bytesPerCopy() : 0;
        long hostFree = available(Backend.JVM);
        if (needed > free || host > hostFree) {
            throw new BenchmarkException(String.format(Locale.ROOT, "[BenchMemory] %s %s needs %s for its inputs and results"
                    + " on %s, and %s %s free%s: run a smaller size (@Bench(sizes = ...)), or give the JVM more heap (-Xmx)",
                    c.kernel(), c.size(), human(needed > free ? needed : host), needed > free ? backend.id() : "the JVM heap",
                    human(needed > free ? free : hostFree), needed > free && backend.isDevice() ? "is" : "are",
                    copies > 1 ? " (" + copies + " input sets)" : ""));
        }
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
