package dev.gridforge.processor.jvm;

import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.KernelParam;
import dev.gridforge.processor.ir.Output;

/**
 * The names generated code gives one kernel's pieces. Members of the launcher are
 * {@code <kernel>_...} (kernel names are unique in a class, and user names cannot start with
 * {@code gf_}); the JVM loops name everything {@code gf_...}, so the user's inlined body can
 * declare any local it likes.
 */
record KernelNames(Kernel kernel) {

    /** What a launch runs over: the mesh (kernels with @Coord), a shape, or the input fields' shape. */
    enum Domain { MESH, SHAPE, INPUTS }

    Domain domain() {
        if (kernel.hasRole(KernelParam.Role.COORD)) {
            return Domain.MESH;
        }
        return kernel.fieldParams().isEmpty() ? Domain.SHAPE : Domain.INPUTS;
    }

    /** The launcher parameter for the mesh or shape ({@code mesh}, unless a kernel parameter has that name). */
    String domainParam() {
        String base = domain() == Domain.MESH ? "mesh" : "shape";
        return kernel.params().stream().anyMatch(p -> p.name().equals(base)) ? "gf_" + base : base;
    }

    String info() {
        return kernel.name() + "_info";
    }

    String launchMethod() {
        return kernel.name() + "_launch";
    }

    String jvmMethod() {
        return kernel.name() + "_jvm";
    }

    String edgeMethod() {
        return kernel.name() + "_edge";
    }

    String intoMethod() {
        return kernel.name() + "Into";
    }

    /** The record a kernel with several outputs returns: {@code grayScott} → {@code GrayScottResult}. */
    String resultRecord() {
        return Character.toUpperCase(kernel.name().charAt(0)) + kernel.name().substring(1) + "Result";
    }

    /** An output's parameter name in {@code ...Into}: its Out parameter's, or {@code out} for the returned value. */
    String intoParam(Output o) {
        if (!o.returned()) {
            return o.name();
        }
        for (String candidate : new String[] {"out", "result"}) {
            if (kernel.params().stream().noneMatch(p -> p.name().equals(candidate))) {
                return candidate;
            }
        }
        return "gf_out";
    }

    // ---------------------------------------------------------------- inside the JVM loops

    static String inputField(KernelParam p) {
        return "gf_f_" + p.name();
    }

    static String inputArray(KernelParam p) {
        return "gf_in_" + p.name();
    }

    static String constant(KernelParam p) {
        return "gf_c_" + p.name();
    }

    static String outputArray(Output o) {
        return o.returned() ? "gf_out" : "gf_out_" + o.name();
    }
}
