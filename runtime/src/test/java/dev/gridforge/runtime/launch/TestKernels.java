package dev.gridforge.runtime.launch;

import dev.gridforge.runtime.ElementType;

/** Stands in for a generated launcher: the hand-written {@code TestKernels.*.cu} resources sit next to it. */
final class TestKernels {

    private TestKernels() {
    }

    static KernelInfo kernel(String name, int rank, ElementType result) {
        return new KernelInfo(TestKernels.class, name, rank, result, "TestKernels." + name + ".cu");
    }
}
