package dev.gridforge.runtime;

import dev.gridforge.runtime.launch.LoopContext;
import dev.gridforge.runtime.loop.NonFiniteScan;
import dev.gridforge.runtime.spi.Accelerator;
import dev.gridforge.runtime.spi.DeviceBuffer;
import dev.gridforge.runtime.spi.Recording;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Runs a step many times on fields that stay on the device. The state is a set of
 * {@link Ring}s (a field with its history); a step launches kernels that read the rings'
 * {@code now()} and {@code past(k)} fields and write their {@code next()} fields (with the
 * launchers' {@code ...Into} methods), and after each step every ring rotates. Nothing is
 * allocated or copied per step. A step that leaves a ring's {@code next()} unwritten, or writes
 * into its {@code now()} or a past value, is refused before the rotation, naming the ring.
 *
 * <pre>{@code
 * try (TimeLoop loop = TimeLoop.on(Backend.AUTO)) {
 *     Ring<DoubleField> u = loop.ring("u", u0, 1);          // u now, and one past value
 *     WaveKernels.Launcher k = WaveKernels.on(loop.backend());
 *     loop.watch(50, () -> "the Courant number is too large");
 *     loop.run(1, () -> k.firstInto(u.next(), u.now(), c2));
 *     loop.run(199, () -> k.stepInto(u.next(), u.now(), u.past(1), c2));
 *     double[] last = u.now().toArray();
 * }
 * }</pre>
 *
 * <p>On a device, runs of steps are recorded once (a CUDA graph on the GPU) and replayed, so
 * a step costs what its kernels cost, not a launch each from the host; a recorded step must
 * launch the same kernels with the same constants every time (a step that depends on the step
 * number: {@link #recordSteps recordSteps(false)}). The watchdog ({@link #watch}) checks at an
 * interval that the rings hold only finite values and, when one does not, finds the exact step
 * and cell and throws {@link DivergenceException}. {@link #frames} hands host copies of chosen
 * rings to a callback every k steps; {@link #progress} reports the steps done.
 *
 * <p>A loop is single-threaded: it belongs to the thread that made it, and a call from another
 * thread (to step it, set it up, take a frame or close it) throws, naming both threads; use one
 * loop per thread. Its counters ({@link #step()}, {@link #stepNanos()} and the like) may be read
 * from anywhere, and are exact on its own thread. Closing it frees every field it made.
 */
public final class TimeLoop implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TimeLoop.class.getName());

    /** At most this many steps are recorded into one replay: enough to hide per-launch costs, few enough to record fast. */
    static final int GRAPH_STEPS = 64;

    private final Backend backend;
    private final Accelerator accelerator; // null on the JVM
    /** The CUDA device the loop was made on (its thread's then), or -1 off CUDA: its runs and frames use it. */
    private final int cudaDevice;
    /** The thread that made the loop, the only one that may use it. */
    private final Thread owner = Thread.currentThread();
    private final List<Ring<?>> rings = new ArrayList<>();
    private final RingWrites writes = new RingWrites(rings);
    private final List<Field> owned = new ArrayList<>();
    private final NonFiniteScan scan = new NonFiniteScan();
    private final FrameDelivery frames = new FrameDelivery();
    private final LoopContext context;
    /** Device buffers a frame is copied into before it is downloaded off the loop's thread; reused, per ring. */
    private final Map<Ring<?>, java.util.concurrent.ConcurrentLinkedDeque<Field>> staging = new HashMap<>();
    private int watchEvery;
    private Supplier<String> hint = () -> "";
    private int framesEvery;
    private Consumer<Frame> onFrame;
    private Ring<?>[] frameRings = new Ring<?>[0];
    private LongConsumer onProgress;
    private int progressEvery;
    private boolean recordSteps = true;
    /** The window of every launch in the steps, or null. */
    private Window window;
    private long step;
    private long stepNanos;
    private long timedSteps;
    private long watchNanos;
    private long recordNanos;
    private long replays;
    /** Step bodies that have run a whole rotation one step at a time, so every kernel they launch is loaded. */
    private final Set<Runnable> warm = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** Recordings by step body, rotation phase and length: a body run again (after a warm-up) replays at once. */
    private final Map<RecordingKey, Recording> recordings = new HashMap<>();
    private boolean started;
    /** Inside {@link #run}: its steps, checks, frames and progress reports. */
    private boolean running;
    private boolean closed;
    /** Why the loop closed itself, or null. */
    private String closedBecause;
    private Snapshot snapshot;

    private TimeLoop(Backend backend) {
        this.backend = backend;
        this.cudaDevice = backend == Backend.CUDA ? Gridforge.cudaDevice() : -1;
        this.accelerator = backend.isDevice() ? Gridforge.accelerator(backend) : null;
        this.context = new LoopContext(backend, accelerator, writes::wrote);
    }

    /**
     * A loop on {@code backend} ({@code AUTO}: the default backend, as for launches). On CUDA, on
     * the calling thread's device ({@link Gridforge#cudaDevice()}), which the loop keeps: its
     * fields live there, and its runs (the step body, progress listeners) and frame callbacks run
     * with it as their thread's device, whichever device the thread is on otherwise.
     */
    public static TimeLoop on(Backend backend) {
        Objects.requireNonNull(backend, "backend");
        return new TimeLoop(Gridforge.resolve(backend));
    }

    /** {@code CUDA}, {@code JVM} or {@code CUDA_SIM}: where the fields live and the steps run. */
    public Backend backend() {
        return backend;
    }

    /** Steps run so far. */
    public long step() {
        return step;
    }

    /**
     * A ring named {@code name} (for messages) starting at {@code initial}: its value now and
     * every one of its {@code history} past values are copies of {@code initial} on this loop's
     * device. The loop never uses {@code initial} itself again: changing it later changes nothing
     * in the ring, and a step reads the ring's fields, not {@code initial}. {@code history} is 0
     * to 64; 0 keeps no past value ({@code past(k)} is refused), for a step that reads only
     * {@code now()}. Rings are made before the first step.
     */
    public <F extends Field> Ring<F> ring(String name, F initial, int history) {
        Objects.requireNonNull(initial, () -> "ring '" + name + "': initial field is null");
        return ring(name, Collections.nCopies(Math.max(1, history + 1), initial), history);
    }

    /**
     * A ring named {@code name} whose value now starts as a copy of {@code levels.get(0)} and
     * whose past value {@code past(k)} starts as a copy of {@code levels.get(k)}: a loop resumed
     * from a saved state, or a tile of a larger domain (gridforge-spark). Its history is
     * {@code levels.size() - 1}; every level has one shape and element type. As for
     * {@link #ring(String, Field, int)}, the loop keeps copies and never uses the fields given.
     */
    public <F extends Field> Ring<F> ring(String name, List<F> levels) {
        Objects.requireNonNull(levels, () -> "ring '" + name + "': levels is null");
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("ring '" + name + "': give at least the value now (levels.get(0))");
        }
        for (int k = 0; k < levels.size(); k++) {
            F level = levels.get(k);
            final int at = k;
            Objects.requireNonNull(level, () -> "ring '" + name + "': level " + at + " is null");
            if (level.getClass() != levels.get(0).getClass() || !level.shape().equals(levels.get(0).shape())) {
                throw new IllegalArgumentException("ring '" + name + "': level " + k + " (" + level + ") is not of the shape and"
                        + " element type of level 0 (" + levels.get(0) + ")");
            }
        }
        return ring(name, levels, levels.size() - 1);
    }

    private <F extends Field> Ring<F> ring(String name, List<F> levels, int history) {
        ensureOwner("ring(...)");
        ensureOpen();
        Ring.checkName(name);
        F initial = levels.get(0);
        for (F level : levels) {
            if (level.isClosed()) {
                throw new IllegalStateException("ring '" + name + "': initial field " + level + " is closed");
            }
        }
        if (history < 0 || history > 64) {
            throw new IllegalArgumentException("ring '" + name + "': history must be 0 to 64 past values, got " + history);
        }
        if (started) {
            throw new IllegalStateException("ring '" + name + "': rings are made before the loop's first step");
        }
        for (Ring<?> r : rings) {
            if (r.name().equals(name)) {
                throw new IllegalArgumentException("this loop already has a ring named '" + name + "'");
            }
        }
        @SuppressWarnings("unchecked") // a field of the same element type is of the same class
        F[] buffers = (F[]) Array.newInstance(initial.getClass(), history + 2);
        for (int i = 0; i < buffers.length; i++) {
            @SuppressWarnings("unchecked")
            F f = (F) newField(initial.elementType(), initial.shape());
            buffers[i] = f;
        }
        Ring<F> ring = new Ring<>(name, buffers);
        for (F b : buffers) {
            context.allow(b);
        }
        for (int k = 0; k <= history; k++) {
            copyInto(levels.get(k), ring.level(k));
        }
        rings.add(ring);
        return ring;
    }

    /**
     * A copy of {@code f} on this loop's device, for a field every step reads and none writes (a
     * mask, coefficients): on the GPU, a step's inputs must already be there. On the JVM, the
     * field itself. The copy belongs to the loop.
     */
    public <F extends Field> F resident(F f) {
        ensureOwner("resident(...)");
        ensureOpen();
        ensureIdle("resident(...)");
        Objects.requireNonNull(f, "field");
        if (accelerator == null && !f.isOnDevice()) {
            context.allow(f);
            return f;
        }
        @SuppressWarnings("unchecked") // a field of the same element type is of the same class
        F copy = (F) newField(f.elementType(), f.shape());
        copyInto(f, copy);
        context.allow(copy);
        return copy;
    }

    /**
     * Checks every {@code every} steps (and after the last) that every ring holds only finite
     * values. When one does not, the loop goes back to the state at the start of the run, runs to
     * the last good check, then step by step, and throws a {@link DivergenceException} naming the
     * exact step, the ring and the first bad cell, followed by {@code hint} (what to change, e.g.
     * a stability limit). The initial state is checked before the first step.
     */
    public TimeLoop watch(int every, Supplier<String> hint) {
        ensureOwner("watch(...)");
        ensureOpen();
        ensureIdle("watch(...)");
        if (every < 1) {
            throw new IllegalArgumentException("the watchdog's interval must be at least 1 step, got " + every);
        }
        this.watchEvery = every;
        this.hint = hint == null ? () -> "" : hint;
        return this;
    }

    /**
     * After every {@code every}-th step, {@code onFrame} receives host copies of {@code rings} (all
     * rings if none are named). The copy is taken at that step, on the device, and the loop goes
     * on stepping while a thread of its own downloads it and calls {@code onFrame}, in step order
     * (so the callback runs on that thread; at most two frames are in flight). A run returns once
     * its frames are delivered; a failure in {@code onFrame} is thrown by {@code run}.
     */
    public TimeLoop frames(int every, Consumer<Frame> onFrame, Ring<?>... rings) {
        ensureOwner("frames(...)");
        ensureOpen();
        ensureIdle("frames(...)");
        if (every < 1) {
            throw new IllegalArgumentException("frames are taken every 1 or more steps, got " + every);
        }
        this.framesEvery = every;
        this.onFrame = Objects.requireNonNull(onFrame, "onFrame");
        this.frameRings = rings.clone();
        return this;
    }

    /** {@code onProgress} receives the steps done, about every {@code every} steps and after the last. */
    public TimeLoop progress(int every, LongConsumer onProgress) {
        ensureOwner("progress(...)");
        ensureOpen();
        ensureIdle("progress(...)");
        if (every < 1) {
            throw new IllegalArgumentException("progress is reported every 1 or more steps, got " + every);
        }
        this.progressEvery = every;
        this.onProgress = Objects.requireNonNull(onProgress, "onProgress");
        return this;
    }

    /**
     * Every launch inside this loop's steps runs with {@code w}: the loop steps one tile of a larger
     * domain, on the tile's own fields, and its kernels' {@code @Index}, {@code @Extent} and
     * {@code @Coord} read global indices, extents and coordinates (a {@link Window}). A launch over a
     * mesh in such a step must be over the tile mesh of that window ({@link Mesh#tile}), and every
     * launch must have the window's rank; a kernel that reads an axis through {@code @Index},
     * {@code @Extent} or {@code @Coord} is refused where the window does not lie inside the global
     * domain on that axis. Set before the first step, like the rings; by default a loop has no
     * window (each launch has its own: the identity, or its tile mesh's).
     */
    public TimeLoop window(Window w) {
        ensureOwner("window(...)");
        ensureOpen();
        ensureIdle("window(...)");
        Objects.requireNonNull(w, "window");
        if (started) {
            throw new IllegalStateException("[TimeLoop] window(" + w + "): a loop's window is set before its first step");
        }
        this.window = w;
        context.window(w);
        return this;
    }

    /** The window set with {@link #window(Window)}, or empty when the loop has none (each launch then has its own). */
    public Optional<Window> window() {
        return Optional.ofNullable(window);
    }

    /** Whether runs of steps are recorded and replayed on a device (default true); off, every step is launched from the host. */
    public TimeLoop recordSteps(boolean record) {
        ensureOwner("recordSteps(...)");
        ensureOpen();
        ensureIdle("recordSteps(...)");
        this.recordSteps = record;
        return this;
    }

    /** Wall-clock time spent running steps (waiting for the device included), in nanoseconds; see {@link #timedSteps()}. */
    public long stepNanos() {
        return stepNanos;
    }

    /** The steps {@link #stepNanos()} covers: every step run, except those the watchdog ran again to find a divergence. */
    public long timedSteps() {
        return timedSteps;
    }

    /** Wall-clock time spent by the watchdog (checks, the snapshot, narrowing), in nanoseconds. */
    public long watchNanos() {
        return watchNanos;
    }

    /** How many recorded runs of steps were replayed. */
    public long replays() {
        return replays;
    }

    /** Wall-clock time spent recording runs of steps for replay (not part of {@link #stepNanos()}), in nanoseconds. */
    public long recordNanos() {
        return recordNanos;
    }

    /** How many runs of steps are recorded (each is replayed as a whole: a CUDA graph on the GPU). */
    public int recordings() {
        return recordings.size();
    }

    /**
     * Runs {@code body} {@code steps} times, rotating every ring after each. The body launches
     * kernels writing each ring's {@code next()} from its {@code now()} and past values.
     *
     * <p>What the body throws comes out as it is, and the loop stays at the last step it
     * completed ({@link #step()} and the rings agree), ready to run on. On a device a recorded
     * run of steps counts as a whole: the body is called for all its steps before any of them is
     * launched, so the loop is then at the step that run started from. A device that fails in
     * the middle of a recorded run may have written part of it: the loop then closes itself.
     *
     * <p>Runs follow one another: the body (or a progress listener) may not call {@code run},
     * change the loop's settings or close it.
     */
    @SuppressWarnings("try") // the device scope is only opened and closed
    public void run(int steps, Runnable body) {
        if (Thread.currentThread() != owner) {
            throw foreign("run(" + steps + ", ...)");
        }
        ensureOpen();
        if (running) {
            throw busy("run(" + steps + ", ...)");
        }
        Objects.requireNonNull(body, "body");
        if (steps < 1) {
            throw new IllegalArgumentException("a time loop runs 1 or more steps, got " + steps);
        }
        if (rings.isEmpty()) {
            throw new IllegalStateException("this loop has no rings: make its state with ring(name, initial, history) first");
        }
        started = true;
        Steps run = new Steps(body, graphLength(steps, warm.contains(body)));
        running = true;
        try (CudaDeviceScope device = onLoopDevice()) {
            try {
                runSteps(steps, run);
            } finally {
                frames.drainQuietly(); // no frame of this run is still being handed over once it returns or throws
            }
            frames.drain(); // a callback's failure
        } finally {
            running = false;
        }
    }

    private void runSteps(int steps, Steps run) {
        if (watchEvery > 0) {
            long t = System.nanoTime();
            try {
                Found bad = scanRings();
                if (bad != null) {
                    throw divergence(bad, step == 0 ? "before the first step" : "before this run (step " + step + ")");
                }
                snapshot = Snapshot.take(this);
            } finally {
                watchNanos += System.nanoTime() - t;
            }
        }
        long end = step + steps;
        long lastGood = step;
        while (step < end) {
            long boundary = nextBoundary(end);
            long t = System.nanoTime();
            long recordedBefore = recordNanos;
            long from = step;
            run.to(boundary);
            waitForDevice();
            stepNanos += System.nanoTime() - t - (recordNanos - recordedBefore);
            timedSteps += step - from;
            if (watchEvery > 0 && (step % watchEvery == 0 || step == end)) {
                long w = System.nanoTime();
                try {
                    Found bad = scanRings();
                    if (bad != null) {
                        narrow(run, lastGood, step);
                    }
                } finally {
                    watchNanos += System.nanoTime() - w;
                }
                lastGood = step;
            }
            if (onFrame != null && step % framesEvery == 0) {
                deliverFrame();
            }
            if (onProgress != null) {
                onProgress.accept(step);
            }
            queue = DEFAULT_QUEUE; // checks, snapshots and frame copies are queued on the default stream
        }
    }

    /** Copies the chosen rings now, on the device; downloads them and calls the callback off this thread. */
    private void deliverFrame() {
        frames.reserve();
        try {
            copyFrame();
        } catch (RuntimeException | Error e) {
            frames.unreserve();
            throw e;
        }
    }

    @SuppressWarnings("try") // the device scope is only opened and closed
    private void copyFrame() {
        long at = step;
        Consumer<Frame> callback = onFrame;
        List<Runnable> downloads = new ArrayList<>();
        Map<String, Field> fields = new java.util.concurrent.ConcurrentHashMap<>();
        for (Ring<?> r : frameRings.length == 0 ? rings.toArray(Ring<?>[]::new) : frameRings) {
            Field now = r.now();
            if (!now.isOnDevice()) {
                fields.put(r.name(), Field.onHost(now.elementType(), copyOf(now.hostData()), now.shape()));
                continue;
            }
            java.util.concurrent.ConcurrentLinkedDeque<Field> free = staging.computeIfAbsent(r,
                    k -> new java.util.concurrent.ConcurrentLinkedDeque<>());
            Field copy = free.poll();
            if (copy == null) {
                copy = newField(now.elementType(), now.shape());
            }
            copyInto(now, copy);
            Field staged = copy;
            downloads.add(() -> {
                fields.put(r.name(), Field.onHost(staged.elementType(), staged.hostData(), staged.shape()));
                free.push(staged);
            });
        }
        frames.submit(() -> {
            try (CudaDeviceScope device = onLoopDevice()) { // the frame thread's CUDA work goes to the loop's device
                downloads.forEach(Runnable::run);
                callback.accept(new Frame(at, fields));
            }
        });
    }

    /** Host copies of the rings' current values (all rings if none are named), with the step they are from. */
    public Frame frame(Ring<?>... chosen) {
        ensureOwner("frame(...)");
        ensureOpen();
        Map<String, Field> fields = new LinkedHashMap<>();
        for (Ring<?> r : chosen.length == 0 ? rings.toArray(Ring<?>[]::new) : chosen) {
            Field now = r.now();
            Object data = now.isOnDevice() ? now.hostData() : copyOf(now.hostData());
            fields.put(r.name(), Field.onHost(now.elementType(), data, now.shape()));
        }
        return new Frame(step, fields);
    }

    /**
     * Host copies of ring fields after some step.
     *
     * @param step the steps done when they were taken
     */
    public record Frame(long step, Map<String, Field> fields) {
        public Frame {
            fields = Map.copyOf(fields);
        }

        /** The copy of {@code ring}'s value, of the ring's field class. */
        @SuppressWarnings("unchecked") // made from the ring's own field, so of its class
        public <F extends Field> F field(Ring<F> ring) {
            Field f = fields.get(ring.name());
            if (f == null) {
                throw new IllegalArgumentException("this frame holds " + fields.keySet() + ", not '" + ring.name() + "'");
            }
            return (F) f;
        }
    }

    /** Closes the loop because {@code failure} left it in no state a step count describes; later calls say {@code why}. */
    private void closeAfter(String why, Throwable failure) {
        closedBecause = why;
        try {
            free();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Frees every field the loop made (rings, resident copies, the snapshot); idempotent. Not from inside a run. */
    @Override
    public void close() {
        ensureOwner("close()");
        ensureIdle("close()");
        free();
    }

    private void free() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        List<AutoCloseable> parts = new ArrayList<>();
        parts.add(frames);                     // frames in flight still read their staging buffers
        parts.addAll(recordings.values());     // a recording's graph must be done before its fields go
        parts.addAll(owned);
        if (snapshot != null) {
            parts.addAll(snapshot.copies());
        }
        parts.add(scan);
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            } catch (Exception e) {
                first = first == null ? new IllegalStateException(e) : first;
            }
        }
        recordings.clear();
        if (first != null) {
            throw first;
        }
    }

    // ---------------------------------------------------------------- stepping

    private record RecordingKey(Runnable body, long phase, int length) {
    }

    /** One run's step body, stepping one at a time or replaying its recordings (one per rotation phase). */
    private final class Steps {
        private final Runnable body;
        private final int graphLength;
        private long direct;

        Steps(Runnable body, int graphLength) {
            this.body = body;
            this.graphLength = graphLength;
        }

        /**
         * One call of the step body, as step {@code number} (from 1) of this loop: its launches are
         * checked against the loop, and it must write every ring's next(). The body is called on
         * the host for every step, launched one by one, recorded or replayed (a replay first
         * calls it to compare its launches), so each step is checked; a replay then runs exactly
         * the launches it recorded, whose steps passed the same check.
         */
        private void step(long number) {
            writes.begin();
            context.run(body);
            writes.check(number);
        }

        /**
         * Runs steps until {@code target}: recorded runs where enough steps are left, single steps
         * otherwise. The body runs once per step either way (so whatever it does on the host
         * happens every step); a recording is replayed only when the launches the body just made
         * are the recorded ones.
         */
        void to(long target) {
            int period = period();
            while (step < target) {
                boolean fits = recordSteps && graphLength > 0 && target - step >= graphLength;
                RecordingKey key = new RecordingKey(body, step % period, graphLength);
                Recording r = fits ? recordings.get(key) : null;
                if (r != null) {
                    onQueue(r);
                    Recording recorded = r;
                    if (whole(() -> recorded.replayIfSame(this::run))) {
                        replays++;
                    } else {
                        queue = DEFAULT_QUEUE;
                        stopRecording("its step launches something else each time (" + r.difference() + "); its steps are"
                                + " launched one by one from now on. A step whose constants change (a time t) can say so"
                                + " with recordSteps(false)");
                    }
                    step += graphLength;
                } else if (fits && (direct >= period || warm.contains(body))) {
                    // Only once every kernel has been launched, and so compiled and loaded, for real.
                    long t = System.nanoTime();
                    try {
                        r = whole(() -> accelerator.record(this::run));
                    } finally {
                        recordNanos += System.nanoTime() - t;
                    }
                    if (r == null) {
                        queue = DEFAULT_QUEUE; // the device could not record them and ran them one by one
                        stopRecording("the device could not record its steps (see the warning before)");
                    } else {
                        recordings.put(key, r);
                        onQueue(r);
                        r.replay();
                        replays++;
                    }
                    step += graphLength;
                } else {
                    one();
                }
            }
        }

        /** One step, launched from the host on the default stream. */
        void one() {
            onQueue(DEFAULT_QUEUE);
            step(step + 1);
            rings.forEach(Ring::advance);
            step++;
            if (++direct >= period()) {
                warm.add(body);
            }
        }

        /** The body for a whole recorded run: every step of it, rotating after each. */
        private void run() {
            try {
                for (int i = 0; i < graphLength; i++) {
                    step(step + i + 1);
                    rings.forEach(Ring::advance);
                }
            } catch (RuntimeException | Error e) {
                bodyFailed = true;
                throw e;
            }
        }

        /** Set when the body threw during the recorded run being collected. */
        private boolean bodyFailed;

        /**
         * Records or replays a whole run of steps ({@code launch} runs the body for each step, then
         * launches). The body's launches are only collected while it runs, and its rings rotate
         * on the host as it goes: when the body throws, nothing of the run has reached the
         * device, so the rings go back to where the run started and none of its steps is
         * counted. When the device fails once the body is done, some of the run's launches may
         * have written the rings, and no step count would describe them: the loop closes, and
         * says why when it is used again.
         */
        private <T> T whole(Supplier<T> launch) {
            int[] heads = heads();
            bodyFailed = false;
            try {
                return launch.get();
            } catch (RuntimeException | Error e) {
                heads(heads);
                if (!bodyFailed) {
                    closeAfter("a recorded run of steps " + (step + 1) + " to " + (step + graphLength) + " failed on the"
                            + " device after its launches began (" + e + "), so its rings may hold part of those steps", e);
                }
                throw e;
            }
        }
    }

    private void stopRecording(String why) {
        recordSteps = false;
        LOG.log(System.Logger.Level.WARNING, "gridforge: a time loop stopped replaying recorded steps: {0}", why);
    }

    /** Launches on the device's default stream: single steps, copies, checks. */
    private static final Object DEFAULT_QUEUE = new Object();

    /**
     * Where the last work was queued and may still run: null (nothing), {@link #DEFAULT_QUEUE} or
     * a recording (on its own stream). Streams do not wait for each other, so moving from one to
     * another waits for the device first.
     */
    private Object queue;

    private void onQueue(Object next) {
        if (queue != null && queue != next) {
            waitForDevice();
        }
        queue = next;
    }

    /** Buffers return to their places after this many steps: the least common multiple of the ring periods. */
    private int period() {
        int p = 1;
        for (Ring<?> r : rings) {
            p = lcm(p, r.period());
        }
        return p;
    }

    private static int lcm(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }

    /**
     * Steps per recording: a multiple of the period, no longer than the run (less its first
     * period, launched one by one so every kernel is compiled before recording, for a body that
     * has not run before) or than the shortest interval the loop stops at; 0 when there is
     * nothing to replay.
     */
    private int graphLength(int steps, boolean warmBody) {
        if (accelerator == null || !recordSteps) {
            return 0;
        }
        int period = period();
        // A body not yet warm launches its first period of steps one by one.
        int limit = Math.min(GRAPH_STEPS, warmBody ? steps : steps - period);
        for (int every : new int[] {watchEvery, framesEvery, progressEvery}) {
            if (every > 0) {
                limit = Math.min(limit, every);
            }
        }
        int length = limit / period * period;
        return length >= period && length > 1 ? length : 0;
    }

    /** The next step the loop stops at: the end, or the next check, frame or progress report. */
    private long nextBoundary(long end) {
        long b = end;
        for (int every : new int[] {watchEvery, framesEvery, progressEvery}) {
            if (every > 0) {
                b = Math.min(b, (step / every + 1) * every);
            }
        }
        return b;
    }

    /** Where each ring's rotation stands. */
    private int[] heads() {
        int[] heads = new int[rings.size()];
        for (int i = 0; i < heads.length; i++) {
            heads[i] = rings.get(i).head();
        }
        return heads;
    }

    /** Puts every ring's rotation back where {@link #heads()} found it. */
    private void heads(int[] heads) {
        for (int i = 0; i < heads.length; i++) {
            rings.get(i).head(heads[i]);
        }
    }

    private void waitForDevice() {
        if (accelerator != null) {
            accelerator.synchronize();
        }
        queue = null;
    }

    // ---------------------------------------------------------------- the watchdog

    private record Found(Ring<?> ring, long index) {
    }

    private Found scanRings() {
        for (Ring<?> r : rings) {
            long i = scan.first(r.now());
            if (i >= 0) {
                return new Found(r, i);
            }
        }
        return null;
    }

    /**
     * A check after step {@code failedAt} found a non-finite value: back to the state at the start
     * of this run, to the last good check without checking, then one step at a time with a check
     * after each. The steps are deterministic, so this finds the step that first went wrong.
     */
    private void narrow(Steps run, long lastGood, long failedAt) {
        waitForDevice();
        snapshot.restore(this);
        queue = DEFAULT_QUEUE;
        run.to(lastGood);
        while (step < failedAt) {
            run.one();
            Found bad = scanRings();
            if (bad != null) {
                throw divergence(bad, "in step " + step);
            }
        }
        Found bad = scanRings();
        throw divergence(bad != null ? bad : new Found(rings.get(0), 0), "between steps " + lastGood + " and " + failedAt
                + " (run again one step at a time it stayed finite: does a step read something that changes?)");
    }

    private DivergenceException divergence(Found bad, String when) {
        Field f = bad.ring().now();
        int[] cell = cellOf(f.shape(), bad.index());
        double value = valueAt(f, bad.index());
        StringBuilder cellText = new StringBuilder();
        for (int i = 0; i < cell.length; i++) {
            cellText.append(i == 0 ? "" : ", ").append(cell[i]);
        }
        String extra = hint.get();
        String message = "[Divergence] ring '" + bad.ring().name() + "' stopped being finite " + when + ": "
                + bad.ring().name() + "(" + cellText + ") = " + value + " (axis 0 first; the first such cell in memory order;"
                + " the watchdog checks every " + watchEvery + " steps and found the exact step by running them again)"
                + (extra == null || extra.isBlank() ? "" : ". " + extra);
        return new DivergenceException(message, step, bad.ring().name(), cell, value);
    }

    private static int[] cellOf(Shape shape, long index) {
        int[] cell = new int[shape.rank()];
        long rest = index;
        for (int axis = 0; axis < cell.length; axis++) {
            cell[axis] = (int) (rest % shape.extent(axis));
            rest /= shape.extent(axis);
        }
        return cell;
    }

    private static double valueAt(Field f, long index) {
        Object data = f.hostData();
        return ((Number) Array.get(data, (int) index)).doubleValue();
    }

    /** Copies of every ring's current and past values, and where each ring's rotation stood. */
    private record Snapshot(long step, int[] heads, List<Field> copies) {

        static Snapshot take(TimeLoop loop) {
            Snapshot old = loop.snapshot;
            List<Field> copies = new ArrayList<>();
            int at = 0;
            try {
                for (Ring<?> r : loop.rings) {
                    for (int k = 0; k <= r.history(); k++) {
                        Field copy = old != null ? old.copies.get(at) : loop.newField(r.elementType(), r.shape(), false);
                        copies.add(copy);
                        loop.copyInto(r.level(k), copy);
                        at++;
                    }
                }
            } catch (RuntimeException | Error e) {
                if (old == null) {
                    copies.forEach(Field::close); // no half snapshot left for the cleaner
                }
                throw e;
            }
            return new Snapshot(loop.step, loop.heads(), copies);
        }

        void restore(TimeLoop loop) {
            loop.step = step;
            loop.heads(heads);
            int at = 0;
            for (Ring<?> r : loop.rings) {
                for (int k = 0; k <= r.history(); k++) {
                    loop.copyInto(copies.get(at++), r.level(k));
                }
            }
        }
    }

    // ---------------------------------------------------------------- fields

    private Field newField(ElementType type, Shape shape) {
        return newField(type, shape, true);
    }

    /** A zeroed host field on the JVM, an uninitialised one on the device; owned by the loop if {@code own}. */
    private Field newField(ElementType type, Shape shape, boolean own) {
        Field f;
        if (accelerator == null) {
            f = Field.onHost(type, type.newArray(shape.size()), shape);
        } else {
            DeviceBuffer b = accelerator.allocate((long) shape.size() * type.bytes());
            f = Field.onDevice(type, b, shape, backend);
        }
        if (own) {
            owned.add(f);
        }
        return f;
    }

    /** Copies every element of {@code from} into {@code to}, which this loop made. */
    private void copyInto(Field from, Field to) {
        if (from.elementType() != to.elementType() || !from.shape().equals(to.shape())) {
            throw new IllegalArgumentException("cannot copy " + from + " into " + to);
        }
        DeviceBuffer src = from.deviceBuffer().orElse(null);
        DeviceBuffer dst = to.deviceBuffer().orElse(null);
        if (dst == null) {
            Object data = from.hostData();
            System.arraycopy(data, 0, to.hostData(), 0, Array.getLength(data));
        } else if (src != null && src.owner() == dst.owner()) {
            accelerator.copy(src, dst, (long) from.shape().size() * from.elementType().bytes());
        } else {
            accelerator.upload(from.hostData(), dst);
        }
    }

    private static Object copyOf(Object array) {
        int n = Array.getLength(array);
        Object copy = Array.newInstance(array.getClass().getComponentType(), n);
        System.arraycopy(array, 0, copy, 0, n);
        return copy;
    }

    /** On CUDA, a scope making the loop's device the calling thread's; null elsewhere (try-with-resources skips it). */
    private CudaDeviceScope onLoopDevice() {
        return cudaDevice < 0 ? null : Gridforge.onCudaDevice(cudaDevice);
    }

    /** Refuses {@code call} from any thread but the one that made the loop: one field compare. */
    private void ensureOwner(String call) {
        if (Thread.currentThread() != owner) {
            throw foreign(call);
        }
    }

    private IllegalStateException foreign(String call) {
        return new IllegalStateException("[TimeLoop] " + call + " was called on thread '" + Thread.currentThread().getName()
                + "', but this loop belongs to thread '" + owner.getName() + "', which made it: a TimeLoop is"
                + " single-threaded (its rings rotate and its steps are counted without locks). Use one loop per thread,"
                + " each with rings of its own, and call each loop only from the thread that made it");
    }

    /** Refuses {@code call} while a run is under way: from its step body, or a progress listener. */
    private void ensureIdle(String call) {
        if (running) {
            throw busy(call);
        }
    }

    private IllegalStateException busy(String call) {
        return new IllegalStateException("[TimeLoop] " + call + " was called while this loop is running its steps (from"
                + " its step body or a progress listener): a step body only launches its kernels, and a run keeps the"
                + " loop's settings until it returns. Run one run after another (loop.run(n, a); loop.run(m, b)), and"
                + " set the loop up or close it between runs");
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(closedBecause == null ? "this time loop is closed"
                    : "[TimeLoop] this time loop closed itself: " + closedBecause + ". Start a new loop");
        }
    }

    @Override
    public String toString() {
        return "TimeLoop[" + backend + (cudaDevice > 0 ? " device " + cudaDevice : "") + ", step " + step + ", rings " + rings + "]";
    }
}
