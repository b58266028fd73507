package org.edgegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input that would be silently ignored is a one-line user error, exit 2, no stack trace. */
class IgnoredInputTest {

    private static void assertOneLineUserError(CliRun run, String... named) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("\tat ").contains(named);
    }

    @Test
    void aMissingIncludeIsAUserError(@TempDir Path dir) throws IOException {
        Path scenario = dir.resolve("s.conf");
        Files.writeString(scenario, "include \"missing.conf\"\n");
        CliRun run = CliRun.of("simulate", "--scenario", scenario.toString(), "--policy", "greedy-local",
                "--episodes", "1", "--seed", "7", "--engine", "direct", "--out", dir.resolve("out").toString());
        assertOneLineUserError(run, "missing.conf");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void anIncludeThatExistsStillWorks(@TempDir Path dir) throws IOException {
        Path scenario = dir.resolve("s.conf");
        Files.writeString(scenario, "include \"" + Path.of("conf/scenarios/tiny.conf").toAbsolutePath() + "\"\n");
        CliRun run = CliRun.of("simulate", "--scenario", scenario.toString(), "--policy", "greedy-local",
                "--episodes", "1", "--seed", "7", "--engine", "direct", "--out", dir.resolve("out").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void aCheckpointForAPolicyWithoutWeightsIsAUserError(@TempDir Path dir) {
        CliRun run = CliRun.of("simulate", "--scenario", "conf/scenarios/tiny.conf", "--policy", "greedy-local",
                "--checkpoint", dir.toString(), "--episodes", "1", "--seed", "7", "--engine", "direct", "--out",
                dir.resolve("out").toString());
        assertOneLineUserError(run, "--checkpoint", "greedy-local", "osi");
    }
}
