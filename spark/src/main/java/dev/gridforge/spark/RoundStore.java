package dev.gridforge.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * Where a tiled run keeps each exchange round's states, so that the next round starts from them
 * and a lost executor's tiles can be had again. Each round ends the lineage (else a long run's
 * lineage, a round deeper each time, overflows the stack when a task is deserialised):
 * <ul>
 * <li>with a checkpoint directory ({@code spark.setCheckpointDir}), the round is written there
 *     and read back after any loss; the round before is deleted once this one is written, so a
 *     run keeps at most two rounds there (Spark itself deletes checkpoints only with
 *     {@code spark.cleaner.referenceTracking.cleanCheckpoints});</li>
 * <li>without one, on a cluster, the round stays on the executors in two copies on different
 *     executors ({@code MEMORY_AND_DISK_SER_2} checkpointed locally): one lost executor costs
 *     nothing but its tasks, two lost at once can lose a round;</li>
 * <li>in local mode (one JVM, nothing to lose apart) in one copy.</li>
 * </ul>
 */
final class RoundStore {
    private final JavaSparkContext spark;
    private final boolean reliable;
    private final StorageLevel level;

    private RoundStore(JavaSparkContext spark, boolean reliable, StorageLevel level) {
        this.spark = spark;
        this.reliable = reliable;
        this.level = level;
    }

    static RoundStore of(JavaSparkContext spark) {
        boolean reliable = spark.getCheckpointDir().isPresent();
        boolean copies = !reliable && !spark.sc().isLocal();
        return new RoundStore(spark, reliable, copies ? StorageLevel.MEMORY_AND_DISK_SER_2() : StorageLevel.MEMORY_AND_DISK_SER());
    }

    /** Marks {@code round} to be kept when its first job computes it. */
    void keep(JavaRDD<?> round) {
        round.persist(level);
        if (reliable) {
            round.checkpoint();
        } else {
            round.rdd().localCheckpoint();
        }
    }

    /** Frees what {@link #keep} kept of {@code round}: its cached blocks and its checkpoint files. */
    void drop(JavaRDD<?> round) {
        round.unpersist(false);
        if (reliable && round.getCheckpointFile().isPresent()) {
            Path files = new Path(round.getCheckpointFile().get());
            try {
                files.getFileSystem(spark.hadoopConfiguration()).delete(files, true);
            } catch (IOException e) {
                throw new UncheckedIOException("[TiledLoop] cannot delete the checkpoint " + files + " of a finished round", e);
            }
        }
    }
}
