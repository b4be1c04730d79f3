package dev.gridforge.processor.ir;

import dev.gridforge.Boundary;
import java.util.Objects;

/**
 * What a stencil's grid parameter is: its rank, and what a read outside the grid returns.
 *
 * @param constant the value read outside under {@link Boundary#CONSTANT} (0 under ZERO); of the
 *                 grid's element type once converted
 */
public record GridSpec(int rank, Boundary boundary, double constant) {
    public GridSpec {
        Objects.requireNonNull(boundary);
        if (rank < 1 || rank > 3) {
            throw new IllegalArgumentException("grid rank " + rank);
        }
        if (boundary != Boundary.CONSTANT && constant != 0) {
            throw new IllegalArgumentException(boundary + " grid with constant " + constant);
        }
    }

    /** Whether a read outside the grid returns a value rather than an index inside it. */
    public boolean readsConstantOutside() {
        return boundary == Boundary.ZERO || boundary == Boundary.CONSTANT;
    }
}
