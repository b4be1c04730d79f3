package dev.gridforge.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A Spark cluster inside the test ({@code local-cluster[1,cores,1024]}: a master, one worker and
 * an executor in a JVM of its own) that schedules GPUs as a real cluster does: the worker runs a
 * discovery script listing {@code addresses}, the executor takes them all
 * ({@code spark.executor.resource.gpu.amount}) and each task one
 * ({@code spark.task.resource.gpu.amount=1}), read back by the task from
 * {@code TaskContext.resources()}. Local mode ({@code local[N]}) assigns no GPUs at all.
 *
 * <p>Spark runs its executors from a distribution's {@code jars/}; a test has none, so the
 * executor is given this JVM's class path, and Spark's testing switch (on while the cluster
 * runs, with a temporary Spark home) gives the worker a temporary directory instead of
 * {@code ./work}.
 */
final class LocalCluster implements AutoCloseable {
    private static final String TESTING = "spark.testing";
    private static final String TEST_HOME = "spark.test.home";

    private final JavaSparkContext spark;
    private final String testingBefore;
    private final String testHomeBefore;
    private final Path scripts;

    private final int executors;

    private LocalCluster(int executors, String[] addresses, int cores) throws IOException {
        this.executors = executors;
        testingBefore = System.getProperty(TESTING);
        testHomeBefore = System.getProperty(TEST_HOME);
        try {
            scripts = Files.createTempDirectory("gridforge-gpus");
            Path script = scripts.resolve("gpus.sh");
            String list = Arrays.stream(addresses).map(a -> "\"" + a + "\"").collect(Collectors.joining(", "));
            Files.writeString(script, "#!/bin/sh\necho '{\"name\": \"gpu\", \"addresses\": [" + list + "]}'\n");
            if (!script.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + script + " executable");
            }
            System.setProperty(TESTING, "true");
            System.setProperty(TEST_HOME, scripts.toString());
            SparkConf conf = LocalSpark.conf("local-cluster[" + executors + "," + cores + ",1024]");
            if (addresses.length > 0) {
                conf.set("spark.worker.resource.gpu.amount", Integer.toString(addresses.length))
                        .set("spark.worker.resource.gpu.discoveryScript", script.toString())
                        .set("spark.executor.resource.gpu.amount", Integer.toString(addresses.length))
                        .set("spark.task.resource.gpu.amount", "1");
            }
            conf.set("spark.executor.extraClassPath", absoluteClassPath())
                    .set("spark.executorEnv.SPARK_TESTING", "1")
                    .set("spark.executorEnv.SPARK_SCALA_VERSION", "2.13")
                    .set("spark.executor.extraJavaOptions", "--enable-native-access=ALL-UNNAMED");
            spark = new JavaSparkContext(conf);
            awaitExecutors();
        } catch (Throwable t) { // SparkException too, which Scala throws undeclared
            restore();
            throw t;
        }
    }

    /**
     * Starts a cluster whose one executor has {@code cores} task slots and the GPUs {@code addresses}.
     * Local mode's shared context ({@link LocalSpark}) is stopped first: one SparkContext per JVM.
     */
    static LocalCluster withGpus(int cores, String... addresses) {
        return start(1, cores, addresses);
    }

    /** Starts a cluster of {@code executors} executors (each on a worker of its own) of {@code cores} task slots, without GPUs. */
    static LocalCluster of(int executors, int cores) {
        return start(executors, cores);
    }

    private static LocalCluster start(int executors, int cores, String... addresses) {
        LocalSpark.stop();
        try {
            return new LocalCluster(executors, addresses, cores);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until all the executors are registered (again, after one was lost: its worker starts
     * another): one that cannot start (a class path, a JVM option) is launched again and again
     * while a job waits for ever, so say why from its stderr instead.
     */
    void awaitExecutors() throws IOException {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (spark.statusTracker().getExecutorInfos().length < executors + 1) { // the driver counts as one
            if (System.nanoTime() > deadline) {
                String why = lastExecutorStderr();
                spark.stop();
                throw new IllegalStateException("the local cluster's executors did not all start in 90 s; the last one's stderr:\n"
                        + why);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                spark.stop();
                throw new IllegalStateException("interrupted while waiting for the local cluster's executor", e);
            }
        }
    }

    /** The end of the stderr of the executor launched last (under the worker's temporary directory). */
    private static String lastExecutorStderr() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (var files = Files.find(tmp, 4, (p, a) -> p.getFileName().toString().equals("stderr")
                && p.toString().contains(File.separator + "worker-"))) {
            Path last = files.max(java.util.Comparator.comparing(p -> p.toFile().lastModified())).orElse(null);
            if (last == null) {
                return "(none found under " + tmp + ")";
            }
            String text = Files.readString(last);
            return last + ":\n" + text.substring(Math.max(0, text.length() - 4000));
        }
    }

    /** This JVM's class path with every entry made absolute: the executor runs in a directory of its own. */
    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.isEmpty())
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    JavaSparkContext spark() {
        return spark;
    }

    @Override
    public void close() {
        try {
            spark.stop();
        } finally {
            restore();
        }
    }

    private void restore() {
        restore(TESTING, testingBefore);
        restore(TEST_HOME, testHomeBefore);
        if (scripts != null) {
            try (var files = Files.walk(scripts)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory left behind
            }
        }
    }

    private static void restore(String property, String before) {
        if (before == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, before);
        }
    }
}
