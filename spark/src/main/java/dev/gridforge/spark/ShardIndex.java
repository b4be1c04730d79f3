package dev.gridforge.spark;

import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.Shape;
import dev.gridforge.runtime.io.Npy;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The shards of a tiled result ({@link MeshTiles#writeShards}) and its index file,
 * {@code <name>.index.json}. In the file every shape and offset is in NumPy order (slowest axis
 * first), so that in Python
 * <pre>
 *   d = '/shared/z'                                     # the directory given to writeShards
 *   idx = json.load(open(os.path.join(d, 'z.index.json')))
 *   z = np.lib.format.open_memmap('z.npy', mode='w+', dtype=idx['dtype'], shape=tuple(idx['shape']))
 *   for s in idx['shards']:
 *       box = tuple(slice(o, o + n) for o, n in zip(s['offset'], s['shape']))
 *       z[box] = np.load(os.path.join(d, s['file']))
 * </pre>
 * assembles the whole; here {@link #read} does (when the whole fits one field).
 *
 * @param extents the whole mesh's extents, axis 0 first
 */
public record ShardIndex(Path directory, String name, int[] extents, String dtype, List<Shard> shards) {

    /**
     * One shard: tile {@code tile}'s result in {@code file} (beside the index).
     *
     * @param offsets where it starts in the whole, axis 0 first
     * @param extents its extents, axis 0 first
     */
    public record Shard(int tile, String file, int[] offsets, int[] extents, String dtype) implements Serializable {
    }

    public ShardIndex {
        extents = extents.clone();
        shards = List.copyOf(shards);
    }

    /** {@code <directory>/<name>.index.json}. */
    public Path indexFile() {
        return directory.resolve(name + ".index.json");
    }

    /** The index file's text. */
    String toJson() {
        StringBuilder sb = new StringBuilder("{\n  \"format\": \"gridforge-shards 1\",\n");
        sb.append("  \"name\": ").append(json(name)).append(",\n");
        sb.append("  \"dtype\": \"").append(dtype).append("\",\n");
        sb.append("  \"shape\": ").append(numpy(extents)).append(",\n");
        sb.append("  \"shards\": [");
        for (int i = 0; i < shards.size(); i++) {
            Shard s = shards.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"tile\": ").append(s.tile()).append(", \"file\": ").append(json(s.file()))
                    .append(", \"offset\": ").append(numpy(s.offsets())).append(", \"shape\": ").append(numpy(s.extents()))
                    .append('}');
        }
        return sb.append("\n  ]\n}\n").toString();
    }

    /** {@code text} as a JSON string: quoted, with quotes, backslashes and control characters escaped. */
    static String json(String text) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static String numpy(int[] axis0First) {
        int[] r = new int[axis0First.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = axis0First[r.length - 1 - i];
        }
        return Arrays.toString(r);
    }

    /** Reads every shard back into one host field of the whole's shape (it must fit one field). */
    public Field read() throws IOException {
        long n = 1;
        for (int e : extents) {
            n *= e;
        }
        if (n > Shape.MAX_SIZE) {
            throw new IllegalStateException("[MeshTiles] the whole of '" + name + "' has " + n
                    + " points, more than one field holds: read its shards one by one (shards())");
        }
        Shape whole = Shape.of(extents);
        Object data = null;
        dev.gridforge.runtime.ElementType type = null;
        for (Shard s : shards) {
            try (Field part = Npy.readField(directory.resolve(s.file()))) {
                if (data == null) {
                    type = part.elementType();
                    data = type.newArray(whole.size());
                }
                Boxes.copy(part.hostData(), s.extents(), new int[s.extents().length], data, extents, s.offsets(), s.extents());
            }
        }
        return Field.onHost(type, data, whole);
    }
}
