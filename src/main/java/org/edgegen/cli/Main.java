package org.edgegen.cli;

import java.io.PrintWriter;
import org.edgegen.config.ConfigurationException;
import org.edgegen.learn.CheckpointException;
import org.edgegen.model.InputException;
import org.edgegen.model.NonFiniteResultException;
import org.edgegen.sim.ActorSimulation;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code edgegen} command line: the top-level command that the subcommands hang under. */
@Command(
        name = "edgegen",
        mixinStandardHelpOptions = true,
        version = "0.1.0",
        description = "Simulates AIGC offloading in a multi-cell MEC network and learns the OSI policy.",
        subcommands = {ExplainCommand.class, SimulateCommand.class, BenchCommand.class, TrainCommand.class,
                EvaluateCommand.class, ExperimentCommand.class, NodeCommand.class, ServeCommand.class})
public final class Main implements Runnable {

    /** Exit code of a user error: a bad option, scenario key, value or path, or a missing or corrupt checkpoint. */
    public static final int USER_ERROR = 2;

    /** Exit code of a run that could not complete (e.g. every attempt of an episode timed out). */
    public static final int RUN_FAILED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line with EdgeGen's error handling: user errors print one line and exit with 2. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler(Main::handle);
        return commandLine;
    }

    private static int handle(Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult)
            throws Exception {
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
        System.exit(commandLine().execute(args));
    }
}
