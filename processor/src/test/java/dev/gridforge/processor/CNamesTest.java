package dev.gridforge.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.sim.CudaSimulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C names of generated code (cuda.CNames): Java names that are C library functions or macros
 * run as their methods do, and no name the compilers' headers declare has a shape the names take.
 */
class CNamesTest {
    /** A user's local or parameter in C: letters, digits, single inner underscores, one underscore at the end. */
    private static final Pattern VARIABLE_SHAPE = Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*_");
    private static final Pattern IDENTIFIER = Pattern.compile("\\b[A-Za-z_][A-Za-z0-9_]*\\b");

    @Test
    void kernelsNamedLikeLibraryFunctionsGiveTheMethodsAnswerOnTheJvm() throws Exception {
        Compilation c = Compiler.compile(Compiler.kernelClass("import static dev.gridforge.Derivatives.d;\n", CNamesOracle.kernels()));
        assertTrue(c.errors().isEmpty(), c.errors().toString());
        ClassLoader loader = Compiler.loader(c);
        assertEquals(List.of(), CNamesOracle.check(loader.loadClass("test.K"), loader.loadClass("test.KKernels"), Backend.JVM));
    }

    /** In a JVM of its own: before, the first launch of {@code puts} crashed the JVM in libc. */
    @Test
    void kernelsNamedLikeLibraryFunctionsGiveTheMethodsAnswerOnTheSimulator() throws Exception {
        Assumptions.assumeTrue(CudaSimulator.isAvailable(), "skipped: no C++ compiler for the CUDA simulator (g++)");
        assertChildPasses("CUDA_SIM");
    }

    @Test
    @Tag("gpu")
    void kernelsNamedLikeLibraryFunctionsOnTheGpu() throws Exception {
        assertChildPasses("CUDA");
    }

    private static void assertChildPasses(String backend) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CNamesOracle.class.getName(), backend).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the child JVM did not finish: " + out);
        assertEquals(0, p.exitValue(), "the child JVM failed (exit " + p.exitValue() + "; 134 or 139 is a crash):\n" + out);
        assertTrue(out.contains(backend + ": "), out);
    }

    /** Every macro, and every identifier, the simulator's kernels see: none of a user variable's shape, none of ours. */
    @Test
    void noNameTheSimulatorsHeadersDeclareHasTheShapeOfOurs(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(CudaSimulator.isAvailable(), "skipped: no C++ compiler (g++)");
        Path header = dir.resolve("gf_sim.h");
        try (var in = CudaSimulator.class.getResourceAsStream("gf_sim.h")) {
            Files.write(header, in.readAllBytes());
        }
        Path empty = Files.writeString(dir.resolve("empty.cpp"), "\n");
        List<String> base = List.of("g++", "-std=c++17", "-include", header.toString(), "-x", "c++", empty.toString());
        Set<String> clashes = new TreeSet<>();
        for (String id : identifiers(dir, base, "-E")) {
            if (VARIABLE_SHAPE.matcher(id).matches() || isOurs(id) && !id.startsWith("gf_sim") && !id.startsWith("GF_SIM")
                    && !Set.of("GF_IN", "GF_OUT", "gf_checked_in", "gf_checked_out").contains(id)) {
                clashes.add(id);
            }
        }
        assertEquals(Set.of(), clashes, "names in the simulator's headers that generated names could take");
    }

    /** NVRTC's headers are not on disk; nvcc's are a superset of what NVRTC declares. Their macros, at least. */
    @Test
    void noMacroOfTheCudaHeadersHasTheShapeOfOurs(@TempDir Path dir) throws Exception {
        Path nvcc = Path.of(System.getenv().getOrDefault("CUDA_HOME", "/usr/local/cuda"), "bin", "nvcc");
        Assumptions.assumeTrue(Files.isExecutable(nvcc), "skipped: no nvcc at " + nvcc);
        Path empty = Files.writeString(dir.resolve("empty.cu"), "\n");
        Set<String> clashes = new TreeSet<>();
        for (String id : identifiers(dir, List.of(nvcc.toString(), "-x", "cu", empty.toString()), "-E", "-Xcompiler", "-dM")) {
            if (VARIABLE_SHAPE.matcher(id).matches() || isOurs(id)) {
                clashes.add(id);
            }
        }
        assertEquals(Set.of(), clashes, "macros of the CUDA headers that generated names could take");
    }

    private static boolean isOurs(String id) {
        return id.startsWith("gf_") || id.startsWith("GF_");
    }

    /** The identifiers in what the preprocessor prints with {@code options} (the macros' names with -dM). */
    private static Set<String> identifiers(Path dir, List<String> command, String... options) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command.subList(0, 1));
        full.addAll(List.of(options));
        full.addAll(command.subList(1, command.size()));
        Path out = dir.resolve("out.txt");
        full.addAll(List.of("-o", out.toString()));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).directory(dir.toFile()).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0, full + ":\n" + log);
        Set<String> ids = new TreeSet<>();
        for (String line : Files.readAllLines(out)) {
            if (line.startsWith("#define ")) {
                Matcher m = IDENTIFIER.matcher(line.substring(8));
                if (m.find()) {
                    ids.add(m.group());
                }
            } else if (!line.startsWith("#")) {
                Matcher m = IDENTIFIER.matcher(line);
                while (m.find()) {
                    ids.add(m.group());
                }
            }
        }
        return ids;
    }
}
