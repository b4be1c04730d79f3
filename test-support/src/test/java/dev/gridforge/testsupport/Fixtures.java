package dev.gridforge.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Test classes that {@link SkippedTestsSummaryTest} runs through its own launcher, each skipping
 * in one of the ways this project's tests do. Nested and not named *Test: surefire does not run
 * them itself.
 */
final class Fixtures {

    private Fixtures() {
    }

    /** A whole class tagged gpu, as CudaGpuTest is: its three tests count. */
    @Tag("gpu")
    static class GpuClass {
        @Test
        void one() {
        }

        @Test
        void two() {
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2})
        void parameterized(int i) {
            assertTrue(i > 0);
        }
    }

    /** One gpu method beside tests that run, as OracleTest has. */
    static class GpuMethod {
        @Test
        void runs() {
        }

        @Tag("gpu")
        @Test
        void onTheGpu() {
        }
    }

    /** Assumptions in tests, with the project's kinds of message. */
    static class Assumed {
        @Test
        void nvcc() {
            Assumptions.assumeTrue(false, "skipped: nvcc not found (looked in CUDA_HOME, /usr/local/cuda/bin and PATH)");
        }

        @Test
        void aborted() {
            Assumptions.abort("skipped: no NVRTC on this machine (scripts/install-cuda-host-libs.sh installs it). library not found");
        }

        @ParameterizedTest
        @ValueSource(strings = {"jvm", "cuda-sim", "cuda"})
        void perBackend(String backend) {
            Assumptions.assumeTrue(backend.equals("jvm"), "no C++ compiler (g++ or c++) on PATH: simulator tests skipped");
        }
    }

    /** An assumption in @BeforeAll: the class is aborted before its two tests start. */
    static class AssumedForTheClass {
        @BeforeAll
        static void needsNvcc() {
            Assumptions.assumeTrue(false, "skipped: nvcc not found (looked in PATH)");
        }

        @Test
        void a() {
        }

        @Test
        void b() {
        }
    }

    /** Nothing skipped. */
    static class AllRun {
        @Test
        void a() {
        }
    }
}
