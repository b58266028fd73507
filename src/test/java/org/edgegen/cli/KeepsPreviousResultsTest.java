package org.edgegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed or refused command leaves the results of an earlier run in its {@code --out} byte for byte. */
class KeepsPreviousResultsTest {

    private static final String TINY = "conf/scenarios/tiny.conf";

    private static Path previousRun(Path parent) {
        Path out = parent.resolve("run");
        CliRun run = CliRun.of("simulate", "--scenario", TINY, "--policy", "greedy-local", "--episodes", "2",
                "--seed", "7", "--engine", "direct", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        return out;
    }

    private static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
            }
        }
        return files;
    }

    private static void assertOneLineUserError(CliRun run) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("\tat ");
    }

    @Test
    void aRefusedOptRunKeepsThePreviousResults(@TempDir Path parent) throws IOException {
        Path out = previousRun(parent);
        Map<String, String> before = contents(out);
        assertThat(before).containsKeys("summary.json", "slots.csv", "episodes.csv", "config.conf");

        CliRun refused = CliRun.of("simulate", "--scenario", "conf/scenarios/default.conf", "--policy", "opt",
                "--episodes", "1", "--seed", "7", "--engine", "direct", "--out", out.toString());

        assertOneLineUserError(refused);
        assertThat(contents(out)).isEqualTo(before);
        try (Stream<Path> siblings = Files.list(parent)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).as("no staging left").containsExactly("run");
        }
    }

    @Test
    void aBadClusterAddressKeepsThePreviousResults(@TempDir Path parent) throws IOException {
        Path out = previousRun(parent);
        Map<String, String> before = contents(out);

        CliRun refused = CliRun.of("simulate", "--scenario", TINY, "--policy", "greedy-local", "--episodes", "1",
                "--seed", "7", "--cluster", "bogus", "--out", out.toString());

        assertOneLineUserError(refused);
        assertThat(refused.err()).contains("bogus");
        assertThat(contents(out)).isEqualTo(before);
    }

    @Test
    void aClusterPortOutOfRangeIsAOneLineUserErrorAndKeepsThePreviousResults(@TempDir Path parent)
            throws IOException {
        Path out = previousRun(parent);
        Map<String, String> before = contents(out);

        CliRun refused = CliRun.of("simulate", "--scenario", TINY, "--policy", "greedy-local", "--episodes", "1",
                "--seed", "7", "--cluster", "localhost:99999", "--out", out.toString());

        assertOneLineUserError(refused);
        assertThat(refused.err()).contains("99999").contains("1..65535");
        assertThat(contents(out)).isEqualTo(before);
    }

    @Test
    void aTrainRunThatCannotReachItsClusterKeepsThePreviousTraining(@TempDir Path parent) throws IOException {
        Path out = parent.resolve("train");
        CliRun first = CliRun.of("train", "--scenario", TINY, "--episodes", "2", "--seed", "7", "--engine", "direct",
                "--out", out.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        Map<String, String> before = contents(out);
        assertThat(before).containsKey("train.csv").containsKey("summary.json");

        for (String cluster : new String[] {"bogus", "127.0.0.1:99999"}) {
            CliRun refused = CliRun.of("train", "--scenario", TINY, "--episodes", "2", "--seed", "7", "--cluster",
                    cluster, "--out", out.toString());
            assertOneLineUserError(refused);
            assertThat(refused.err()).contains(cluster);
            assertThat(contents(out)).as(cluster).isEqualTo(before);
        }
    }

    @Test
    void aFreshTrainThatFailsAfterItStartedKeepsThePreviousTraining(@TempDir Path parent) throws IOException {
        Path out = parent.resolve("train");
        CliRun first = CliRun.of("train", "--scenario", TINY, "--episodes", "2", "--seed", "7", "--engine", "direct",
                "--out", out.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        Files.writeString(out.resolve("notes.txt"), "mine");
        Map<String, String> before = contents(out);
        assertThat(before).containsKeys("train.csv", "summary.json", "checkpoints/latest/progress.json");

        // Every episode's set-up times out, so the run fails after it opened its files, before a checkpoint.
        CliRun failed = CliRun.of("train", "--scenario", TINY, "--episodes", "2", "--seed", "7", "--engine", "actors",
                "--set", "edgegen.sim.slot-timeout-s=0.000001", "--set", "edgegen.sim.max-episode-attempts=1",
                "--out", out.toString());

        assertThat(failed.exitCode()).as(failed.err()).isEqualTo(1);
        assertThat(failed.err().strip()).contains("timeout-s").doesNotContain("\n").doesNotContain("\tat ");
        assertThat(contents(out)).isEqualTo(before);
        try (Stream<Path> siblings = Files.list(parent)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).as("nothing left aside").containsExactly(
                    "train");
        }
    }

    @Test
    void aSuccessfulRunReplacesThePreviousResultsAndKeepsOtherFiles(@TempDir Path parent) throws IOException {
        Path out = previousRun(parent);
        Files.writeString(out.resolve("notes.txt"), "mine");
        CliRun again = CliRun.of("simulate", "--scenario", TINY, "--policy", "greedy-local", "--episodes", "1",
                "--seed", "8", "--engine", "direct", "--out", out.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(Files.readString(out.resolve("summary.json"))).contains("\"seed\" : 8");
        assertThat(Files.readString(out.resolve("notes.txt"))).isEqualTo("mine");
    }

    @Test
    void aBlankOutIsAOneLineUserError() {
        CliRun run = CliRun.of("simulate", "--scenario", TINY, "--policy", "greedy-local", "--episodes", "1",
                "--seed", "7", "--engine", "direct", "--out", "");
        assertOneLineUserError(run);
        assertThat(run.err()).contains("--out").contains("blank");
    }
}
