package dev.gridforge.runtime;

import java.util.Arrays;

/**
 * A time loop's field stopped being finite: the step that first produced a NaN or an infinity,
 * the field, and the first such cell in memory order, found by {@link TimeLoop}'s watchdog.
 */
public final class DivergenceException extends GridforgeException {
    private static final long serialVersionUID = 1L;

    private final long step;
    private final String field;
    private final int[] cell;
    private final double value;

    DivergenceException(String message, long step, String field, int[] cell, double value) {
        super(message);
        this.step = step;
        this.field = field;
        this.cell = cell.clone();
        this.value = value;
    }

    /**
     * A divergence found by another watchdog than {@link TimeLoop}'s (gridforge-spark's tiled
     * loops): the message says where, the other values say the same for programs.
     */
    public static DivergenceException of(String message, long step, String field, int[] cell, double value) {
        return new DivergenceException(message, step, field, cell, value);
    }

    /**
     * The step (counted from 1, as the loop counts them) after which the field first held a
     * non-finite value; 0 for the initial state, or the loop's step when a run started on a
     * state that was already not finite.
     */
    public long step() {
        return step;
    }

    /** The name of the ring whose field diverged. */
    public String field() {
        return field;
    }

    /** The first non-finite cell, axis 0 first. */
    public int[] cell() {
        return cell.clone();
    }

    /** Its value: NaN or an infinity. */
    public double value() {
        return value;
    }

    @Override
    public String toString() {
        return "DivergenceException[step " + step + ", " + field + Arrays.toString(cell) + " = " + value + "]";
    }
}
