package dev.gridforge.samples;

import dev.gridforge.runtime.CudaUnavailableException;
import dev.gridforge.runtime.GridforgeException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The samples' command line: {@code java -jar gridforge-samples.jar <sample> [options]}. Each
 * sample is a subcommand; with none, the samples are listed.
 */
@Command(name = "gridforge-samples",
        mixinStandardHelpOptions = true,
        versionProvider = GridforgeVersion.class,
        description = "The gridforge samples: user problems solved with gridforge kernels, on the GPU when "
                + "there is one, else on every JVM core.",
        subcommands = {HaversineCommand.class, WaveCommand.class, GrayScottCommand.class, ShiftSumCommand.class,
                HeatResidualCommand.class, PinnResidualCommand.class, GrayScottMapCommand.class})
public final class Samples implements Callable<Integer> {

    /** Exit code for a failure gridforge reported (CUDA unavailable, a compile error, ...). */
    public static final int EXIT_GRIDFORGE_ERROR = 3;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests run it in-process with {@link CommandLine#execute}. */
    public static CommandLine commandLine() {
        return new CommandLine(new Samples())
                .setExecutionExceptionHandler(Samples::handleFailure)
                .setParameterExceptionHandler(Samples::handleBadOption);
    }

    /** Lists the samples. */
    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Usage: java -jar gridforge-samples.jar <sample> [options]   (--help for a sample's options)");
        out.println();
        out.println("Samples:");
        for (Map.Entry<String, CommandLine> e : spec.commandLine().getSubcommands().entrySet()) {
            String[] description = e.getValue().getCommandSpec().usageMessage().description();
            out.printf("  %-12s %s%n", e.getKey(), description.length > 0 ? description[0] : "");
        }
        return 0;
    }

    /** A bad option: the one line that says what is wrong, and where the usage is (not the whole usage). */
    private static int handleBadOption(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println(cmd.getColorScheme().errorText("error: " + e.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, cmd.getErr());
        cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** A gridforge failure is the user's to fix: its message, no stack trace. */
    private static int handleFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof GridforgeException || e instanceof SampleFailure) {
            cmd.getErr().println(cmd.getColorScheme().errorText("error: " + e.getMessage()));
            if (e instanceof CudaUnavailableException) {
                cmd.getErr().println("On this command line: --backend jvm (or cuda-sim to run the CUDA C on the CPU).");
            }
            return e instanceof SampleFailure f ? f.exitCode() : EXIT_GRIDFORGE_ERROR;
        }
        throw e;
    }
}
