package dev.gridforge.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.Mesh;
import dev.gridforge.runtime.cuda.Cuda;
import dev.gridforge.runtime.io.Npy;
import dev.gridforge.runtime.sim.CudaSimulator;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CLI run in-process, as {@code java -jar gridforge-samples.jar ...} would run it. */
class SamplesCommandLineTest {

    @TempDir
    Path dir;


    @Test
    void haversineOnTheJvmSavesTheResultAsANumpyArray() throws IOException {
        Path file = dir.resolve("z.npy");
        SampleRun r = SampleRun.of("haversine", "--n", "64", "--backend", "jvm", "--save", file.toString(), "--repeat", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("backend: jvm on the JVM"), r.out());
        assertTrue(r.out().contains("Z: shape (64, 64) float64"), r.out());
        assertTrue(r.out().contains("largest relative difference from Haversine.distance at 21 points: 0 (bit for bit)"), r.out());
        assertTrue(r.out().contains("first call:") && r.out().contains("compute:") && r.out().contains("to host:"), r.out());

        Npy.Array saved = Npy.read(file);
        assertArrayEquals(new int[] {64, 64}, saved.shape());
        Mesh mesh = Mesh.linspace(29, 31, 64, 99, 101, 64);
        double[] z = saved.doubles();
        for (int y = 0; y < 64; y += 7) {
            for (int x = 0; x < 64; x += 5) {
                assertEquals(Haversine.distance(mesh.coord(0, x), mesh.coord(1, y), 30, 101, 1), z[y * 64 + x],
                        "Z[" + y + "][" + x + "]");
            }
        }
    }

    @Test
    void cudaWithoutAGpuExitsWithCodeThreeAndAMessage() {
        assumeFalse(Cuda.isAvailable(), "a GPU is present here");
        SampleRun r = SampleRun.of("haversine", "--n", "8", "--backend", "cuda");
        assertEquals(Samples.EXIT_GRIDFORGE_ERROR, r.exitCode(), "3: a gridforge error, told apart from picocli's 2 for bad options");
        assertTrue(r.err().contains("CUDA"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void cudaSimulatorMatchesTheJvmBackend() throws IOException {
        assumeTrue(CudaSimulator.isAvailable(), "no C++ compiler for the CUDA simulator");
        Path sim = dir.resolve("sim.npy");
        Path jvm = dir.resolve("jvm.npy");
        SampleRun r = SampleRun.of("haversine", "--n", "48", "--backend", "cuda-sim", "--save", sim.toString(), "--repeat", "1");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("backend: cuda-sim on "), r.out());
        assertEquals(0, SampleRun.of("haversine", "--n", "48", "--backend", "jvm", "--save", jvm.toString(), "--repeat", "1").exitCode());
        double[] a = Npy.read(sim).doubles();
        double[] b = Npy.read(jvm).doubles();
        for (int k = 0; k < a.length; k++) {
            assertTrue(OracleCheck.relativeDifference(a[k], b[k]) <= 1e-12,
                    "element " + k + ": cuda-sim " + a[k] + ", jvm " + b[k]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--n=abc", "--n=0", "--backend=gpu", "--repeat=0", "--frobnicate"})
    void badOptionsPrintOneLineAndWhereTheUsageIs(String option) {
        SampleRun r = SampleRun.of("haversine", option);
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertTrue(r.err().contains("Run 'gridforge-samples haversine --help' for the options."), r.err());
        assertFalse(r.err().contains("Usage:"), "not the whole usage: " + r.err());
        assertTrue(r.err().lines().count() <= 4, r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    /** A directory where the file should go is found before the run, not after it. */
    @Test
    void aSavePathThatIsADirectoryIsRefusedBeforeRunning() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("taken.npy"));
        SampleRun r = SampleRun.of("haversine", "--n", "4", "--backend", "jvm", "--repeat", "1",
                "--save", dir.resolve("taken.npy").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--save: " + dir.resolve("taken.npy") + " is a directory; name a file in it"), r.err());
        assertFalse(r.out().contains("backend:"), "nothing ran: " + r.out());
    }

    /** A save path that cannot work is refused before the (possibly long) run, as a bad option. */
    @Test
    void aSavePathInAMissingDirectoryOrWithoutNpyIsRefusedBeforeRunning() {
        SampleRun missing = SampleRun.of("haversine", "--n", "4", "--backend", "jvm", "--save", dir.resolve("missing/dir/z.npy").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("--save: the directory " + dir.resolve("missing/dir") + " does not exist"),
                missing.err());
        assertFalse(missing.out().contains("backend:"), "nothing ran: " + missing.out());
        SampleRun txt = SampleRun.of("haversine", "--n", "4", "--backend", "jvm", "--save", dir.resolve("z.txt").toString());
        assertEquals(2, txt.exitCode());
        assertTrue(txt.err().contains("name the file so it ends in .npy"), txt.err());
    }

    @Test
    void withoutASubcommandTheSamplesAreListed() {
        SampleRun r = SampleRun.of();
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("Samples:") && r.out().contains("haversine"), r.out());
    }

    @Test
    void helpDescribesTheOptions() {
        SampleRun r = SampleRun.of("haversine", "--help");
        assertEquals(0, r.exitCode());
        for (String option : new String[] {"--n", "--backend", "--save", "--repeat", "cuda-sim"}) {
            assertTrue(r.out().contains(option), r.out());
        }
    }

    @Test
    void backendIdsAreTheCommandLineSpellings() {
        assertEquals(Backend.CUDA_SIM, new BackendConverter().convert("cuda-sim"));
    }
}
