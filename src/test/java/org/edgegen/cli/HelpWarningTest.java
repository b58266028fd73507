package org.edgegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code --help} of every command prints no picocli warning, and, on an 80- and a 120-column terminal, breaks no
 * name across lines. picocli's tracer writes its warnings to {@link System#err}, not to the command's error writer,
 * so the test captures both.
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

    /** The help of the command at {@code path}, laid out for {@code width} columns. */
    private static String help(List<String> path, int width) {
        CommandLine cmd = Main.commandLine(width);
        for (String name : path) {
            cmd = cmd.getSubcommands().get(name);
        }
        StringWriter out = new StringWriter();
        cmd.usage(new PrintWriter(out));
        return out.toString();
    }

    @ParameterizedTest
    @MethodSource("everyCommand")
    void helpBreaksLinesAtSpacesOnlySoThatEveryNameCanBeCopied(List<String> path) {
        // laid out without a width limit, no line is wrapped: its words are the help's words
        List<String> words = words(help(path, HelpLayout.UNBOUNDED));
        assertThat(words).contains("--help");
        for (int width : new int[] {80, 120}) {
            String text = help(path, width);
            assertThat(words(text)).as("%s at %d columns", path, width).isEqualTo(words);
            for (String line : text.split("\n")) {
                // a line may overflow only by a single name that is longer than the line
                assertThat(line.length() <= width || !line.strip().contains(" "))
                        .as("%s at %d columns: %s", path, width, line).isTrue();
            }
        }
        assertThat(help(path, 80)).doesNotContain("config.\n").doesNotContain("edgegen.\n")
                // one placeholder style everywhere: upper-case words, as picocli's <name> default is not
                .doesNotContainPattern("=<[a-z]");
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    @Test
    void aBareEdgegenShowsTheUsageOnStderrAndIsAUserError() {
        CliRun run = CliRun.of();

        assertThat(run.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(run.err()).contains("name a command").contains("Usage: edgegen");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aBadOptionValueIsOneErrorLineWithTheSynopsisNotTheWholeHelp() {
        CliRun run = CliRun.of("simulate", "--scenario", "conf/scenarios/tiny.conf", "--policy", "greedy-local",
                "--episodes", "99999999999", "--seed", "1", "--out", "runs/never");
        CliRun typo = CliRun.of("trian");

        assertThat(run.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(run.err()).startsWith("edgegen simulate: error: Invalid value for option '--episodes': "
                + "'99999999999' is not an int").contains("edgegen simulate [-hV]")
                .contains("Run 'edgegen simulate --help' for every option.")
                .doesNotContain("With --policy osi").doesNotContain("Exception");
        assertThat(typo.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(typo.err()).contains("edgegen: error: Unmatched argument", "Did you mean: edgegen train");
    }

    @ParameterizedTest
    @MethodSource("everyCommand")
    void dashVPrintsTheVersionForEveryCommand(List<String> path) {
        List<String> args = new ArrayList<>(path);
        args.add("-V");
        CliRun run = CliRun.of(args.toArray(String[]::new));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains(Main.VERSION);
    }

    @Test
    void benchUsageNamesEachPlaceholderOnce() {
        assertThat(help(List.of("bench"), 120)).contains("--users=N[,N...]").contains("--engines=ENGINE[,ENGINE...]")
                .doesNotContain("N[,N...][,N").doesNotContain("ENGINE...][,");
    }
}
