package dev.gridforge.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.spi.PrecompiledKernel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The samples' build compiles their kernels for the GPUs listed in {@code gridforge.cubins}
 * (samples/pom.xml) when NVRTC is there (CI installs Debian's): each generated kernel has a
 * binary for each, made from the very source next to it, and the index lists them all.
 */
class BuildTimeKernelsTest {

    private static final List<String> KERNELS = List.of("HaversineKernels.distance.cu", "WaveKernels.initial.cu",
            "WaveKernels.first.cu", "WaveKernels.step.cu", "GrayScottKernels.step.cu");
    private static final List<String> ARCHS = List.of("sm_75", "sm_80", "sm_90");

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = BuildTimeKernelsTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    @Test
    void everyKernelShipsCompiledForTheListedGpus() throws IOException {
        Assumptions.assumeTrue(PrecompiledKernel.anyOnClassPath(ARCHS),
                "skipped: this build had no NVRTC, so compiled no kernels (the kernels compile at run time)");
        for (String arch : ARCHS) {
            String index = new String(resource("/" + PrecompiledKernel.indexResource(arch)), StandardCharsets.UTF_8);
            for (String kernel : KERNELS) {
                String source = new String(resource(kernel), StandardCharsets.UTF_8);
                String name = PrecompiledKernel.resourceName(kernel, arch);
                PrecompiledKernel k = PrecompiledKernel.decode(resource(name));
                assertEquals(arch, k.arch());
                assertTrue(k.compiledFrom(source), name + " is not from the current " + kernel);
                assertTrue(index.lines().anyMatch(("dev/gridforge/samples/" + name)::equals), name + " missing from the index:\n" + index);
            }
            assertTrue(index.lines().anyMatch(("dev/gridforge/runtime/loop/gf_watch.cu." + arch + ".cubin")::equals),
                    "the runtime's watchdog kernel ships too:\n" + index);
            assertTrue(index.lines().anyMatch(("dev/gridforge/runtime/reduce/gf_reduce.cu." + arch + ".cubin")::equals),
                    "the runtime's reduction kernels ship too:\n" + index);
        }
    }
}
