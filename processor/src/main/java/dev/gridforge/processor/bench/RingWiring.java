package dev.gridforge.processor.bench;

import dev.gridforge.processor.ir.Kernel;
import dev.gridforge.processor.ir.KernelParam;
import java.util.List;

/**
 * How a stencil's results feed its grids in a benchmarked time loop: with as many results as
 * grids, result i is the next state of grid i (Gray-Scott: u, v into uNext, vNext); with one
 * result and several grids, the grids are its ring's current and past states in order (the wave:
 * u the current, uPrev the one before). Other kernels have no loop to benchmark.
 *
 * @param histories each ring's history (past states kept)
 * @param gridRing  for each grid, in parameter order, its ring
 * @param gridPast  for each grid, which state of its ring: 0 the current, k the k-th past
 */
public record RingWiring(List<Integer> histories, List<Integer> gridRing, List<Integer> gridPast) {

    public static RingWiring of(Kernel k) {
        List<KernelParam> grids = k.paramsWith(KernelParam.Role.GRID);
        int results = k.outputs().size();
        if (grids.isEmpty()) {
            return null;
        }
        for (int i = 0; i < Math.min(results, grids.size()); i++) {
            if (grids.get(i).type() != k.outputs().get(i).type()) {
                return null;
            }
        }
        if (results == grids.size()) {
            List<Integer> index = java.util.stream.IntStream.range(0, results).boxed().toList();
            return new RingWiring(java.util.Collections.nCopies(results, 0), index, java.util.Collections.nCopies(results, 0));
        }
        if (results == 1 && grids.stream().allMatch(g -> g.type() == k.outputs().get(0).type())) {
            return new RingWiring(List.of(grids.size() - 1), java.util.Collections.nCopies(grids.size(), 0),
                    java.util.stream.IntStream.range(0, grids.size()).boxed().toList());
        }
        return null;
    }
}
