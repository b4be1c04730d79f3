package dev.gridforge.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.FloatField;
import dev.gridforge.runtime.Mesh;
import dev.gridforge.spark.kernels.GeoKernels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mesh split into tiles, on Spark: each tile's values are the whole launch's, reductions and shards agree with it. */
class MeshTilesTest {
    static final Mesh MESH = Mesh.linspace(29, 31, 301, 99, 101, 203);
    static final TileKernel DISTANCE = (tile, b) -> GeoKernels.on(b).distance(tile, 30.0, 101.0, 1.0);

    @Test
    void shardsAssembleIntoTheWholeLaunchBitForBit(@TempDir Path dir) throws Exception {
        MeshTiles tiles = MeshTiles.of(MESH, 64, 50);
        assertEquals(5 * 5, tiles.count());
        ShardIndex index = tiles.writeShards(LocalSpark.get(), dir, "z", DISTANCE);
        try (DoubleField whole = GeoKernels.on(Backend.JVM).distance(MESH, 30.0, 101.0, 1.0)) {
            assertArrayEquals(whole.toArray(), ((DoubleField) index.read()).toArray());
        }
        assertEquals(26, Files.list(dir).count(), "25 shards and the index");
        String json = Files.readString(index.indexFile());
        assertTrue(json.contains("\"shape\": [203, 301]"), json);
        assertTrue(json.contains("{\"tile\": 24, \"file\": \"z.tile-24.npy\", \"offset\": [200, 256], \"shape\": [3, 45]}"), json);
    }

    @Test
    void theSimulatorsTilesAreTheSimulatorsWholeLaunch(@TempDir Path dir) throws Exception {
        Mesh small = Mesh.linspace(29, 31, 70, 99, 101, 41);
        ShardIndex index = MeshTiles.of(small, 32, 16).writeShardsHere(Backend.CUDA_SIM, dir, "z", DISTANCE);
        try (DoubleField whole = GeoKernels.on(Backend.CUDA_SIM).distance(small, 30.0, 101.0, 1.0)) {
            assertArrayEquals(whole.toArray(), ((DoubleField) index.read()).toArray());
        }
    }

    @Test
    void reductionsOverTilesAreTheWholeLaunchs() {
        MeshTiles tiles = MeshTiles.of(MESH, 100, 37);
        TileSummary s = tiles.reduce(LocalSpark.get(), DISTANCE);
        try (DoubleField whole = GeoKernels.on(Backend.JVM).distance(MESH, 30.0, 101.0, 1.0)) {
            assertEquals(whole.min(), s.min());
            assertEquals(whole.max(), s.max());
            assertEquals(0, s.nonFinite());
            assertEquals(301L * 203, s.points());
            double abs = 0;
            for (double v : whole.toArray()) {
                abs += Math.abs(v);
            }
            assertEquals(whole.sum(), s.sum(), 301 * 203 * Math.ulp(1.0) * abs, "within n 2^-52 sum|x|");
        }
        assertEquals(s, tiles.reduceHere(Backend.JVM, DISTANCE), "the same tiling gives the same bits on Spark and here");
    }

    @Test
    void nonFiniteValuesAreCountedAndIndicesAreTheWholeMeshs() {
        MeshTiles tiles = MeshTiles.of(MESH, 64, 64);
        TileKernel marked = (tile, b) -> GeoKernels.on(b).marked(tile, 130);
        TileSummary s = tiles.reduce(LocalSpark.get(), marked);
        assertEquals(203, s.nonFinite(), "one column of NaN: column 130 of the whole mesh");
        assertTrue(Double.isNaN(s.min()) && Double.isNaN(s.max()));
        try (FloatField whole = GeoKernels.on(Backend.JVM).marked(MESH, 130)) {
            assertEquals(whole.countNonFinite(), s.nonFinite());
        }
    }

    @Test
    void tilesOfAMeshTooLargeForOneLaunch() {
        Mesh huge = Mesh.linspace(-60, 60, 316_228, 0, 180, 316_228); // 10^11 points
        MeshTiles tiles = MeshTiles.of(huge, 16_384, 8_192);
        assertEquals(100_000_147_984L, tiles.points());
        assertEquals(20 * 39, tiles.count());
        MeshTiles.Tile last = tiles.tile(tiles.count() - 1);
        assertArrayEquals(new int[] {311_296, 311_296}, last.offsets());
        assertArrayEquals(new int[] {4_932, 4_932}, last.extents());
        Mesh m = tiles.meshOf(last);
        assertEquals(huge.stop(0), m.coord(0, 4_931));
        assertEquals(-60 + 311_296 * huge.step(0), m.coord(0, 0));
    }

    /** A rewrite that fails part-way leaves no index: the one from before would describe old and new shards mixed. */
    @Test
    void aRewriteThatFailsLeavesNoIndex(@TempDir Path dir) throws Exception {
        Mesh small = Mesh.linspace(29, 31, 40, 99, 101, 30);
        MeshTiles tiles = MeshTiles.of(small, 20, 15);
        ShardIndex first = tiles.writeShards(LocalSpark.get(), dir, "z", DISTANCE);
        assertTrue(Files.exists(first.indexFile()));
        TileKernel lastTileFails = (tile, b) -> {
            if (tile.coord(0, 0) > 30 && tile.coord(1, 0) > 100) {
                throw new IllegalStateException("the last tile fails");
            }
            return GeoKernels.on(b).distance(tile, 30.0, 101.0, 2.0);
        };
        Exception e = assertThrows(Exception.class, () -> tiles.writeShards(LocalSpark.get(), dir, "z", lastTileFails));
        assertTrue(e.getMessage().contains("the last tile fails"), e.getMessage());
        assertFalse(Files.exists(first.indexFile()), "an index of a set that was not written whole");
    }

    @Test
    void theTilesBackendIsTheOneOfTasksWithoutAGpu() {
        Mesh small = Mesh.linspace(29, 31, 40, 99, 101, 30);
        TileKernel onTheSimulator = (tile, b) -> {
            if (b != Backend.CUDA_SIM) {
                throw new IllegalStateException("ran on " + b + ", not the simulator");
            }
            return GeoKernels.on(b).distance(tile, 30.0, 101.0, 1.0);
        };
        MeshTiles tiles = MeshTiles.of(small, 20, 15).backend(Backend.CUDA_SIM);
        assertEquals(tiles.reduceHere(Backend.CUDA_SIM, onTheSimulator), tiles.reduce(LocalSpark.get(), onTheSimulator));
    }

    @Test
    void namesAreWrittenAsJsonStrings() {
        assertEquals("\"a\\\"b\\\\c\\u000a\"", ShardIndex.json("a\"b\\c\n"));
    }

    @Test
    void badTiles() {
        assertThrows(IllegalArgumentException.class, () -> MeshTiles.of(MESH, 10));
        assertThrows(IllegalArgumentException.class, () -> MeshTiles.of(MESH, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> MeshTiles.of(Mesh.linspace(0, 1, 100_000, 0, 1, 100_000), 50_000, 50_000));
        TileKernel wrongShape = (tile, b) -> GeoKernels.on(b).distance(MESH, 30.0, 101.0, 1.0);
        Exception e = assertThrows(Exception.class, () -> MeshTiles.of(MESH, 200, 200).reduceHere(Backend.JVM, wrongShape));
        assertTrue(e.getMessage().contains("must return the launch's result over the tile's mesh"), e.getMessage());
    }
}
