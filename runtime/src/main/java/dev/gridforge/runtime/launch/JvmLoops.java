package dev.gridforge.runtime.launch;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicReference;

/** Runs the rows of a JVM launch on the common fork-join pool. */
public final class JvmLoops {

    /** Chunks per worker: enough to balance rows of uneven cost without paying much per task. */
    private static final int CHUNKS_PER_WORKER = 4;

    /** Rows are cut along x only into pieces at least this long: shorter ones cost more to hand out than to run. */
    static final int MIN_SEGMENT = 1024;

    /**
     * Rows {@code [rowFrom, rowTo)}, each from {@code xFrom} to {@code xTo} along x: whole rows
     * ({@code 0, rowLength}) or a piece of one row ({@code rowTo == rowFrom + 1}). The generated
     * loop runs over both ranges itself, so a call covers many points even when rows are short.
     */
    @FunctionalInterface
    public interface RowSegment {
        void run(int rowFrom, int rowTo, int xFrom, int xTo);
    }

    /** How many threads run rows at once: the common pool's workers and the calling thread. */
    public static int threads() {
        return ForkJoinPool.getCommonPoolParallelism() + 1;
    }

    /**
     * Runs {@code body} over {@code [0, rows)} in contiguous slices, in parallel when there is
     * more than one row and more than one core. The first exception a slice throws reaches the
     * caller as itself (not wrapped, not re-created by the pool), after the other slices stop.
     */
    public static void forRows(int rows, RowRange body) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be non-negative, got " + rows);
        }
        if (body == null) {
            throw new NullPointerException("body");
        }
        int workers = threads();
        if (rows <= 1 || workers <= 1) {
            if (rows > 0) {
                body.run(0, rows);
            }
            return;
        }
        int chunks = (int) Math.min(rows, (long) workers * CHUNKS_PER_WORKER);
        int grain = (int) (((long) rows + chunks - 1) / chunks);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ForkJoinPool.commonPool().invoke(new Slice(body, 0, rows, grain, failure));
        Throwable t = failure.get();
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
    }

    /**
     * Runs {@code body} over {@code rows} rows of {@code rowLength} points each, in parallel. Whole
     * rows are handed out while there are enough to keep every core busy; when there are fewer
     * (a 1,000,000 x 1 launch is one row), rows are cut along x into pieces of at least
     * {@link #MIN_SEGMENT} points. Exceptions reach the caller as {@link #forRows} says.
     */
    public static void forRowSegments(int rows, int rowLength, RowSegment body) {
        if (rows < 0 || rowLength < 0) {
            throw new IllegalArgumentException("rows and rowLength must be non-negative, got " + rows + " and " + rowLength);
        }
        if (body == null) {
            throw new NullPointerException("body");
        }
        if (rows == 0 || rowLength == 0) {
            return;
        }
        int wanted = threads() * CHUNKS_PER_WORKER;
        int pieces = rows >= wanted ? 1
                : (int) Math.max(1, Math.min((wanted + rows - 1) / rows, rowLength / MIN_SEGMENT));
        if (pieces == 1) {
            forRows(rows, (from, to) -> body.run(from, to, 0, rowLength));
            return;
        }
        int length = (int) (((long) rowLength + pieces - 1) / pieces);
        int perRow = (int) (((long) rowLength + length - 1) / length); // pieces, without an empty last one
        forRows(rows * perRow, (from, to) -> { // rows < wanted here, so rows * perRow is small
            for (int s = from; s < to; s++) {
                int row = s / perRow;
                int start = (s % perRow) * length;
                body.run(row, row + 1, start, start + Math.min(length, rowLength - start));
            }
        });
    }

    /** Splits in halves down to the grain; records the first failure instead of letting the pool re-wrap it. */
    private static final class Slice extends RecursiveAction {
        private static final long serialVersionUID = 1L;

        private final transient RowRange body;
        private final int from;
        private final int to;
        private final int grain;
        private final transient AtomicReference<Throwable> failure;

        Slice(RowRange body, int from, int to, int grain, AtomicReference<Throwable> failure) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.grain = grain;
            this.failure = failure;
        }

        @Override
        protected void compute() {
            if (failure.get() != null) {
                return;
            }
            if (to - from <= grain) {
                try {
                    body.run(from, to);
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                }
                return;
            }
            int mid = from + (to - from) / 2;
            invokeAll(new Slice(body, from, mid, grain, failure), new Slice(body, mid, to, grain, failure));
        }
    }

    /**
     * What the JVM backend throws for a read outside an array view or a local array: the
     * exception the read threw, with the kernel named ({@code [ArrayBounds] kernel 'shiftSum':
     * index 5 out of bounds for axis 0 of extent 5 of array 'x'}). For generated launchers.
     */
    public static IndexOutOfBoundsException readOutside(String kernel, IndexOutOfBoundsException e) {
        IndexOutOfBoundsException named = new IndexOutOfBoundsException("[ArrayBounds] kernel '" + kernel + "': " + e.getMessage());
        named.initCause(e);
        return named;
    }
}
