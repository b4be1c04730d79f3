package dev.gridforge.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gridforge.runtime.CudaUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvrtcLocatorTest {

    @TempDir
    Path tmp;

    @Test
    void aLibraryNamedByThePropertyIsTheOnlyCandidate() {
        List<NvrtcLocator.Candidate> c = NvrtcLocator.candidates("/opt/my/libnvrtc.so.13",
                Map.of("CUDA_HOME", "/opt/cuda-13", "LD_LIBRARY_PATH", "/x"));
        assertEquals(List.of(new NvrtcLocator.Candidate("/opt/my/libnvrtc.so.13", "system property gridforge.nvrtc.library",
                true)), c);
    }

    @Test
    void searchOrderIsToolkitDirectoriesThenLoaderPath() {
        List<NvrtcLocator.Candidate> c = NvrtcLocator.candidates(null,
                Map.of("CUDA_HOME", "/opt/cuda-13", "CUDA_PATH", "/opt/cuda-12", "LD_LIBRARY_PATH", "/x"));
        List<String> targets = c.stream().map(NvrtcLocator.Candidate::target).toList();
        assertEquals(List.of(
                "/opt/cuda-13/lib64/libnvrtc.so.13", "/opt/cuda-13/lib64/libnvrtc.so.12",
                "/opt/cuda-13/lib64/libnvrtc.so.11.2", "/opt/cuda-13/lib64/libnvrtc.so",
                "/opt/cuda-12/lib64/libnvrtc.so.13", "/opt/cuda-12/lib64/libnvrtc.so.12",
                "/opt/cuda-12/lib64/libnvrtc.so.11.2", "/opt/cuda-12/lib64/libnvrtc.so",
                "/usr/local/cuda/lib64/libnvrtc.so.13", "/usr/local/cuda/lib64/libnvrtc.so.12",
                "/usr/local/cuda/lib64/libnvrtc.so.11.2", "/usr/local/cuda/lib64/libnvrtc.so",
                "libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so"), targets);
        assertEquals("/opt/cuda-13/lib64", c.get(0).description());
        assertTrue(c.get(c.size() - 1).description().contains("LD_LIBRARY_PATH=/x"));
    }

    @Test
    void noPropertyAndNoEnvironmentStillSearchesTheDefaultToolkitAndLoaderPath() {
        List<NvrtcLocator.Candidate> c = NvrtcLocator.candidates(null, Map.of("CUDA_HOME", "/usr/local/cuda"));
        assertEquals(8, c.size(), "CUDA_HOME equal to the default directory is searched once: " + c);
    }

    @Test
    void propertyNamingAMissingFileFailsWithoutLookingElsewhere() {
        Path missing = tmp.resolve("nope/libnvrtc.so.13");
        List<String> loaded = new ArrayList<>();
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class,
                () -> NvrtcLocator.locate(NvrtcLocator.candidates(missing.toString(), Map.of()), target -> {
                    loaded.add(target);
                    throw new UnsatisfiedLinkError("Unable to load library '" + target + "'");
                }));
        assertTrue(e.getMessage().contains(missing + " (system property gridforge.nvrtc.library): no such file"),
                e.getMessage());
        assertEquals(List.of(), loaded);
        assertTrue(!e.getMessage().contains("/usr/local/cuda"), e.getMessage());
    }

    @Test
    void everyPlaceTriedIsReportedInSearchOrder() {
        Path missing = tmp.resolve("cuda/lib64/libnvrtc.so.13");
        List<NvrtcLocator.Candidate> candidates = NvrtcLocator.candidates(null,
                Map.of("CUDA_HOME", tmp.resolve("cuda").toString()));
        List<String> loaded = new ArrayList<>();
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class,
                () -> NvrtcLocator.locate(candidates, target -> {
                    loaded.add(target);
                    throw new UnsatisfiedLinkError("Unable to load library '" + target + "'");
                }));
        String reason = e.getMessage();
        assertTrue(reason.contains(missing + " (" + tmp.resolve("cuda/lib64") + "): no such file"), reason);
        for (NvrtcLocator.Candidate c : candidates) {
            assertTrue(reason.contains(c.target() + " (" + c.description() + ")"), "missing " + c + " in\n" + reason);
        }
        assertEquals(NvrtcLocator.FILE_NAMES, loaded, "only loader-path names are handed to the loader when no file exists");
        assertTrue(reason.indexOf(missing.toString()) < reason.indexOf("/usr/local/cuda/lib64/libnvrtc.so.13"),
                "reported in search order");
    }

    /** For a build log or a table row: the heading, the places tried after it separated by semicolons, then the fix. */
    @Test
    void theReasonFitsOnOneLineWithEveryPlaceTried() {
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class,
                () -> NvrtcLocator.locate(NvrtcLocator.candidates(null, Map.of("LD_LIBRARY_PATH", "/x")), target -> {
                    throw new UnsatisfiedLinkError(target + ": cannot open shared object file");
                }));
        String line = e.oneLine();
        assertTrue(line.startsWith("NVRTC (libnvrtc) was not found. Tried, in order: /usr/local/cuda/lib64/libnvrtc.so.13"
                + " (/usr/local/cuda/lib64): "), line);
        assertTrue(line.contains("; /usr/local/cuda/lib64/libnvrtc.so.12 (/usr/local/cuda/lib64): "), line);
        assertTrue(line.contains("; libnvrtc.so (loader path, "), line);
        assertTrue(line.endsWith("cannot open shared object file. Install the CUDA toolkit's NVRTC (CUDA 11.2 or later), set"
                + " CUDA_HOME, or name the file with -Dgridforge.nvrtc.library=/path/to/libnvrtc.so.13"), line);
        assertEquals(-1, line.indexOf('\n'), line);
        assertEquals(e.getMessage().lines().count() - 2, line.split("; ").length, "one part per place tried: " + line);
    }

    @Test
    void propertyNamingANonLibraryFileReportsTheLoadersError() throws IOException {
        Path notALibrary = Files.writeString(tmp.resolve("libnvrtc.so.13"), "this is not an ELF file\n");
        List<NvrtcLocator.Candidate> only = List.of(
                new NvrtcLocator.Candidate(notALibrary.toString(), "system property gridforge.nvrtc.library", true));
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class,
                () -> NvrtcLocator.locate(only, NvrtcLocator::loadWithJna));
        String reason = e.getMessage();
        assertTrue(reason.contains(notALibrary + " (system property gridforge.nvrtc.library): "), reason);
        assertTrue(reason.contains("invalid ELF header") || reason.contains("file too short"), reason);
        assertTrue(reason.lines().count() >= 2, reason);
    }

    @Test
    void theFirstCandidateThatLoadsWins() throws IOException {
        Path present = Files.writeString(tmp.resolve("libnvrtc.so.12"), "");
        NvrtcLibrary fake = new FakeNvrtc();
        List<NvrtcLocator.Candidate> candidates = List.of(
                new NvrtcLocator.Candidate(tmp.resolve("libnvrtc.so.13").toString(), tmp.toString(), true),
                new NvrtcLocator.Candidate(present.toString(), tmp.toString(), true),
                new NvrtcLocator.Candidate("libnvrtc.so", "loader path", false));
        NvrtcLocator.Located found = NvrtcLocator.locate(candidates, target -> fake);
        assertSame(fake, found.library());
        assertEquals(present.toString(), found.target());
    }
}
