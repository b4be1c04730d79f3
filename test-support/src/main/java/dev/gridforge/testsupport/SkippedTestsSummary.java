package dev.gridforge.testsupport;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * At the end of a test run, one line saying how many tests were skipped and why, grouped by
 * reason: {@code gridforge-processor tests: 14 skipped: 12 tagged gpu; 2 nvcc not found}, or
 * {@code gridforge-samples tests: 1 skipped: tagged gpu} for one reason. Nothing when none was.
 *
 * <p>Skipped means disabled (the {@code gpu} tag, {@link GpuTestsCondition}) or aborted by a
 * failed assumption (no NVRTC, no nvcc, no g++, no numpy), which is how the tests say what this
 * machine lacks. A skipped class counts as the tests in it.
 *
 * <p>The line goes to the JVM's own standard error, not {@code System.err}: surefire captures what
 * tests print into files ({@code redirectTestOutputToFile}) and {@code mvn -q} silences its own
 * summary, but it copies a forked JVM's native standard error to the console as it comes (as it
 * does the JVM's own warnings). Registered through {@code META-INF/services}; the module's name
 * comes from the system property {@value #MODULE_PROPERTY}, which the parent pom sets.
 */
public final class SkippedTestsSummary implements TestExecutionListener {

    /** The system property naming the module whose tests run in this JVM. */
    public static final String MODULE_PROPERTY = "gridforge.testModule";

    private final Consumer<String> out;
    private final String module;
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> skipped = new ConcurrentHashMap<>();
    private volatile TestPlan plan;

    /** The listener JUnit loads: the line to native standard error, the module from the system property. */
    public SkippedTestsSummary() {
        this(SkippedTestsSummary::toNativeStandardError, System.getProperty(MODULE_PROPERTY, ""));
    }

    SkippedTestsSummary(Consumer<String> out, String module) {
        this.out = out;
        this.module = module;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        started.clear();
        skipped.clear();
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        started.add(id.getUniqueId());
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        count(id, reason);
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            count(id, result.getThrowable().map(Throwable::getMessage).orElse(null));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        String line = line(module, skipped);
        if (line != null) {
            out.accept(line);
        }
    }

    /** {@code null} when nothing was skipped. */
    static String line(String module, Map<String, Integer> skipped) {
        int total = skipped.values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            return null;
        }
        String reasons = skipped.size() == 1 ? skipped.keySet().iterator().next()
                : skipped.entrySet().stream()
                        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                        .map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining("; "));
        return (module.isEmpty() ? "gridforge" : module) + " tests: " + total + " skipped: " + reasons;
    }

    /**
     * The reason's first clause, so that one cause groups across tests whose messages go on
     * differently: "Assumption failed: skipped: nvcc not found (looked in ...)" is "nvcc not found".
     */
    static String label(String reason) {
        String r = reason == null ? "" : reason.strip();
        for (String prefix : new String[] {"Assumption failed: ", "skipped: "}) {
            if (r.startsWith(prefix)) {
                r = r.substring(prefix.length()).strip();
            }
        }
        int end = r.length();
        for (String stop : new String[] {" (", ": ", "; ", ". "}) {
            int at = r.indexOf(stop);
            if (at > 0) {
                end = Math.min(end, at);
            }
        }
        r = r.substring(0, end).strip();
        return r.isEmpty() ? "no reason given" : r;
    }

    private void count(TestIdentifier id, String reason) {
        int tests = id.isTest() ? 1 : notStartedTestsUnder(id);
        if (tests > 0) {
            skipped.merge(label(reason), tests, Integer::sum);
        }
    }

    /**
     * The tests under a skipped or aborted container that never started. A container without
     * children (a parameterized test whose invocations were never made) counts as one.
     */
    private int notStartedTestsUnder(TestIdentifier container) {
        TestPlan p = plan;
        if (p == null) {
            return 1;
        }
        Set<TestIdentifier> children = p.getChildren(container);
        if (children.isEmpty()) {
            return 1;
        }
        int n = 0;
        for (TestIdentifier d : p.getDescendants(container)) {
            boolean leaf = d.isTest() || p.getChildren(d).isEmpty();
            if (leaf && !started.contains(d.getUniqueId())) {
                n++;
            }
        }
        return n;
    }

    private static void toNativeStandardError(String line) {
        // Not closed: that would close the JVM's file descriptor 2.
        FileOutputStream err = new FileOutputStream(FileDescriptor.err);
        try {
            err.write((line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
            err.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
