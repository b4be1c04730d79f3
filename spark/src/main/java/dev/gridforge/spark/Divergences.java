package dev.gridforge.spark;

import dev.gridforge.runtime.DivergenceException;

/** A tile's divergence as the time loop's watchdog reports it: the step, the ring, the cell of the whole domain. */
final class Divergences {
    private Divergences() {
    }

    static DivergenceException of(TileRound.Divergence d) {
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < d.cell().length; i++) {
            cell.append(i == 0 ? "" : ", ").append(d.cell()[i]);
        }
        String when = d.step() == 0 ? "before the first step" : "in step " + d.step(); // as TimeLoop says it
        String message = "[Divergence] ring '" + d.ring() + "' stopped being finite " + when + ": " + d.ring() + "(" + cell
                + ") = " + d.value() + " (axis 0 first, a cell of the whole domain; the first such cell in memory order, in the"
                + " first ring in the loop's order that diverged in that step; the tiled loop checks the tiles' cores at every"
                + " exchange and found the exact step by running that exchange's steps again one by one)";
        return DivergenceException.of(message, d.step(), d.ring(), d.cell(), d.value());
    }
}
