package dev.gridforge.samples;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr for a long run, drawn only at a terminal: redirected to a file, a bar
 * redrawn four times a second would fill it. Elsewhere it does nothing.
 */
final class Progress implements AutoCloseable {

    private ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** No bar. */
    static Progress none() {
        return new Progress(null);
    }

    /** Whether a bar would be drawn: stdin and stdout are a terminal. */
    static boolean atTerminal() {
        return System.console() != null;
    }

    /** A bar counting {@code task} up to {@code max}, or nothing when not at a terminal. */
    static Progress start(String task, long max) {
        if (!atTerminal()) {
            return none();
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).build());
    }

    void stepTo(long done) {
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    void stepBy(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    /** Ends the bar (its last state stays on the terminal); again, nothing. */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
