package dev.gridforge.samples;

import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.io.Npy;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The points and output options seed 001's residual samples share (a picocli mixin): the points
 * from two float64 .npy files, or an n x n mesh over [0, 1]^2; alpha; the file the residual is
 * saved to. Checked before anything runs.
 */
final class ResidualPoints {

    private static final int MAX_N = 46_340;

    @Option(names = "--x", paramLabel = "X.npy", description = "x of every point, float64.")
    Path xFile;

    @Option(names = "--t", paramLabel = "T.npy", description = "t of every point, float64, the shape of x.")
    Path tFile;

    @Option(names = "--n", paramLabel = "N", description = "Without --x and --t: an n x n mesh over [0, 1]^2 (default: 1000).")
    private Integer n;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.05", description = "Diffusivity (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--save", paramLabel = "R.npy", description = "Write the residual, one value per point, in the shape of x.")
    Path save;

    /** Whether the points come from --x and --t (else from the mesh). */
    boolean fromFiles() {
        return xFile != null;
    }

    /** The mesh's points per axis. */
    int meshSize() {
        return n == null ? 1000 : n;
    }

    void check(CommandSpec spec) {
        if ((xFile == null) != (tFile == null)) {
            throw new ParameterException(spec.commandLine(), "--x and --t come together: the points' x and t");
        }
        if (xFile != null && n != null) {
            throw new ParameterException(spec.commandLine(), "--n makes a mesh; with --x and --t the points come from the files");
        }
        if (n != null && (n < 1 || n > MAX_N)) {
            throw new ParameterException(spec.commandLine(), "--n must be between 1 and " + MAX_N + ", got " + n);
        }
        if (!Double.isFinite(alpha)) {
            throw new ParameterException(spec.commandLine(), "--alpha must be a finite number, got " + alpha);
        }
        Outputs.checkFile(spec, "--save", save, "npy", "NumPy's .npy format");
    }

    /** x and t from their files, of one shape. */
    DoubleField[] readPoints(CommandSpec spec) {
        DoubleField x = read(spec, xFile, "--x");
        DoubleField t = read(spec, tFile, "--t");
        if (!x.shape().equals(t.shape())) {
            throw new ParameterException(spec.commandLine(), "--x has NumPy shape " + numpy(x) + " but --t has "
                    + numpy(t) + "; give t for every point of x");
        }
        return new DoubleField[] {x, t};
    }

    static DoubleField read(CommandSpec spec, Path file, String option) {
        try {
            return Npy.readDoubleField(file);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), option + ": cannot read " + file + ": " + e);
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    /** Writes the residual to --save, when given. */
    void write(DoubleField r) {
        try {
            Npy.write(save, r);
        } catch (IOException e) {
            throw new SampleFailure("cannot write " + save + ": " + e, e);
        }
    }

    /** A field's NumPy shape as Python writes it: (3,), (2, 5). */
    static String numpy(Field f) {
        return Npy.numpyShapeText(f.shape());
    }
}
