package org.edgegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code --help} of every command prints no picocli warning. picocli's tracer writes its warnings to
 * {@link System#err}, not to the command's error writer, so the test captures both.
 */
class HelpWarningTest {

    static Stream<List<String>> everyCommand() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), paths);
        return paths.stream();
    }

    private static void collect(CommandLine cmd, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        cmd.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name)) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, paths);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("everyCommand")
    void helpPrintsNoPicocliWarning(List<String> path) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        CliRun run;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            run = CliRun.of(args.toArray(String[]::new));
        } finally {
            System.setErr(original);
        }
        String systemErr = captured.toString(StandardCharsets.UTF_8);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: ");
        assertThat(run.out() + run.err() + systemErr).doesNotContain("[picocli WARN]");
    }
}
