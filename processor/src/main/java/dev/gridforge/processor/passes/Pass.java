package dev.gridforge.processor.passes;

import dev.gridforge.processor.ir.Kernel;

/** One named IR-to-IR step of the lowering. */
public interface Pass {

    /** The name shown when passes are logged ({@code -Agridforge.dumpIr=true}). */
    String name();

    Kernel apply(Kernel kernel);
}
