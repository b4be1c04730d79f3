package dev.gridforge.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine with the NVIDIA driver's libcuda.so.1 but no GPU behind it (a container started
 * without the device, {@code CUDA_VISIBLE_DEVICES=}, a broken kernel module): JCuda's native
 * library loads, {@code cuInit} fails, and gridforge must say so and fall back to the JVM on
 * {@code auto}. Runs a child JVM with the driver library on its loader path;
 * {@code scripts/install-cuda-host-libs.sh} unpacks Debian's libcuda1 for it. Skipped, saying so,
 * where that library is not there.
 */
class DriverWithoutGpuTest {

    @Test
    void cuInitFailsWithANamedErrorAndAutoFallsBackToTheJvm(@TempDir Path dir) throws Exception {
        Path driverDir = driverDirectory();
        Assumptions.assumeTrue(Files.isRegularFile(driverDir.resolve("libcuda.so.1")),
                "skipped: no driver library at " + driverDir + " (scripts/install-cuda-host-libs.sh unpacks one)");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // Native access granted as the surefire fork has it: on JDK 24+ the child would warn when JCuda loads.
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), ProbeReport.class.getName()).redirectErrorStream(true);
        Path log = dir.resolve("probe.txt");
        pb.redirectOutput(log.toFile()); // a file, not a pipe: a hung cuInit must not hang the read
        pb.environment().put("LD_LIBRARY_PATH", driverDir.toString());
        pb.environment().remove("GRIDFORGE_BACKEND");
        Process p = pb.start();
        boolean finished = p.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, "the child JVM did not finish in 60 s:\n" + out);
        assertEquals(0, p.exitValue(), out);
        assertFalse(out.contains("WARNING: A restricted method"), out);
        Map<String, String> report = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                report.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertEquals("false", report.get("available"), out);
        String reason = report.get("reason");
        assertTrue(reason.contains("the CUDA driver did not initialise"), reason);
        assertTrue(reason.matches(".*\\[Cuda] CUDA_ERROR_\\w+ while initialising the CUDA driver \\(cuInit\\).*"), reason);
        assertTrue(!reason.contains("libcuda.so.1 from an NVIDIA driver"), "the driver library did load: " + reason);
        if (reason.contains("CUDA_ERROR_NO_DEVICE")) {
            assertTrue(reason.contains("sees no GPU") && reason.contains("CUDA_VISIBLE_DEVICES"), reason);
        }
        assertEquals("jvm", report.get("auto"), out);
        String cuda = report.get("cuda");
        assertTrue(cuda.startsWith("CudaUnavailableException: The CUDA backend was requested but cannot run here"), cuda);
        assertTrue(cuda.contains("cuInit") && cuda.endsWith("set -Dgridforge.backend=jvm."), cuda);
        assertEquals("0", report.get("count"), out);
        String five = report.get("device5");
        assertTrue(five.startsWith("CudaUnavailableException: The CUDA backend was requested on CUDA device 5 (Gridforge.onCudaDevice)"
                + " but cannot run here") && five.contains("cuInit"), five);
        System.out.println("[driver without GPU] " + reason);
    }

    private static Path driverDirectory() {
        String set = System.getenv("GRIDFORGE_DRIVER_WITHOUT_GPU");
        if (set != null && !set.isBlank()) {
            return Path.of(set);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "gridforge-ci", "driver-without-gpu");
    }

}
