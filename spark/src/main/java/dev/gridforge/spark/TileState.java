package dev.gridforge.spark;

import java.io.Serializable;

/**
 * What a tile owns between exchanges: for each ring (in the loop's order), the values of its
 * core at each level (now, then past(1), past(2), ...), one flat primitive array per level, axis
 * 0 fastest.
 */
record TileState(int tile, Object[][] levels) implements Serializable {

    /** The part of this core that {@code piece} describes, for every ring and level. */
    Packet cut(TileGrid.Piece piece, TileGrid grid) {
        int[] coreExtents = grid.core(tile).extents();
        Object[][] data = new Object[levels.length][];
        for (int r = 0; r < levels.length; r++) {
            data[r] = new Object[levels[r].length];
            for (int k = 0; k < levels[r].length; k++) {
                data[r][k] = Boxes.cut(levels[r][k], coreExtents, piece.from(), piece.extents());
            }
        }
        return new Packet(piece, data);
    }

    /** A piece of one tile's core on its way to another tile's extended box: every ring's levels. */
    record Packet(TileGrid.Piece piece, Object[][] data) implements Serializable {
        long bytes() {
            long b = 0;
            for (Object[] ring : data) {
                for (Object level : ring) {
                    b += (long) java.lang.reflect.Array.getLength(level)
                            * (level instanceof double[] || level instanceof long[] ? 8 : 4);
                }
            }
            return b;
        }
    }
}
