package dev.gridforge.samples;

import dev.gridforge.runtime.Backend;
import dev.gridforge.runtime.DoubleField;
import dev.gridforge.runtime.Field;
import dev.gridforge.runtime.Gridforge;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The points of a pointwise kernel's inputs cut into consecutive chunks, each a field of its own
 * on the backend, so the kernel can be launched chunk by chunk and a long run can say how far it
 * is; and the chunks' results joined back in order. A pointwise kernel computes each point from
 * that point's inputs alone, with the same code whatever the launch, so the joined values are
 * those of one launch over all points, bit for bit. Its fields are the caller's to close
 * ({@link #fields()}).
 */
final class PointChunks {

    private final int[] starts;
    /** inputs.get(chunk)[input] */
    private final List<DoubleField[]> inputs = new ArrayList<>();
    private final int size;

    /** {@code fields}: host fields of one size, cut into chunks of {@code chunkPoints} (the last one shorter) on {@code backend}. */
    PointChunks(Backend backend, int chunkPoints, DoubleField... fields) {
        if (chunkPoints < 1) {
            throw new IllegalArgumentException("chunks need at least one point, got " + chunkPoints);
        }
        size = fields[0].shape().size();
        int count = Math.max(1, (size + chunkPoints - 1) / chunkPoints);
        starts = new int[count + 1];
        try {
            for (int c = 0; c < count; c++) {
                starts[c] = c * chunkPoints;
                starts[c + 1] = Math.min(size, (c + 1) * chunkPoints);
                DoubleField[] chunk = new DoubleField[fields.length];
                inputs.add(chunk);
                for (int i = 0; i < fields.length; i++) {
                    double[] part = Arrays.copyOfRange(fields[i].hostData(), starts[c], starts[c + 1]);
                    chunk[i] = Gridforge.upload(DoubleField.of(part, part.length), backend);
                }
            }
        } catch (RuntimeException e) {
            fields().forEach(Field::close);
            throw e;
        }
    }

    int count() {
        return inputs.size();
    }

    /** The points of chunk {@code c}. */
    int points(int c) {
        return starts[c + 1] - starts[c];
    }

    /** Input {@code i} of chunk {@code c}. */
    DoubleField input(int c, int i) {
        return inputs.get(c)[i];
    }

    /** The chunks' results, in chunk order, as one array of every point's value. */
    double[] join(List<DoubleField> results) {
        if (results.size() != count()) {
            throw new IllegalArgumentException(results.size() + " results for " + count() + " chunks");
        }
        double[] all = new double[size];
        for (int c = 0; c < results.size(); c++) {
            double[] values = results.get(c).toArray();
            System.arraycopy(values, 0, all, starts[c], values.length);
        }
        return all;
    }

    /** Every chunk's input fields, to be closed by the caller. */
    List<Field> fields() {
        List<Field> all = new ArrayList<>();
        for (DoubleField[] chunk : inputs) {
            for (DoubleField f : chunk) {
                if (f != null) {
                    all.add(f);
                }
            }
        }
        return all;
    }
}
