package org.edgegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small suite: the same files whatever the number of jobs, and one-line errors for bad suites. */
class ExperimentInputTest {

    @TempDir
    Path dir;

    private Path suite(String sweeps, String policies) throws IOException {
        Path file = dir.resolve("mini.conf");
        Files.writeString(file, """
                suite {
                  name = mini
                  scenario = "%s"
                  seeds = [11, 12]
                  episodes = 1
                  metrics = [cost]
                  policies = [%s]
                  osi { train = per-point, episodes = 5, seed = 3 }
                  sweeps = [ %s ]
                }
                """.formatted(Path.of("conf/scenarios/tiny.conf").toAbsolutePath(), policies, sweeps));
        return file;
    }

    @Test
    void oneJobAndTwoJobsGiveTheSameFiles() throws IOException {
        Path file = suite("{ name = users, key = \"edgegen.users.count\", values = [2, 3] },"
                + " { name = load, key = \"edgegen.task.arrival-probability\", values = [0.2, 0.5] }",
                "osi, greedy-local, random");

        CliRun one = CliRun.of("experiment", "--suite", file.toString(), "--out", dir.resolve("one").toString());
        CliRun two = CliRun.of("experiment", "--suite", file.toString(), "--out", dir.resolve("two").toString(),
                "--jobs", "2");

        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(two.exitCode()).as(two.err()).isZero();
        for (String name : List.of("users.csv", "load.csv", "points/users/01-3/results.csv",
                "points/load/00-0.2/train/train.csv")) {
            assertThat(dir.resolve("two").resolve(name)).hasSameBinaryContentAs(dir.resolve("one").resolve(name));
        }
    }

    @Test
    void reportOnlyRunsNoPointAndListsThoseNotRunYet() throws IOException {
        Path file = suite("{ name = users, key = \"edgegen.users.count\", values = [2, 3] }", "greedy-local, random");
        Path out = dir.resolve("partial");

        CliRun partial = CliRun.of("experiment", "--suite", file.toString(), "--out", out.toString(), "--report-only");

        assertThat(partial.exitCode()).as(partial.err()).isZero();
        assertThat(partial.out()).contains("(0 run now, 0 reused, 2 not run yet)");
        assertThat(out.resolve("points")).doesNotExist();
        assertThat(Files.readString(out.resolve("report.md"))).contains("**Partial report**: 2 of 2 points",
                "users = 2; users = 3", "No point of this sweep has finished yet.");

        CliRun full = CliRun.of("experiment", "--suite", file.toString(), "--out", out.toString());
        CliRun again = CliRun.of("experiment", "--suite", file.toString(), "--out", out.toString(), "--report-only");

        assertThat(full.out()).contains("(2 run now, 0 reused)");
        assertThat(again.out()).contains("(0 run now, 2 reused)");
        assertThat(Files.readString(out.resolve("report.md"))).doesNotContain("Partial report");
        assertThat(out.resolve("figures/users-cost.png")).exists();
    }

    @Test
    void aBadScenarioKeyInASweepNamesTheSweepAndThePoint() throws IOException {
        Path file = suite("{ name = users, key = \"edgegen.users.cuont\", values = [2, 3] }", "greedy-local");

        CliRun run = CliRun.of("experiment", "--suite", file.toString(), "--out", dir.resolve("x").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("edgegen experiment: error: suite mini.conf, sweep users point "
                + "'users = 2': ")
                .contains("edgegen.users.cuont").doesNotContain("\n").doesNotContain("Exception");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void anUnknownPolicyIsNamedWithTheAllowedOnes() throws IOException {
        Path file = suite("{ name = users, key = \"edgegen.users.count\", values = [2] }", "greedy-local, smart");

        CliRun run = CliRun.of("experiment", "--suite", file.toString(), "--out", dir.resolve("x").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown policy 'smart'; allowed: all-local").contains(", or osi");
    }

    @Test
    void aMissingSuiteFileAndBadJobsAreUserErrors() {
        CliRun missing = CliRun.of("experiment", "--suite", dir.resolve("no.conf").toString(), "--out",
                dir.resolve("x").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().strip()).endsWith(": error: suite file not found: " + dir.resolve("no.conf"));

        CliRun jobs = CliRun.of("experiment", "--suite", "conf/suites/quick.conf", "--out",
                dir.resolve("x").toString(), "--jobs", "0");
        assertThat(jobs.exitCode()).isEqualTo(2);
        assertThat(jobs.err().strip()).endsWith(": error: --jobs 0 is out of range: allowed >= 1");
    }

    @Test
    void aBadSweepKeyIsSaidToBeInTheSuiteNotInSet() throws IOException {
        Path file = suite("{ name = users, key = \"edgegen.users.cont\", values = [2, 3] }", "greedy-local");

        CliRun run = CliRun.of("experiment", "--suite", file.toString(), "--out", dir.resolve("bad").toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("--set")
                .contains("unknown key 'edgegen.users.cont' in the suite's overrides", "edgegen.users.count");
    }

    @Test
    void aSuiteThatIncludesAMissingFileIsAOneLineError() throws IOException {
        Path file = Files.writeString(dir.resolve("inc.conf"), "include \"missing.conf\"\n");

        CliRun run = CliRun.of("experiment", "--suite", file.toString(), "--out", dir.resolve("bad").toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").contains("file not found: " + dir.resolve("missing.conf"));
    }
}
