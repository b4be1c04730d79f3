package dev.gridforge.bench.sass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.GridforgeException;
import dev.gridforge.runtime.cuda.OfflineCompiler;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The SASS report's budgets, enforced in CI (no GPU needed: NVRTC 11.8 and cuobjdump 11.8 from
 * Debian, which scripts/install-cuda-host-libs.sh provides): a change that makes a sample kernel
 * spill, or the wave or Gray-Scott step grow past 1.25 times its hand-written reference, fails here.
 */
class SassBudgetTest {
    @Test
    void theGeneratedKernelsStayWithinTheirBudgets() throws Exception {
        Optional<Path> cuobjdump = Tools.cuobjdump();
        Assumptions.assumeTrue(cuobjdump.isPresent(), "skipped: no cuobjdump (" + Tools.WHERE + ")");
        OfflineCompiler nvrtc;
        try {
            nvrtc = OfflineCompiler.forComputeCapability(9, 0, null).reportingResources();
        } catch (GridforgeException e) {
            Assumptions.abort("skipped: no NVRTC: " + e.oneLine());
            return;
        }
        List<SassReport.Row> rows = SassReport.report(nvrtc, cuobjdump.get(), Sources.all());
        SassReport.print(rows, nvrtc, System.out); // in target/surefire-reports/*-output.txt
        assertTrue(rows.size() > 20, "every sample kernel, the runtime's and the references: " + rows.size());
        assertEquals(List.of(), Budgets.check(rows));
    }
}
