package org.edgegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.edgegen.training.StopRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGINT or SIGTERM during a run, by the path the signal handler takes ({@link Signals#stop}): the run ends after
 * the episode it is in, keeps the complete episodes with {@code "status": "interrupted"}, prints one line and exits
 * with 128 + the signal number; train stops at an update with a checkpoint that resumes as if nothing had happened.
 */
class InterruptionTest {

    private static final String TINY = "conf/scenarios/tiny.conf";

    /** Runs the command in another thread and sends it the signal as soon as it has asked for a stop request. */
    private static CliRun interrupted(String signal, int exitCode, String... args) throws Exception {
        Optional<StopRequest> before = Signals.current();
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of(args));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Signals.current().equals(before) && !run.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Signals.current().filter(r -> !Optional.of(r).equals(before)).ifPresent(r -> Signals.stop(r, signal,
                exitCode));
        return run.get(120, TimeUnit.SECONDS);
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void anInterruptedSimulationKeepsItsCompleteEpisodesAndSaysSo(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        CliRun run = interrupted("INT", 130, "simulate", "--scenario", TINY, "--policy", "greedy-local",
                "--episodes", "5000", "--seed", "7", "--engine", "direct", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
        JsonNode summary = json(out.resolve("summary.json"));
        assertThat(summary.get("status").asText()).isEqualTo("interrupted");
        int episodes = summary.get("episodes").asInt();
        assertThat(episodes).isBetween(1, 4999);
        assertThat(Files.readAllLines(out.resolve("episodes.csv"))).hasSize(episodes + 1);
        assertThat(lastLine(run.err())).isEqualTo("edgegen simulate: interrupted after " + episodes
                + " of 5000 episodes; results so far in " + out);
        assertThat(run.err()).doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();

        // the episodes kept are those of an uninterrupted run of as many episodes
        Path whole = dir.resolve("whole");
        CliRun complete = CliRun.of("simulate", "--scenario", TINY, "--policy", "greedy-local", "--episodes",
                Integer.toString(episodes), "--seed", "7", "--engine", "direct", "--out", whole.toString());
        assertThat(complete.exitCode()).as(complete.err()).isZero();
        assertThat(json(whole.resolve("summary.json")).get("status").asText()).isEqualTo("complete");
        for (String file : List.of("slots.csv", "episodes.csv", "config.conf")) {
            assertThat(Files.readAllBytes(out.resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(whole.resolve(file)));
        }
    }

    @Test
    void anInterruptedActorSimulationStopsWithoutANodeFaultAndKeepsItsEpisodes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        CliRun run = interrupted("TERM", 143, "simulate", "--scenario", TINY, "--policy", "least-loaded",
                "--episodes", "2000", "--seed", "7", "--engine", "actors", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(143);
        JsonNode summary = json(out.resolve("summary.json"));
        assertThat(summary.get("status").asText()).isEqualTo("interrupted");
        int episodes = summary.get("episodes").asInt();
        assertThat(episodes).isBetween(1, 1999);
        assertThat(summary.get("faults").asInt()).isZero();
        assertThat(Files.readAllLines(out.resolve("episodes.csv"))).hasSize(episodes + 1);
        assertThat(lastLine(run.err())).startsWith("edgegen simulate: interrupted after " + episodes + " of 2000");
    }

    @Test
    void anInterruptedTrainingStopsAtAnUpdateWithACheckpointThatResumesAsIfNothingHappened(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("run");
        List<String> common = List.of("--scenario", TINY, "--seed", "7", "--engine", "direct", "--set",
                "edgegen.time.slots-per-episode=10", "--set", "edgegen.learner.episodes-per-update=4",
                "--checkpoint-every", "1000");
        List<String> args = new ArrayList<>(List.of("train", "--episodes", "400", "--out", out.toString()));
        args.addAll(common);
        CliRun run = interrupted("INT", 130, args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
        JsonNode summary = json(out.resolve("summary.json"));
        assertThat(summary.get("status").asText()).isEqualTo("interrupted");
        int episodes = summary.get("episodes").asInt();
        assertThat(episodes).isBetween(4, 396);
        assertThat(episodes % 4).as("stopped at an update").isZero();
        assertThat(json(out.resolve("checkpoints/latest/progress.json")).get("episodesDone").asInt())
                .isEqualTo(episodes);
        assertThat(lastLine(run.err())).isEqualTo("edgegen train: interrupted after " + episodes
                + " of 400 episodes; results so far in " + out);

        int end = episodes + 4;
        List<String> resume = new ArrayList<>(List.of("train", "--episodes", Integer.toString(end), "--out",
                out.toString(), "--resume", out.toString()));
        resume.addAll(common);
        CliRun resumed = CliRun.of(resume.toArray(String[]::new));
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(json(out.resolve("summary.json")).get("status").asText()).isEqualTo("complete");

        Path straight = dir.resolve("straight");
        List<String> whole = new ArrayList<>(List.of("train", "--episodes", Integer.toString(end), "--out",
                straight.toString()));
        whole.addAll(common);
        CliRun uninterrupted = CliRun.of(whole.toArray(String[]::new));
        assertThat(uninterrupted.exitCode()).as(uninterrupted.err()).isZero();
        assertThat(Files.readAllBytes(out.resolve("train.csv")))
                .isEqualTo(Files.readAllBytes(straight.resolve("train.csv")));
    }

    @Test
    void anInterruptedEvaluationLeavesAnEarlierComparisonAsItWas(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("eval");
        String[] args = {"evaluate", "--scenario", TINY, "--episodes", "2", "--seed", "1001", "--policies",
            "greedy-local,random", "--out", out.toString()};
        CliRun earlier = CliRun.of(args);
        assertThat(earlier.exitCode()).as(earlier.err()).isZero();
        byte[] comparison = Files.readAllBytes(out.resolve("comparison.csv"));

        String[] longer = args.clone();
        longer[4] = "3000";
        CliRun run = interrupted("TERM", 143, longer);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(143);
        assertThat(lastLine(run.err())).startsWith("edgegen evaluate: interrupted after ")
                .endsWith("; --out " + out + " is left as it was");
        assertThat(Files.readAllBytes(out.resolve("comparison.csv"))).isEqualTo(comparison);
    }

    @Test
    void anInterruptedSuiteStartsNoFurtherPointAndStillWritesItsReport(@TempDir Path dir) throws Exception {
        Path suite = dir.resolve("suite.conf");
        Files.writeString(suite, "suite {\n  name = s\n  scenario = \"" + Path.of(TINY).toAbsolutePath() + "\"\n"
                + "  seeds = [1001]\n  episodes = 1\n  policies = [greedy-local]\n"
                + "  set { edgegen.time.slots-per-episode = 5 }\n"
                + "  sweeps = [{ name = users, key = \"edgegen.users.count\", values = [2, 3, 4, 5, 6, 7] }]\n}\n");
        Path out = dir.resolve("exp");

        CliRun run = interrupted("INT", 130, "experiment", "--suite", suite.toString(), "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(130);
        String last = lastLine(run.err());
        assertThat(last).startsWith("edgegen experiment: interrupted after ")
                .endsWith(" of 6 points; results so far in " + out);
        int done = Integer.parseInt(last.replaceAll(".*interrupted after (\\d+) of.*", "$1"));
        assertThat(done).isLessThan(6);
        assertThat(Files.readString(out.resolve("report.md"))).contains("not run yet");
        assertThat(Files.readAllLines(out.resolve("users.csv"))).hasSize(done + 1);

        CliRun again = CliRun.of("experiment", "--suite", suite.toString(), "--out", out.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("(" + (6 - done) + " run now, " + done + " reused)");
    }
}
