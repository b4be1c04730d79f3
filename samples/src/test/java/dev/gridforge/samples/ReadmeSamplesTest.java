package dev.gridforge.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the README's list of samples says about the wave holds: at its defaults it stops with exit
 * code 4 by design, and the command it gives next to that runs it to the end.
 */
class ReadmeSamplesTest {

    private static final Pattern WAVE_COMMAND = Pattern.compile("`java -jar samples/target/gridforge-samples\\.jar (wave[^`]*)`");

    @Test
    void theReadmeSaysTheWaveStopsAtItsDefaultsAndGivesACommandThatRunsItStably() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        int at = readme.indexOf("are `wave` (");
        assertTrue(at > 0, "the README's list of samples starts with the wave");
        String wave = readme.substring(at, readme.indexOf("`gray-scott`", at));
        assertTrue(wave.contains("exit code 4"), "the README says the defaults stop with exit code 4: " + wave);
        Matcher m = WAVE_COMMAND.matcher(wave);
        assertTrue(m.find(), "a command that runs the wave stably, next to it: " + wave);
        List<String> args = new ArrayList<>(Arrays.asList(m.group(1).strip().split(" ")));
        args.addAll(List.of("--backend", "jvm"));
        SampleRun stable = SampleRun.of(args.toArray(String[]::new));
        assertEquals(0, stable.exitCode(), stable.out() + stable.err());
        assertTrue(stable.out().contains("u: shape (1000, 1000) float64"), stable.out());
    }
}
