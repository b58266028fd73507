package org.edgegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detached-run commands refuse a bad input before joining any cluster: one line naming it, exit code 2, no
 * stack trace, nothing on stdout and nothing written.
 */
class DetachedCommandsInputTest {

    @TempDir
    Path dir;

    @Test
    void aBadClusterAddressAMissingRunIdOrADetachWithoutAClusterIsOneLineAndTouchesNothing() {
        Path out = dir.resolve("run");
        CliRun runs = CliRun.of("runs", "--cluster", "nowhere");
        CliRun attach = CliRun.of("attach", "r00000000", "--cluster", "127.0.0.1:99999");
        CliRun cancel = CliRun.of("cancel", "--cluster", "127.0.0.1:25521");
        CliRun simulate = CliRun.of("simulate", "--scenario", "conf/scenarios/tiny.conf", "--policy", "greedy-local",
                "--episodes", "1", "--seed", "1", "--out", out.toString(), "--detach");
        CliRun train = CliRun.of("train", "--scenario", "conf/scenarios/tiny.conf", "--episodes", "1", "--seed", "1",
                "--out", out.toString(), "--detach");
        CliRun engine = CliRun.of("simulate", "--scenario", "conf/scenarios/tiny.conf", "--policy", "greedy-local",
                "--episodes", "1", "--seed", "1", "--out", out.toString(), "--detach", "--cluster", "127.0.0.1:25521",
                "--engine", "direct");

        for (CliRun run : List.of(runs, attach, simulate, train, engine)) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.err().strip()).as("one line").doesNotContain("\n").doesNotContain("\tat ");
            assertThat(run.out()).isEmpty();
        }
        assertThat(cancel.exitCode()).isEqualTo(2);
        assertThat(cancel.err()).contains("Missing required parameter: 'RUN'");
        assertThat(runs.err()).contains("--cluster 'nowhere' is not HOST:PORT");
        assertThat(attach.err()).contains("port 99999 is out of range");
        assertThat(simulate.err()).contains("--detach needs --cluster HOST:PORT");
        assertThat(train.err()).contains("--detach needs --cluster HOST:PORT");
        assertThat(engine.err()).contains("--cluster needs --engine actors");
        assertThat(out).doesNotExist();
    }
}
