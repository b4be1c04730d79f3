package dev.gridforge.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

class SkippedTestsSummaryTest {

    @Test
    void oneLineCountsEachTestSkippedByReasonLargestFirst() {
        assertEquals(List.of("gridforge-x tests: 10 skipped: 4 tagged gpu; 3 nvcc not found; 2 no C++ compiler; 1 no NVRTC on this machine"),
                run("false", Fixtures.GpuClass.class, Fixtures.GpuMethod.class, Fixtures.Assumed.class,
                        Fixtures.AssumedForTheClass.class, Fixtures.AllRun.class));
    }

    @Test
    void oneReasonIsNamedWithoutItsCount() {
        assertEquals(List.of("gridforge-x tests: 4 skipped: tagged gpu"), run("false", Fixtures.GpuClass.class, Fixtures.GpuMethod.class));
    }

    @Test
    void theGpuTestsRunWhenAskedFor() {
        assertEquals(List.of(), run("true", Fixtures.GpuClass.class, Fixtures.GpuMethod.class));
    }

    @Test
    void nothingSkippedPrintsNothing() {
        assertEquals(List.of(), run("false", Fixtures.AllRun.class));
    }

    @Test
    void labelsAreTheReasonsFirstClause() {
        assertEquals("nvcc not found", SkippedTestsSummary.label("Assumption failed: skipped: nvcc not found (looked in PATH)"));
        assertEquals("no C++ compiler", SkippedTestsSummary.label("Assumption failed: no C++ compiler (g++ or c++) on PATH: simulator tests skipped"));
        assertEquals("python3 with numpy is not available", SkippedTestsSummary.label("Assumption failed: python3 with numpy is not available"));
        assertEquals("tagged gpu", SkippedTestsSummary.label(GpuTestsCondition.REASON));
        assertEquals("no reason given", SkippedTestsSummary.label(null));
    }

    /** The classes run on a launcher of their own, with only this listener, as surefire would run them. */
    private static List<String> run(String gpuTests, Class<?>... classes) {
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .build());
        List<String> lines = new ArrayList<>();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                        .selectors(Arrays.stream(classes).map(c -> selectClass(c)).toList())
                        .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                        .configurationParameter(GpuTestsCondition.PROPERTY, gpuTests)
                        .build(),
                new SkippedTestsSummary(lines::add, "gridforge-x"), summary);
        assertEquals(0, summary.getSummary().getTotalFailureCount(), () -> summary.getSummary().getFailures().toString());
        return lines;
    }
}
