package org.edgegen.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.edgegen.config.ConfigurationException;
import org.edgegen.learn.CheckpointException;
import org.edgegen.model.InputException;
import org.edgegen.model.NonFiniteResultException;
import org.edgegen.sim.ActorSimulation;
import org.edgegen.training.RunInterruptedException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code edgegen} command line: the top-level command that the subcommands hang under. */
@Command(
        name = "edgegen",
        mixinStandardHelpOptions = true,
        version = Main.VERSION,
        description = "Simulates AIGC offloading in a multi-cell MEC network and learns the OSI policy.",
        subcommands = {ExplainCommand.class, SimulateCommand.class, BenchCommand.class, BenchCurveCommand.class,
                MapCommand.class, TrainCommand.class, EvaluateCommand.class, ExperimentCommand.class,
                NodeCommand.class, RunsCommand.class, AttachCommand.class, CancelCommand.class,
                ServeCommand.class})
public final class Main implements Callable<Integer> {

    /** What {@code -V} prints, for every command. */
    static final String VERSION = "edgegen 0.1.0";

    /** Exit code of a user error: a bad option, scenario key, value or path, or a missing or corrupt checkpoint. */
    public static final int USER_ERROR = 2;

    /** Exit code of a run that could not complete (e.g. every attempt of an episode timed out). */
    public static final int RUN_FAILED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** A bare {@code edgegen} names no command: the usage goes to stderr and it is a user error. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("edgegen: error: name a command");
        spec.commandLine().usage(err);
        err.flush();
        return USER_ERROR;
    }

    /**
     * The command line with EdgeGen's error handling (user errors print one line and exit with 2) and its help
     * laid out for an 80-column terminal.
     */
    public static CommandLine commandLine() {
        return commandLine(HelpLayout.DEFAULT_WIDTH);
    }

    /** The same, with {@code --help} laid out for a terminal {@code width} columns wide. */
    static CommandLine commandLine(int width) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler(Main::handle);
        commandLine.setParameterExceptionHandler(Main::badArguments);
        versionEverywhere(commandLine);
        HelpLayout.install(commandLine, width);
        return commandLine;
    }

    /** {@code -V} of a subcommand prints the version too (picocli leaves it empty unless each command sets it). */
    private static void versionEverywhere(CommandLine commandLine) {
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            if (sub.getCommandSpec().version().length == 0) {
                sub.getCommandSpec().version(VERSION);
            }
            versionEverywhere(sub);
        }
    }

    /**
     * A bad option or argument (a value that is not a number, an unknown or missing option): one line naming it,
     * picocli's suggestions for a mistyped option, the command's synopsis, and where the whole help is, rather than
     * the whole help.
     */
    private static int badArguments(CommandLine.ParameterException exception, String[] args) {
        CommandLine commandLine = exception.getCommandLine();
        PrintWriter err = commandLine.getErr();
        String path = commandLine.getCommandSpec().qualifiedName();
        err.println(path + ": error: " + exception.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(exception, err);
        err.print(commandLine.getHelp().synopsis(0));
        err.println("Run '" + path + " --help' for every option.");
        err.flush();
        return USER_ERROR;
    }

    private static int handle(Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult)
            throws Exception {
        if (exception instanceof RunInterruptedException interrupted) {
            // "interrupted after k of n episodes; results so far in DIR", with the shell's code for the signal
            PrintWriter err = commandLine.getErr();
            err.println("edgegen " + commandLine.getCommandName() + ": " + interrupted.getMessage());
            err.flush();
            return interrupted.exitCode();
        }
        boolean userError = exception instanceof ConfigurationException || exception instanceof InputException
                || exception instanceof CheckpointException;
        // a file that cannot be written (disk full, permissions) is not a bug: say which, in one line
        boolean ioFailure = exception instanceof java.io.UncheckedIOException;
        boolean runFailed = exception instanceof ActorSimulation.SimulationFailedException
                || exception instanceof NonFiniteResultException;
        if (userError || ioFailure || runFailed) {
            PrintWriter err = commandLine.getErr();
            String message = ioFailure && exception.getCause() != null
                    ? exception.getCause().toString() : exception.getMessage();
            err.println("edgegen " + commandLine.getCommandName() + ": error: " + message);
            err.flush();
            return userError ? USER_ERROR : RUN_FAILED;
        }
        throw exception;
    }

    public static void main(String[] args) {
        // Initialise SLF4J before anything else logs (avoids the "intercepted during initialization" notice).
        LoggerFactory.getLogger(Main.class);
        Signals.install();
        System.exit(commandLine().execute(args));
    }
}
