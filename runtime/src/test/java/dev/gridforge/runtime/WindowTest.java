package dev.gridforge.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Window} and {@link Mesh#tile}: where a tile lies in the whole domain, and the tile's coordinates, bit for bit. */
class WindowTest {

    @Test
    void aWindowMapsLocalToGlobalIndicesAndSaysWhatItContains() {
        Window w = Window.of(new int[] {10, 0}, Shape.of(100, 50));
        assertEquals(2, w.rank());
        assertEquals(10, w.offset(0));
        assertEquals(0, w.offset(1));
        assertEquals(Shape.of(100, 50), w.global());
        assertArrayEquals(new int[] {10, 0}, w.offsets());
        assertTrue(w.contains(Shape.of(90, 50)));
        assertFalse(w.contains(Shape.of(91, 50)));
        assertTrue(w.contains(Shape.of(91, 50), 1));
        assertFalse(w.contains(Shape.of(91, 50), 0));
        assertFalse(w.isIdentityFor(Shape.of(90, 50)));
        // a tile extended across a periodic edge: a negative offset, or past the end
        Window wrap = Window.of(new int[] {-2, 48}, Shape.of(100, 50));
        assertFalse(wrap.contains(Shape.of(5, 1), 0));
        assertTrue(wrap.contains(Shape.of(5, 2), 1));
        assertFalse(wrap.contains(Shape.of(5, 3), 1));
        assertEquals("Window[offsets (-2, 48) in 100 x 50]", wrap.toString());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> w.contains(Shape.of(5)));
        assertTrue(rank.getMessage().contains("rank 1"), rank.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Window.of(new int[] {1}, Shape.of(4, 4)));
        assertThrows(IllegalArgumentException.class, () -> w.offset(2));
    }

    @Test
    void theIdentityIsTheWholeDomainAndWindowsCompareByValue() {
        Shape s = Shape.of(7, 3, 2);
        Window id = Window.identity(s);
        assertTrue(id.isIdentityFor(s));
        assertFalse(id.isIdentityFor(Shape.of(7, 3, 1)));
        assertTrue(id.contains(s));
        assertEquals(Window.of(new int[] {0, 0, 0}, s), id);
        assertEquals(Window.of(new int[] {0, 0, 0}, s).hashCode(), id.hashCode());
        assertNotEquals(Window.of(new int[] {0, 1, 0}, s), id);
        assertNotEquals(Window.identity(Shape.of(7, 3, 3)), id);
        int[] offsets = {1, 2};
        Window w = Window.of(offsets, Shape.of(5, 5));
        offsets[0] = 4;
        assertEquals(1, w.offset(0), "the window keeps its own copy");
    }

    @Test
    void aTilesCoordinatesAreItsParentsBitForBit() {
        Random random = new Random(20261202);
        for (int trial = 0; trial < 50; trial++) {
            int n0 = 1 + random.nextInt(40);
            int n1 = 1 + random.nextInt(40);
            int n2 = 1 + random.nextInt(9);
            Mesh m = Mesh.linspace(random.nextDouble() * 10 - 5, random.nextDouble() * 100, n0,
                    -random.nextDouble(), random.nextDouble() * 1e3, n1, random.nextDouble(), -random.nextDouble() * 7, n2);
            int[] n = {n0, n1, n2};
            int[] o = new int[3];
            int[] e = new int[3];
            for (int a = 0; a < 3; a++) {
                o[a] = random.nextInt(n[a]);
                e[a] = 1 + random.nextInt(n[a] - o[a]);
            }
            Mesh t = m.tile(o, e);
            assertEquals(Shape.of(e), t.shape());
            assertEquals(Window.of(o, m.shape()), t.window());
            for (int a = 0; a < 3; a++) {
                assertEquals(m.start(a), t.start(a));
                assertEquals(m.stop(a), t.stop(a));
                assertEquals(m.step(a), t.step(a));
                double[] coords = t.coords(a);
                assertEquals(e[a], coords.length);
                for (int i = 0; i < e[a]; i++) {
                    long parent = Double.doubleToRawLongBits(m.coord(a, o[a] + i));
                    assertEquals(parent, Double.doubleToRawLongBits(t.coord(a, i)), "axis " + a + ", point " + i + " of " + t);
                    assertEquals(parent, Double.doubleToRawLongBits(coords[i]));
                }
            }
            // a tile of the tile is a tile of the whole mesh
            int[] o2 = new int[3];
            int[] e2 = new int[3];
            for (int a = 0; a < 3; a++) {
                o2[a] = random.nextInt(e[a]);
                e2[a] = 1 + random.nextInt(e[a] - o2[a]);
            }
            Mesh tt = t.tile(o2, e2);
            assertEquals(Window.of(new int[] {o[0] + o2[0], o[1] + o2[1], o[2] + o2[2]}, m.shape()), tt.window());
            for (int a = 0; a < 3; a++) {
                for (int i = 0; i < e2[a]; i++) {
                    assertEquals(Double.doubleToRawLongBits(m.coord(a, o[a] + o2[a] + i)), Double.doubleToRawLongBits(tt.coord(a, i)));
                }
            }
        }
    }

    @Test
    void theLastPointOfTheWholeMeshIsItsStopInATileToo() {
        Mesh m = Mesh.linspace(0.1, 0.7, 3, -1e-3, 1e300, 7);
        Mesh t = m.tile(new int[] {1, 3}, new int[] {2, 4});
        assertEquals(0.7, t.coord(0, 1));
        assertEquals(1e300, t.coord(1, 3));
        assertTrue(t.isTile());
        assertFalse(m.isTile());
        assertEquals(Window.identity(m.shape()), m.window());
        assertFalse(m.tile(new int[] {0, 0}, new int[] {3, 7}).isTile(), "the whole mesh as a tile is the whole mesh");
        assertThrows(IndexOutOfBoundsException.class, () -> t.coord(0, 2));
        assertTrue(t.toString().startsWith("Mesh tile 2 x 4 at (1, 3) of Mesh[0.1..0.7 (3), "), t.toString());
    }

    @Test
    void aTileOutsideItsParentIsRefusedNamingTheAxis() {
        Mesh m = Mesh.linspace(0, 1, 10, 0, 1, 20);
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class, () -> m.tile(new int[] {0, 15}, new int[] {10, 6}));
        assertTrue(past.getMessage().startsWith("Mesh tile axis 1: points [15, 21)"), past.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> m.tile(new int[] {-1, 0}, new int[] {2, 2}));
        assertTrue(negative.getMessage().startsWith("Mesh tile axis 0: points [-1, 1)"), negative.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> m.tile(new int[] {0, 0}, new int[] {0, 2}));
        assertTrue(empty.getMessage().startsWith("Mesh tile axis 0"), empty.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> m.tile(new int[] {0}, new int[] {2}));
        assertTrue(rank.getMessage().contains("rank-2 mesh takes 2 offsets"), rank.getMessage());
        Mesh t = m.tile(new int[] {2, 2}, new int[] {4, 4});
        IllegalArgumentException ofTile = assertThrows(IllegalArgumentException.class, () -> t.tile(new int[] {1, 1}, new int[] {4, 1}));
        assertTrue(ofTile.getMessage().startsWith("Mesh tile axis 0: points [1, 5)"), ofTile.getMessage());
    }

    @Test
    void aMeshTooLargeForOneLaunchIsLaunchedInTiles() {
        Mesh huge = Mesh.linspace(-60, 60, 316_228, 0, 180, 316_228); // 10^11 points
        assertEquals(316_228, huge.extent(1));
        IllegalStateException e = assertThrows(IllegalStateException.class, huge::shape);
        assertTrue(e.getMessage().contains("100000147984 points, more than one launch takes"), e.getMessage());
        assertTrue(!huge.isTile());
        Mesh tile = huge.tile(new int[] {311_296, 100}, new int[] {4_932, 7});
        assertEquals(Shape.of(4_932, 7), tile.shape());
        assertEquals(huge.stop(0), tile.coord(0, 4_931));
        assertEquals(-60 + 311_296 * huge.step(0), tile.coord(0, 0));
        assertEquals(316_228, tile.window().globalExtent(0));
        assertEquals(311_296, tile.window().offset(0));
        assertThrows(IllegalArgumentException.class, () -> tile.window().global(), "the whole is no Shape");
        assertTrue(tile.window().contains(tile.shape()));
    }

    @Test
    void aWindowSaysAlongWhichAxesItsDomainWraps() {
        Window w = Window.of(new int[] {-4, 0}, Shape.of(100, 50));
        assertFalse(w.isPeriodic(0));
        Window wraps = w.periodic(0);
        assertTrue(wraps.isPeriodic(0));
        assertFalse(wraps.isPeriodic(1));
        assertFalse(w.isPeriodic(0), "periodic() gives another window");
        assertEquals("Window[offsets (-4, 0) in 100 x 50, periodic along 0]", wraps.toString());
        assertEquals("Window[offsets (-4, 0) in 100 x 50, periodic along 0, 1]", wraps.periodic(1).toString());
        assertNotEquals(w, wraps);
        assertEquals(w, wraps.placement());
        assertEquals(w.periodic(0), wraps);
        assertEquals(w.periodic(0).hashCode(), wraps.hashCode());
        assertThrows(IllegalArgumentException.class, () -> w.periodic(2));
        assertThrows(IllegalArgumentException.class, () -> w.isPeriodic(-1));
    }
}
