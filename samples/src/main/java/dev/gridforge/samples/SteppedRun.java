package dev.gridforge.samples;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DivergenceException;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Gridforge;
import dev.gridforge.runtime.Ring;
import dev.gridforge.runtime.TimeLoop;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * What the time-stepping samples share around their {@link TimeLoop}: compiling the kernels up
 * front (so the compile is timed on its own), the watchdog, pictures of one ring, a progress bar
 * on long runs at a terminal, and the report of the timings.
 */
final class SteppedRun implements AutoCloseable {
    /** Exit code when the watchdog stopped a run whose fields stopped being finite. */
    static final int EXIT_DIVERGED = 4;

    private final PrintWriter out;
    private final LoopOptions options;
    private final Backend backend;
    private final TimeLoop loop;
    private FrameWriter pictures;
    private Progress bar;
    /** Whether the run ended as runs end, to the last step or stopped by the watchdog: then its animation is kept. */
    private boolean ended;

    SteppedRun(PrintWriter out, LoopOptions options) {
        this.out = out;
        this.options = options;
        this.backend = Gridforge.resolve(options.backend);
        this.loop = TimeLoop.on(backend).recordSteps(!options.noRecord);
    }

    Backend backend() {
        return backend;
    }

    TimeLoop loop() {
        return loop;
    }

    void printBackend() {
        out.printf("backend: %s on %s%n", backend, Gridforge.describe(backend));
    }

    /** Prints how long compiling and loading a launcher's kernels took (its {@code prepare}: NVRTC or the cache), on a device. */
    void compiled(long nanos, int kernels) {
        if (backend.isDevice()) {
            out.printf("compile:      %s (%s; %s)%n", KernelTimings.format(nanos), count(kernels, "kernel"),
                    backend == Backend.CUDA ? "NVRTC to CUBIN, or the disk cache" : "g++, or the simulator's disk cache");
        }
    }

    /** Pictures of {@code ring} every --every steps, the initial state first. */
    void pictures(Ring<DoubleField> ring, int steps, PictureStyle style) {
        if (!options.writesPictures()) {
            return;
        }
        var shape = ring.now().shape();
        FramePainter painter = new FramePainter(style, shape.extent(0), shape.extent(1), steps, options.colourBar);
        try {
            pictures = new FrameWriter(options.frames, options.gif, painter, style);
        } catch (IOException e) {
            throw new SampleFailure("cannot write pictures: " + e, e);
        }
        picture(loop.frame(ring).field(ring), 0);
        loop.frames(options.every(steps), f -> picture(f.field(ring), f.step()), ring);
    }

    private void picture(DoubleField f, long step) {
        try {
            pictures.write(f.toArray(), step);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last picture, if the last step was not one of the --every steps. */
    void lastPicture(Ring<DoubleField> ring, int steps) {
        if (pictures != null && loop.step() % options.every(steps) != 0) {
            picture(loop.frame(ring).field(ring), loop.step());
        }
    }

    /** A progress bar on stderr for runs of more than a few seconds, only at a terminal (elsewhere the loop has no listener). */
    void progress(int steps) {
        if (steps < 500 || !Progress.atTerminal()) {
            return;
        }
        bar = Progress.start("steps", steps);
        loop.progress(Math.max(1, steps / 200), done -> bar.stepTo(done));
    }

    /** Runs {@code body}; a divergence is reported (its diagnosis and the timings so far) and becomes the exit code. */
    int run(Runnable body) {
        try {
            body.run();
        } catch (DivergenceException e) {
            ended = true; // its pictures up to the divergence show how it blew up
            closeBar();
            out.println("diverged: " + e.getMessage());
            report();
            return EXIT_DIVERGED;
        }
        ended = true;
        closeBar();
        report();
        return 0;
    }

    private void report() {
        long steps = loop.timedSteps();
        if (steps > 0) {
            out.printf("time/step:    %s (%s in %s; %s)%n", KernelTimings.format(loop.stepNanos() / steps),
                    count(steps, "step"), KernelTimings.format(loop.stepNanos()), loop.replays() > 0
                            ? count(loop.replays(), "recorded run") + " of steps replayed" : "every step launched from the host");
        }
        if (loop.recordings() > 0) {
            out.printf("recording:    %s (%s of steps recorded for replay, once each)%n",
                    KernelTimings.format(loop.recordNanos()), count(loop.recordings(), "run"));
        }
        out.printf("watchdog:     %s (finite check every %d steps)%n", KernelTimings.format(loop.watchNanos()), options.watch);
        if (pictures != null) {
            out.printf("pictures:     %d%s%s%n", pictures.written(), options.frames == null ? "" : " PNG in " + options.frames,
                    options.gif == null ? "" : (options.frames == null ? "" : " and") + " animated in " + options.gif);
            String clipped = pictures.clippingReport();
            if (clipped != null) {
                out.println("clipped:      " + clipped);
            }
        }
    }

    /** "1 step", "2 steps". */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    /**
     * The loop first: its frames are all handed over before the pictures are finished. A run that
     * failed drops its animation, leaving an earlier run's in place.
     */
    @Override
    public void close() {
        closeBar();
        try {
            loop.close();
        } finally {
            try {
                if (pictures != null && ended) {
                    pictures.finish();
                } else if (pictures != null) {
                    pictures.close();
                }
            } catch (IOException e) {
                throw new SampleFailure("cannot finish " + options.gif + ": " + e, e);
            }
        }
    }
}
