package dev.gridforge.bench.sass;

import dev.gridforge.samples.HaversineKernels;
import java.util.ArrayList;
import java.util.List;

/** What the report compiles: every sample kernel, the runtime's own kernels, and the hand-written references. */
final class Sources {
    /** The reference kernels, kept beside this class: the arithmetic of a generated kernel, written as a CUDA programmer would. */
    static final List<String> REFERENCES = List.of("wave_step_reference", "gray_scott_step_reference");

    private Sources() {
    }

    static List<KernelSource> all() {
        List<KernelSource> all = new ArrayList<>(KernelSource.inPackageOf(HaversineKernels.class, "samples (generated)"));
        all.add(KernelSource.resource(Sources.class, "/dev/gridforge/runtime/loop/gf_watch.cu", "gf_watch", "runtime"));
        all.add(KernelSource.resource(Sources.class, "/dev/gridforge/runtime/reduce/gf_reduce.cu", "gf_reduce", "runtime"));
        for (String r : REFERENCES) {
            all.add(KernelSource.resource(Sources.class, r + ".cu", r, "references (hand-written)"));
        }
        return all;
    }
}
