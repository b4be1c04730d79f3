package dev.gridforge.spark;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.Mesh;
import dev.gridforge.runtime.io.AtomicFile;
import dev.gridforge.runtime.io.Npy;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A mesh too large for one device, split into tiles, one Spark task per tile. A tile is a
 * {@link Mesh#tile} of the whole: its coordinates are the whole mesh's, computed in the kernel
 * from the tile's offsets, never stored; so each tile's values are exactly those the whole
 * mesh's launch gives at the same points. Each tile's result is reduced where it was computed
 * ({@link #reduce}) or written as a {@code .npy} shard with an index file ({@link #writeShards}).
 *
 * <pre>{@code
 * Mesh mesh = Mesh.linspace(-60, 60, 316_228, 0, 180, 316_228);          // 10^11 points
 * MeshTiles tiles = MeshTiles.of(mesh, 16_384, 8_192);                     // 2^27 points a tile
 * TileSummary s = tiles.reduce(spark, (tile, backend) -> GeoKernels.on(backend).distance(tile, 30.0, 101.0, 1.0));
 * }</pre>
 */
public final class MeshTiles implements Serializable {
    private static final long serialVersionUID = 1L;

    private final MeshSpec mesh;
    private final int[] tileExtents;
    private final int[] counts;
    private final Backend fallback;

    private MeshTiles(MeshSpec mesh, int[] tileExtents, Backend fallback) {
        this.mesh = mesh;
        this.tileExtents = tileExtents;
        this.fallback = fallback;
        this.counts = new int[tileExtents.length];
        for (int a = 0; a < counts.length; a++) {
            counts[a] = (int) ((mesh.n()[a] + (long) tileExtents[a] - 1) / tileExtents[a]);
        }
    }

    /**
     * Tiles of at most {@code tileExtents[a]} points along each axis {@code a} (the last tile of an
     * axis takes what is left), numbered axis 0 fastest.
     */
    public static MeshTiles of(Mesh mesh, int... tileExtents) {
        Objects.requireNonNull(mesh, "mesh");
        Objects.requireNonNull(tileExtents, "tileExtents");
        if (mesh.isTile()) {
            throw new IllegalArgumentException("[MeshTiles] " + mesh + " is already a tile: split the whole mesh");
        }
        MeshSpec spec = MeshSpec.of(mesh);
        if (tileExtents.length != spec.rank()) {
            throw new IllegalArgumentException("[MeshTiles] a mesh of rank " + spec.rank() + " needs " + spec.rank()
                    + " tile extents, got " + Arrays.toString(tileExtents));
        }
        long points = 1;
        for (int a = 0; a < tileExtents.length; a++) {
            if (tileExtents[a] < 1) {
                throw new IllegalArgumentException("[MeshTiles] tile extent " + tileExtents[a] + " on axis " + a
                        + ": every tile has at least one point along each axis");
            }
            points *= Math.min(tileExtents[a], spec.n()[a]);
        }
        if (points > dev.gridforge.runtime.Shape.MAX_SIZE) {
            throw new IllegalArgumentException("[MeshTiles] tiles of " + Arrays.toString(tileExtents) + " hold " + points
                    + " points, more than one launch takes (" + dev.gridforge.runtime.Shape.MAX_SIZE + "): use smaller tiles");
        }
        return new MeshTiles(spec, tileExtents.clone(), null);
    }

    /**
     * The same tiles, run on {@code b} in tasks that Spark assigned no GPU; by default
     * {@code spark.gridforge.backend} of the application's configuration, else gridforge's default
     * backend on the executor.
     */
    public MeshTiles backend(Backend b) {
        return new MeshTiles(mesh, tileExtents, Objects.requireNonNull(b, "backend"));
    }

    /** The number of tiles. */
    public int count() {
        long c = 1;
        for (int n : counts) {
            c *= n;
        }
        if (c > Integer.MAX_VALUE) {
            throw new IllegalStateException("[MeshTiles] " + c + " tiles: use larger tiles");
        }
        return (int) c;
    }

    /** The number of points of the whole mesh. */
    public long points() {
        long p = 1;
        for (int n : mesh.n()) {
            p *= n;
        }
        return p;
    }

    /** Every tile, axis 0 fastest. */
    public List<Tile> tiles() {
        int total = count();
        List<Tile> tiles = new ArrayList<>(total);
        for (int id = 0; id < total; id++) {
            tiles.add(tile(id));
        }
        return tiles;
    }

    /** Tile {@code id}. */
    public Tile tile(int id) {
        int rest = id;
        int[] offsets = new int[counts.length];
        int[] extents = new int[counts.length];
        for (int a = 0; a < counts.length; a++) {
            int t = rest % counts[a];
            rest /= counts[a];
            offsets[a] = t * tileExtents[a];
            extents[a] = Math.min(tileExtents[a], mesh.n()[a] - offsets[a]);
        }
        return new Tile(id, offsets, extents);
    }

    /** The mesh of tile {@code t}, as a task computes it. */
    public Mesh meshOf(Tile t) {
        return mesh.toMesh().tile(t.offsets(), t.extents());
    }

    /**
     * The kernel's result over every tile, reduced: its sum, minimum, maximum and count of
     * non-finite values. Each tile is reduced on its device; only its summary travels. The
     * summaries are combined in tile order, so the same tiling gives the same bits on every run.
     * Minimum, maximum and counts are exact (the whole mesh's); the sum is the sum of the tiles'
     * sums, within {@code n · 2^-52 · Σ|x|} of the whole launch's (docs/reductions.md).
     */
    public TileSummary reduce(JavaSparkContext spark, TileKernel kernel) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(kernel, "kernel");
        Backend fallback = fallbackOn(spark);
        List<TileSummary> parts = spark.parallelize(ids(), count())
                .map(id -> summarise(id, kernel, fallback))
                .collect();
        return combine(parts);
    }

    /** {@link #reduce} in this thread, tile after tile, on {@code backend}: the single-process reference. */
    public TileSummary reduceHere(Backend backend, TileKernel kernel) {
        List<TileSummary> parts = new ArrayList<>();
        for (int id = 0; id < count(); id++) {
            parts.add(summarise(id, kernel, backend));
        }
        return combine(parts);
    }

    private static TileSummary combine(List<TileSummary> parts) {
        List<TileSummary> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparingInt(TileSummary::firstTile));
        TileSummary all = null;
        for (TileSummary s : sorted) {
            all = all == null ? s : all.and(s);
        }
        return all;
    }

    private TileSummary summarise(int id, TileKernel kernel, Backend fallback) {
        Tile t = tile(id);
        try (TaskDevice device = TaskDevice.openFor("[MeshTiles] " + t, fallback); Field f = run(kernel, t, device)) {
            return TileSummary.of(id, f);
        }
    }

    private Field run(TileKernel kernel, Tile t, TaskDevice device) {
        Mesh m = meshOf(t);
        Field f;
        try {
            f = kernel.apply(m, device.backend());
        } catch (Exception e) {
            throw device.failed("[MeshTiles] " + t, e);
        }
        if (f == null || !f.shape().equals(m.shape())) {
            String got = f == null ? "null" : "a field of shape " + f.shape();
            if (f != null) {
                f.close();
            }
            throw new IllegalStateException("[MeshTiles] the kernel returned " + got + " for tile " + t
                    + ": it must return the launch's result over the tile's mesh (shape " + m.shape() + ")");
        }
        return f;
    }

    /**
     * Writes the kernel's result over every tile as its own {@code .npy} file,
     * {@code <name>.tile-<id>.npy} in {@code directory} (a path every executor reaches), and then,
     * once every tile is written, the index {@code <name>.index.json}: the whole mesh's shape, the
     * element type, and each shard's file, offsets and shape (NumPy order, slowest axis first).
     * Every file is written whole or not at all, so a retried task leaves no torn shard, and an
     * index exists only for a complete set.
     */
    public ShardIndex writeShards(JavaSparkContext spark, Path directory, String name, TileKernel kernel) throws IOException {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(kernel, "kernel");
        String dir = checkedDirectory(directory, name);
        Backend fallback = fallbackOn(spark);
        dropIndex(directory, name);
        List<ShardIndex.Shard> shards = spark.parallelize(ids(), count())
                .map(id -> writeShard(id, Path.of(dir), name, kernel, fallback))
                .collect();
        return finish(directory, name, shards);
    }

    /** {@link #writeShards} in this thread, on {@code backend}. */
    public ShardIndex writeShardsHere(Backend backend, Path directory, String name, TileKernel kernel) throws IOException {
        checkedDirectory(directory, name);
        dropIndex(directory, name);
        List<ShardIndex.Shard> shards = new ArrayList<>();
        for (int id = 0; id < count(); id++) {
            shards.add(writeShard(id, directory, name, kernel, backend));
        }
        return finish(directory, name, shards);
    }

    private static String checkedDirectory(Path directory, String name) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("[MeshTiles] shard name '" + name + "' must be a plain file name prefix");
        }
        return directory.toAbsolutePath().toString();
    }

    /** The backend of tasks without a GPU: this tiling's, else the application's {@code spark.gridforge.backend}. */
    private Backend fallbackOn(JavaSparkContext spark) {
        return fallback != null ? fallback : Sweep.configuredBackend(spark);
    }

    /**
     * Deletes an index from an earlier run before any shard of this one is written: were this run
     * to fail part-way, that index would describe old and new shards mixed.
     */
    private static void dropIndex(Path directory, String name) throws IOException {
        Files.deleteIfExists(directory.resolve(name + ".index.json"));
    }

    private ShardIndex finish(Path directory, String name, List<ShardIndex.Shard> shards) throws IOException {
        List<ShardIndex.Shard> sorted = new ArrayList<>(shards);
        sorted.sort(Comparator.comparingInt(ShardIndex.Shard::tile));
        ShardIndex index = new ShardIndex(directory, name, mesh.n().clone(), sorted.get(0).dtype(), sorted);
        AtomicFile.write(index.indexFile(), index.toJson().getBytes(StandardCharsets.UTF_8));
        return index;
    }

    private ShardIndex.Shard writeShard(int id, Path directory, String name, TileKernel kernel, Backend fallback) throws IOException {
        Tile t = tile(id);
        String file = name + ".tile-" + id + ".npy";
        try (TaskDevice device = TaskDevice.openFor("[MeshTiles] " + t, fallback); Field f = run(kernel, t, device)) {
            Npy.write(directory.resolve(file), f);
            return new ShardIndex.Shard(id, file, t.offsets(), t.extents(), Npy.descr(f.elementType()));
        }
    }

    private List<Integer> ids() {
        List<Integer> ids = new ArrayList<>(count());
        for (int id = 0; id < count(); id++) {
            ids.add(id);
        }
        return ids;
    }

    /** One tile: its number, and its offsets and extents in the whole mesh (axis 0 first). */
    public record Tile(int id, int[] offsets, int[] extents) implements Serializable {
        public Tile {
            offsets = offsets.clone();
            extents = extents.clone();
        }

        @Override
        public int[] offsets() {
            return offsets.clone();
        }

        @Override
        public int[] extents() {
            return extents.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tile t && t.id == id && Arrays.equals(t.offsets, offsets) && Arrays.equals(t.extents, extents);
        }

        @Override
        public int hashCode() {
            return 31 * id + Arrays.hashCode(offsets);
        }

        @Override
        public String toString() {
            return "tile " + id + " at " + Arrays.toString(offsets) + " of " + Arrays.toString(extents);
        }
    }

    /** A mesh as start, stop and point count per axis: what a task needs to rebuild it. */
    record MeshSpec(double[] start, double[] stop, int[] n) implements Serializable {
        static MeshSpec of(Mesh m) {
            int r = m.rank();
            double[] start = new double[r];
            double[] stop = new double[r];
            int[] n = new int[r];
            for (int a = 0; a < r; a++) {
                start[a] = m.start(a);
                stop[a] = m.stop(a);
                n[a] = m.extent(a);
            }
            return new MeshSpec(start, stop, n);
        }

        int rank() {
            return n.length;
        }

        Mesh toMesh() {
            return switch (n.length) {
                case 1 -> Mesh.linspace(start[0], stop[0], n[0]);
                case 2 -> Mesh.linspace(start[0], stop[0], n[0], start[1], stop[1], n[1]);
                default -> Mesh.linspace(start[0], stop[0], n[0], start[1], stop[1], n[1], start[2], stop[2], n[2]);
            };
        }
    }
}
