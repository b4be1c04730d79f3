package dev.gridforge.samples;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Test support: the samples' command line run in-process, as {@code java -jar gridforge-samples.jar ...} runs it. */
record SampleRun(int exitCode, String out, String err) {

    static SampleRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Samples.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new SampleRun(cli.execute(args), out.toString(), err.toString());
    }
}
