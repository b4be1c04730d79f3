package dev.gridforge.benchmarks;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.ElementType;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.Mesh;
import dev.gridforge.runtime.Ring;
import dev.gridforge.runtime.Shape;
import dev.gridforge.runtime.TimeLoop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * One benchmark of one kernel at one size, as the processor generates it for a kernel marked
 * {@code @Bench}: what the kernel is launched over (a mesh, a shape, or its input fields), its
 * inputs (filled with deterministic random data, never zeros), its results (written in place,
 * into fields made once), its constants (in the generated call), its static cost, and either one
 * launch per call or a recorded time loop of some steps. {@link Harness} runs it.
 */
public final class BenchCase {
    /** What a kernel runs over. */
    public enum Domain {
        /** A mesh: {@code Mesh.linspace} over [0, 1] along each axis, of the launch's shape. */
        MESH,
        /** A shape: the launch's. */
        SHAPE,
        /** Its input fields, of the launch's shape. */
        INPUTS
    }

    /**
     * One input: a field of the launch's shape (read at or around the point) or an array view of
     * its own shape, its random values in [lo, hi), or (both NaN) in the default range.
     */
    public record Input(String name, ElementType type, Shape shape, boolean array, double lo, double hi) {
        /** The range of its values, or null for the default. */
        RandomFields.Range range() {
            return Double.isNaN(lo) ? null : new RandomFields.Range(lo, hi);
        }

        /** Of either sign: an array view in the default range (weights, coefficients). */
        boolean signed() {
            return array && range() == null;
        }
    }

    /** The inputs of one call, in parameter order, and what the launch runs over. */
    public record Inputs(Object domain, Field[] fields) {
        public Mesh mesh() {
            return (Mesh) domain;
        }

        public Shape shape() {
            return (Shape) domain;
        }

        public Field get(int i) {
            return fields[i];
        }
    }

    /** One launch, its results written into {@code out}: generated as a call of the launcher's {@code ...Into}. */
    @FunctionalInterface
    public interface Launch {
        void run(Object launcher, Inputs in, Field[] out);
    }

    /** A run of steps of a time loop over the kernel's rings (one per result): generated as {@code loop.run(steps, ...)}. */
    @FunctionalInterface
    public interface Steps {
        void run(Object launcher, TimeLoop loop, List<Ring<Field>> rings, Inputs in);
    }

    private final String kernel;
    private final String launcherClass;
    private final String size;
    private final Shape shape;
    private final Domain domain;
    private final List<Input> inputs;
    private final List<ElementType> outputs;
    private final KernelCost cost;
    private final Function<Backend, Object> launcher;
    private final ToLongFunction<Object> prepare;
    private final Launch launch;
    private final Steps steps;
    private final int stepCount;
    private final List<Integer> ringHistories;
    private final java.util.Set<Backend> backends;
    private final Map<Integer, RandomFields.Range> ringRanges;

    private BenchCase(Builder b) {
        this.kernel = b.kernel;
        this.launcherClass = Objects.requireNonNull(b.launcherClass, "launcher");
        this.size = b.size;
        this.shape = Objects.requireNonNull(b.shape, "shape");
        this.domain = b.domain;
        this.inputs = List.copyOf(b.inputs);
        this.outputs = List.copyOf(b.outputs);
        this.cost = Objects.requireNonNull(b.cost, "cost");
        this.launcher = Objects.requireNonNull(b.launcher, "launcher");
        this.prepare = Objects.requireNonNull(b.prepare, "prepare");
        this.launch = b.launch;
        this.steps = b.steps;
        this.stepCount = b.stepCount;
        this.ringHistories = List.copyOf(b.ringHistories);
        this.backends = b.backends == null ? null : java.util.Set.copyOf(b.backends);
        this.ringRanges = Map.copyOf(b.ringRanges);
        if ((launch == null) == (steps == null)) {
            throw new IllegalStateException(kernel + " " + size + ": a case is one launch or a run of steps");
        }
    }

    /**
     * A case of {@code kernel} ({@code WaveKernels.step}) at {@code size} (the shape as written in
     * {@code @Bench}, {@code 1000x1000}).
     */
    public static Builder builder(String kernel, String size) {
        return new Builder(kernel, size);
    }

    /**
     * A case named {@code kernel} over what {@code twin} runs over: its size, shape, inputs (so the
     * same random values), results and static cost; a hand-written baseline of the same arithmetic
     * sets its own launcher and launch (or steps).
     */
    public static Builder like(BenchCase twin, String kernel) {
        Builder b = new Builder(kernel, twin.size).shape(twin.shape).domain(twin.domain).cost(twin.cost);
        b.inputs.addAll(twin.inputs);
        b.outputs.addAll(twin.outputs);
        b.ringRanges.putAll(twin.ringRanges);
        return b;
    }

    /** The launcher's simple name and the kernel's: {@code WaveKernels.step}. */
    public String kernel() {
        return kernel;
    }

    /** The launcher class's binary name, which the generated JMH class is named after. */
    public String launcherClass() {
        return launcherClass;
    }

    public String size() {
        return size;
    }

    public Shape shape() {
        return shape;
    }

    public Domain domain() {
        return domain;
    }

    public List<Input> inputs() {
        return inputs;
    }

    public List<ElementType> outputs() {
        return outputs;
    }

    /** {@code step}, or {@code loop of 200 steps}. */
    public String mode() {
        return steps == null ? "step" : "loop of " + stepCount + " steps";
    }

    /** The points of one launch (of one step of a loop). */
    public long points() {
        return shape.size();
    }

    /** Steps per call: 1, or the loop's. */
    public int stepsPerCall() {
        return steps == null ? 1 : stepCount;
    }

    /** What one point costs, as the processor counted it (a hand-written baseline takes its generated twin's). */
    public KernelCost kernelCost() {
        return cost;
    }

    /** The static cost of one launch at this size (one step of a loop). */
    public KernelCost.Cost cost() {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        long arrayBytes = 0;
        for (Input in : inputs) {
            if (in.array()) {
                shapes.put(in.name(), in.shape());
                arrayBytes += (long) in.shape().size() * in.type().bytes();
            }
        }
        return cost.evaluate(points(), arrayBytes, shapes);
    }

    /** The bytes one set of inputs and results takes (rings' past states included). */
    public long bytesPerCopy() {
        long bytes = 0;
        for (Input in : inputs) {
            bytes += (long) in.shape().size() * in.type().bytes();
        }
        for (int i = 0; i < outputs.size(); i++) {
            int history = ringHistories.isEmpty() ? 0 : ringHistories.get(i) + 1;
            bytes += (1L + history) * shape.size() * outputs.get(i).bytes();
        }
        return bytes;
    }

    /**
     * Whether this case runs on {@code backend} (resolved: jvm, cuda or cuda-sim): a generated
     * benchmark runs on every backend; a hand-written one can be kept to some.
     */
    public boolean runsOn(Backend backend) {
        return backends == null || backends.contains(backend);
    }

    /** Why this case cannot run on {@code backend}, for the line that says it did not. */
    String whyNotOn(Backend backend) {
        return "[BenchBackend] " + this + " runs on " + backends.stream().map(Backend::id).sorted().toList()
                + " only, not on " + backend.id();
    }

    Object launcher(Backend backend) {
        if (!runsOn(backend)) {
            throw new BenchmarkException(whyNotOn(backend));
        }
        return launcher.apply(backend);
    }

    /** Compiles and loads the kernel on the launcher's backend: the launcher's {@code prepare()}, nanoseconds. */
    long prepare(Object launcher) {
        return prepare.applyAsLong(launcher);
    }

    Launch launch() {
        return launch;
    }

    Steps steps() {
        return steps;
    }

    List<Integer> ringHistories() {
        return ringHistories;
    }

    /** The range ring {@code i} starts in, or null for the default. */
    RandomFields.Range ringRange(int i) {
        return ringRanges.get(i);
    }

    @Override
    public String toString() {
        return kernel + " " + size + " (" + mode() + ")";
    }

    /** Builds a case; the generated code calls it once per kernel, size and mode. */
    public static final class Builder {
        private final String kernel;
        private final String size;
        private String launcherClass;
        private Shape shape;
        private Domain domain = Domain.INPUTS;
        private final List<Input> inputs = new ArrayList<>();
        private final List<ElementType> outputs = new ArrayList<>();
        private KernelCost cost;
        private Function<Backend, Object> launcher;
        private ToLongFunction<Object> prepare;
        private Launch launch;
        private Steps steps;
        private int stepCount;
        private final List<Integer> ringHistories = new ArrayList<>();
        private java.util.Set<Backend> backends;
        private final Map<Integer, RandomFields.Range> ringRanges = new LinkedHashMap<>();

        private Builder(String kernel, String size) {
            this.kernel = Objects.requireNonNull(kernel, "kernel");
            this.size = Objects.requireNonNull(size, "size");
        }

        public Builder shape(Shape s) {
            this.shape = s;
            return this;
        }

        public Builder domain(Domain d) {
            this.domain = d;
            return this;
        }

        /** An input field of the launch's shape, in parameter order. */
        public Builder field(String name, ElementType type) {
            return field(name, type, Double.NaN, Double.NaN);
        }

        /** An input field whose random values are in [lo, hi) ({@code @Bench(values = "v=0.01..0.25")}). */
        public Builder field(String name, ElementType type, double lo, double hi) {
            inputs.add(new Input(name, type, Objects.requireNonNull(shape, "shape first"), false, lo, hi));
            return this;
        }

        /** An array view of its own shape, in parameter order. */
        public Builder array(String name, ElementType type, Shape arrayShape) {
            return array(name, type, arrayShape, Double.NaN, Double.NaN);
        }

        /** An array view whose random values are in [lo, hi). */
        public Builder array(String name, ElementType type, Shape arrayShape, double lo, double hi) {
            inputs.add(new Input(name, type, arrayShape, true, lo, hi));
            return this;
        }

        /** Ring {@code ring} of a time loop starts in [lo, hi) (its grid's {@code @Bench(values = ...)}). */
        public Builder ringValues(int ring, double lo, double hi) {
            ringRanges.put(ring, new RandomFields.Range(lo, hi));
            return this;
        }

        public Builder output(ElementType type) {
            outputs.add(type);
            return this;
        }

        public Builder cost(KernelCost c) {
            this.cost = c;
            return this;
        }

        /** The launcher class, the launcher on a backend ({@code WaveKernels::on}) and its {@code prepare()}. */
        public Builder launcher(Class<?> launcherType, Function<Backend, Object> on, ToLongFunction<Object> prepareIt) {
            this.launcherClass = launcherType.getName();
            this.launcher = on;
            this.prepare = prepareIt;
            return this;
        }

        /** Keeps the case to these backends (a plain-Java baseline: {@code Backend.JVM}); every backend when not called. */
        public Builder runsOn(Backend... only) {
            this.backends = java.util.Set.of(only);
            return this;
        }

        public Builder launch(Launch l) {
            this.launch = l;
            return this;
        }

        /** A recorded time loop of {@code count} steps a call, a ring per result with the given history each. */
        public Builder steps(int count, Steps s, Integer... histories) {
            if (count < 1) {
                throw new IllegalArgumentException(kernel + ": steps must be positive, got " + count);
            }
            this.stepCount = count;
            this.steps = s;
            ringHistories.addAll(List.of(histories));
            return this;
        }

        public BenchCase build() {
            return new BenchCase(this);
        }
    }
}
