package dev.gridforge.samples;

import dev.gridforge.runtime.Backend;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options every time-stepping sample takes: where to run, what to write, how often to look. */
final class LoopOptions {

    @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "auto",
            converter = BackendConverter.class, completionCandidates = BackendConverter.Candidates.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: the GPU when usable, else the JVM).")
    Backend backend;

    @Option(names = "--save", paramLabel = "FILE.npy", description = "Write the last state as a NumPy float64 array.")
    Path save;

    @Option(names = "--frames", paramLabel = "DIR", description = "Write a PNG picture every --every steps into DIR.")
    Path frames;

    @Option(names = "--gif", paramLabel = "FILE.gif", description = "Write the pictures as one animated GIF.")
    Path gif;

    @Option(names = "--colour-bar", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Draw a colour bar beside each picture, with its range's values; --no-colour-bar leaves it out"
                    + " (default: on). The step, the time and the axes are always drawn.")
    boolean colourBar;

    @Option(names = "--every", paramLabel = "K",
            description = "Steps between pictures (default: about 40 pictures over the run).")
    Integer every;

    @Option(names = "--watch", paramLabel = "K", defaultValue = "50",
            description = "Check every K steps that the fields are finite; the step and cell where one stops being"
                    + " finite are then found and reported (default: ${DEFAULT-VALUE}).")
    int watch;

    @Option(names = "--no-record", negatable = false,
            description = "Launch every step from the host instead of replaying recorded runs of steps (CUDA graphs).")
    boolean noRecord;

    void check(CommandSpec spec, int steps) {
        if (steps < 1) {
            throw new ParameterException(spec.commandLine(), "--steps must be at least 1, got " + steps);
        }
        if (watch < 1) {
            throw new ParameterException(spec.commandLine(), "--watch must be at least 1, got " + watch);
        }
        if (every != null && every < 1) {
            throw new ParameterException(spec.commandLine(), "--every must be at least 1, got " + every);
        }
        Outputs.checkFile(spec, "--save", save, "npy", "NumPy's .npy format");
        Outputs.checkFile(spec, "--gif", gif, "gif", "an animated GIF");
        Outputs.checkDirectory(spec, "--frames", frames);
    }

    boolean writesPictures() {
        return frames != null || gif != null;
    }

    /** Steps between pictures: --every, or about 40 pictures over the run. */
    int every(int steps) {
        return every != null ? every : Math.max(1, steps / 40);
    }
}
