package dev.gridforge.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One Spark of the tests' own, {@code local[2,4]}: two task threads, and a failed task tried up
 * to four times (as {@code spark.task.maxFailures} on a cluster). Tasks without a GPU run on the
 * JVM backend. Made at first use and stopped when the JVM exits; a test that needs another
 * configuration stops it first ({@link #stop}) and it is made again at the next use.
 */
final class LocalSpark {
    private static JavaSparkContext spark;

    private LocalSpark() {
    }

    static synchronized JavaSparkContext get() {
        if (spark == null) {
            spark = new JavaSparkContext(conf("local[2,4]"));
            Runtime.getRuntime().addShutdownHook(new Thread(LocalSpark::stop));
        }
        return spark;
    }

    /** The tests' settings: no web UI, loopback only, the JVM backend where no GPU is assigned. */
    static SparkConf conf(String master) {
        return new SparkConf().setMaster(master).setAppName("gridforge-spark-tests")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.showConsoleProgress", "false")
                .set(TaskDevice.BACKEND_KEY, "jvm");
    }

    static synchronized void stop() {
        if (spark != null) {
            spark.stop();
            spark = null;
        }
    }
}
