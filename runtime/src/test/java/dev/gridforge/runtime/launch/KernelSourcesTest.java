package dev.gridforge.runtime.launch;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.GridforgeException;
import org.junit.jupiter.api.Test;

class KernelSourcesTest {

    @Test
    void readsTheResourceNextToTheLauncherOnce() {
        String source = KernelSources.load(TestKernels.class, "affine1");
        assertTrue(source.contains("extern \"C\" __global__ void affine1"), source);
        assertTrue(source.contains("× UTF-8"), "the resource is read as UTF-8");
        assertSame(source, KernelSources.load(TestKernels.class, "affine1"));
        assertSame(source, KernelSources.loadResource(TestKernels.class, "TestKernels.affine1.cu"));
    }

    @Test
    void aMissingResourceSaysWhereItLooked() {
        GridforgeException e = assertThrows(GridforgeException.class, () -> KernelSources.load(TestKernels.class, "nope"));
        assertTrue(e.getMessage().contains("dev/gridforge/runtime/launch/TestKernels.nope.cu"), e.getMessage());
    }
}
