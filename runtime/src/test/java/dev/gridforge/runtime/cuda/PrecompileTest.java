package dev.gridforge.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.spi.PrecompiledKernel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kernels compiled at build time: {@link Precompile} on a classes directory, with the real NVRTC
 * where there is one (CI installs Debian's NVRTC 11.8), and the files it writes read back as the
 * runtime reads them. Loading them on a device is a GPU test ({@code CudaGpuTest}).
 */
class PrecompileTest {

    private static final int EM_CUDA = 190;

    @TempDir
    Path classes;

    private static String resource(String kernel) {
        try (InputStream in = PrecompileTest.class.getResourceAsStream("/dev/gridforge/runtime/launch/TestKernels." + kernel + ".cu")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean nvrtcCompilesFor(int arch) {
        try {
            return Arrays.stream(Nvrtc.load(null).supportedArchs()).anyMatch(a -> a == arch);
        } catch (dev.gridforge.runtime.CudaUnavailableException e) {
            return false;
        }
    }

    private static Precompile.Capability cc(int major, int minor) {
        return new Precompile.Capability(major, minor);
    }

    @Test
    void readsComputeCapabilitiesAsUsersWriteThem() {
        assertEquals(List.of(cc(8, 0), cc(9, 0)), Precompile.parseArchitectures("80,90"));
        assertEquals(List.of(cc(8, 0), cc(9, 0)), Precompile.parseArchitectures(" 8.0, 9.0 "));
        assertEquals(List.of(cc(8, 6), cc(10, 0), cc(12, 0)), Precompile.parseArchitectures("sm_86 sm_100,120"));
        assertEquals(List.of(cc(9, 0)), Precompile.parseArchitectures("90,9.0,sm_90"));
        assertEquals(List.of(), Precompile.parseArchitectures(""));
        assertEquals(List.of(), Precompile.parseArchitectures("none"));
        for (String bad : List.of("9", "H100", "sm_9x", "9.10", "090", "80;90")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precompile.parseArchitectures(bad), bad);
            assertTrue(e.getMessage().contains("is not a compute capability"), e.getMessage());
        }
    }

    @Test
    void cubinsOfTheSameMajorVersionRunOnLaterMinorOnes() {
        assertEquals(List.of("sm_90"), CudaAccelerator.binaryArchitectures(9, 0));
        assertEquals(List.of("sm_86", "sm_85", "sm_84", "sm_83", "sm_82", "sm_81", "sm_80"), CudaAccelerator.binaryArchitectures(8, 6));
    }

    @Test
    void nothingListedMeansNothingDone() throws IOException {
        Files.writeString(classes.resolve("K.a.cu"), resource("affine1"));
        assertEquals(0, Precompile.run(classes, List.of(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        try (var files = Files.list(classes)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void compilesEveryKernelButSpecialisedOnesForEachArchitecture() throws IOException {
        Assumptions.assumeTrue(nvrtcCompilesFor(90) && nvrtcCompilesFor(75), "skipped: no NVRTC that compiles for sm_75 and sm_90 here");
        Path pkg = Files.createDirectories(classes.resolve("com/example"));
        String affine1 = resource("affine1");
        String affine2 = resource("affine2");
        String specialised = "#ifndef GF_CONST_scale\n#error \"GF_CONST_scale is defined by the gridforge runtime\"\n#endif\n" + affine1;
        Files.writeString(pkg.resolve("TestKernels.affine1.cu"), affine1);
        Files.writeString(pkg.resolve("TestKernels.affine2.cu"), affine2);
        Files.writeString(pkg.resolve("TestKernels.special.cu"), specialised);
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        int written = Precompile.run(classes, List.of(cc(9, 0), cc(7, 5)), new PrintStream(log, true, StandardCharsets.UTF_8));

        String said = log.toString(StandardCharsets.UTF_8);
        assertEquals(6, written, said); // two kernels and the runtime's watchdog, for two architectures
        assertTrue(said.matches("(?s)gridforge: 2 kernels \\(and the runtime's time-loop watchdog\\) compiled at build time for"
                + " sm_90, sm_75 with NVRTC [0-9.]+ in [0-9.]+ s;"
                + " 1 with specialised constants compile at run time\\s*"), said);
        assertFalse(Files.exists(pkg.resolve("TestKernels.special.cu.sm_90.cubin")));
        String watch = Precompile.RUNTIME_KERNELS.get(0);
        for (String arch : List.of("sm_90", "sm_75")) {
            checkBinary(pkg.resolve("TestKernels.affine1.cu." + arch + ".cubin"), arch, affine1, "affine1");
            checkBinary(pkg.resolve("TestKernels.affine2.cu." + arch + ".cubin"), arch, affine2, "affine2");
            String watchSource = new String(PrecompileTest.class.getClassLoader().getResourceAsStream(watch).readAllBytes(), StandardCharsets.UTF_8);
            checkBinary(classes.resolve(watch + "." + arch + ".cubin"), arch, watchSource, "gf_first_nonfinite_f64");
            assertEquals(List.of("com/example/TestKernels.affine1.cu." + arch + ".cubin", "com/example/TestKernels.affine2.cu." + arch + ".cubin",
                    watch + "." + arch + ".cubin"), Files.readAllLines(classes.resolve(PrecompiledKernel.indexResource(arch))));
        }
        try (var files = Files.walk(classes)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file is left");
        }
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(pkg.resolve("TestKernels.affine1.cu.sm_90.cubin"))), "readable as the class files are");

        // A later build for sm_75 only ships sm_75: what the first left for sm_90 is gone, index included.
        assertEquals(3, Precompile.run(classes, List.of(cc(7, 5)), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertFalse(Files.exists(pkg.resolve("TestKernels.affine1.cu.sm_90.cubin")));
        assertFalse(Files.exists(classes.resolve(watch + ".sm_90.cubin")));
        assertFalse(Files.exists(classes.resolve(PrecompiledKernel.indexResource("sm_90"))));
        assertTrue(Files.exists(pkg.resolve("TestKernels.affine1.cu.sm_75.cubin")));
        // And a build listing none ships none.
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        assertEquals(0, Precompile.run(classes, List.of(), new PrintStream(none, true, StandardCharsets.UTF_8)));
        assertTrue(none.toString(StandardCharsets.UTF_8).startsWith("gridforge: no compute capabilities listed"), none.toString());
        try (var files = Files.walk(classes)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".cubin") || p.toString().contains("META-INF/gridforge/cubins/")));
        }
        assertTrue(Files.exists(pkg.resolve("TestKernels.affine1.cu")), "the sources stay");
    }

    /** What the runtime checks before loading: this source, these options, a CUDA ELF naming the entry. */
    private static void checkBinary(Path file, String arch, String source, String entry) throws IOException {
        PrecompiledKernel k = PrecompiledKernel.decode(Files.readAllBytes(file));
        assertEquals(arch, k.arch());
        assertTrue(k.compiledFrom(source), file.toString());
        assertEquals(CompileOptions.forTarget(new CompileTarget(arch, OutputKind.CUBIN)), k.options(),
                "the options the CUDA backend would compile with, so the runtime accepts it");
        byte[] elf = k.binary();
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, Arrays.copyOf(elf, 4));
        assertEquals(EM_CUDA, ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).getShort(18));
        assertTrue(new String(elf, StandardCharsets.ISO_8859_1).contains(entry + "\0"), entry + " in " + file);
    }

    @Test
    void architectureThisNvrtcCannotCompileForIsLeftToRunTime() throws IOException {
        Assumptions.assumeTrue(nvrtcCompilesFor(90) && !nvrtcCompilesFor(200), "skipped: no NVRTC here");
        Files.writeString(classes.resolve("K.a.cu"), resource("affine1"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int written = Precompile.run(classes, List.of(cc(20, 0)), new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(0, written);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("cannot make a CUBIN for sm_200; kernels for it compile at run time"), log.toString());
        assertFalse(Files.exists(classes.resolve(PrecompiledKernel.indexResource("sm_200"))));
    }

    @Test
    void withoutNvrtcItSaysSoAndWritesNothing() throws IOException {
        Files.writeString(classes.resolve("K.a.cu"), resource("affine1"));
        String before = System.getProperty(NvrtcLocator.PROPERTY);
        System.setProperty(NvrtcLocator.PROPERTY, NvrtcLocator.SWITCHED_OFF);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try {
            assertEquals(0, Precompile.run(classes, List.of(cc(9, 0)), new PrintStream(log, true, StandardCharsets.UTF_8)));
        } finally {
            if (before == null) {
                System.clearProperty(NvrtcLocator.PROPERTY);
            } else {
                System.setProperty(NvrtcLocator.PROPERTY, before);
            }
        }
        assertEquals("gridforge: no kernels compiled at build time, NVRTC is not here (NVRTC is switched off (-Dgridforge.nvrtc.library=none));"
                + " they compile at run time instead", log.toString(StandardCharsets.UTF_8).strip());
        try (var files = Files.list(classes)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void missingClassesDirectoryIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Precompile.run(classes.resolve("nowhere"), List.of(cc(9, 0)), System.out));
        assertTrue(e.getMessage().startsWith("no classes directory"), e.getMessage());
    }
}
