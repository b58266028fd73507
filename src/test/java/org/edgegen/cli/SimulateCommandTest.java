package org.edgegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.edgegen.config.ScenarioLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

    private static final String TINY = "conf/scenarios/tiny.conf";

    private static CliRun simulateTiny(Path out) {
        return simulateTiny(out, "direct");
    }

    private static CliRun simulateTiny(Path out, String engine) {
        return CliRun.of("simulate", "--scenario", TINY, "--policy", "greedy-local", "--episodes", "2", "--seed", "7",
                "--engine", engine, "--out", out.toString());
    }

    @Test
    void theActorEngineWritesByteIdenticalCsvFilesToTheDirectLoopAndToItself(@TempDir Path direct,
            @TempDir Path actors, @TempDir Path actorsAgain) throws IOException {
        assertThat(simulateTiny(direct, "direct").exitCode()).isZero();
        CliRun run = simulateTiny(actors, "actors");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(simulateTiny(actorsAgain, "actors").exitCode()).isZero();

        for (String file : List.of("slots.csv", "episodes.csv")) {
            assertThat(Files.readAllBytes(actors.resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(direct.resolve(file)))
                    .isEqualTo(Files.readAllBytes(actorsAgain.resolve(file)));
        }
        assertThat(new ObjectMapper().readTree(actors.resolve("summary.json").toFile()).get("engine").asText())
                .isEqualTo("actors");
    }

    @Test
    void withInterCellInterferenceTheActorEngineWritesByteIdenticalCsvFilesToTheDirectLoop(@TempDir Path direct,
            @TempDir Path actors) throws IOException {
        List<String> common = List.of("simulate", "--scenario", "conf/scenarios/sinr.conf", "--policy",
                "greedy-local", "--episodes", "2", "--seed", "7");
        CliRun viaActors = CliRun.of(concat(common, "--out", actors.toString()).toArray(String[]::new));
        assertThat(viaActors.exitCode()).as(viaActors.err()).isZero();
        CliRun viaDirect = CliRun.of(concat(common, "--engine", "direct", "--out", direct.toString())
                .toArray(String[]::new));
        assertThat(viaDirect.exitCode()).as(viaDirect.err()).isZero();

        for (String file : List.of("slots.csv", "episodes.csv")) {
            assertThat(Files.readAllBytes(actors.resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(direct.resolve(file)));
        }
        assertThat(new ObjectMapper().readTree(actors.resolve("summary.json").toFile()).get("engine").asText())
                .as("the actor engine is the default").isEqualTo("actors");
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    @Test
    void twoRunsWithTheSameArgumentsWriteByteIdenticalCsvFiles(@TempDir Path first, @TempDir Path second)
            throws IOException {
        assertThat(simulateTiny(first).exitCode()).isZero();
        assertThat(simulateTiny(second).exitCode()).isZero();

        for (String file : List.of("slots.csv", "episodes.csv", "config.conf")) {
            assertThat(Files.readAllBytes(second.resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(first.resolve(file)));
        }
    }

    @Test
    void theCsvFilesHaveAHeaderAndOneRowPerSlotAndPerEpisode(@TempDir Path out) throws IOException {
        simulateTiny(out);

        List<String> slots = Files.readAllLines(out.resolve("slots.csv"));
        List<String> episodes = Files.readAllLines(out.resolve("episodes.csv"));
        assertThat(slots).hasSize(1 + 2 * 60);
        assertThat(slots.get(0)).isEqualTo("episode,slot,activeUsers,meanCost,meanDelaySeconds,meanEnergyJoules,"
                + "meanError,meanPenalty,local,home,neighbour,failed,deadlineViolations,qualityViolations,"
                + "droppedTasks,invalidActions,meanSteps");
        assertThat(slots.get(1)).startsWith("0,0,");
        assertThat(slots.get(120)).startsWith("1,59,");
        assertThat(episodes).hasSize(3);
        assertThat(episodes.get(0)).startsWith("episode,slots,tasks,meanCost,");
        long activeUsersOfEpisode0 = slots.subList(1, 61).stream()
                .mapToLong(line -> Long.parseLong(line.split(",")[2])).sum();
        assertThat(episodes.get(1)).startsWith("0,60," + activeUsersOfEpisode0 + ",");
    }

    @Test
    void theSummaryHasEveryFieldAndItsCountsAddUp(@TempDir Path out) throws IOException {
        CliRun run = simulateTiny(out);

        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        for (String field : List.of("policy", "scenario", "seed", "episodes", "engine", "meanCost",
                "meanDelaySeconds", "meanEnergyJoules", "meanError", "meanPenalty", "deadlineViolationRate",
                "qualityViolationRate", "decisions", "decisionShares", "meanSteps", "tasks", "droppedTasks",
                "invalidActions", "timeouts", "episodesRerun", "staleMessages", "userSlotsPerSecond", "wallSeconds",
                "machine")) {
            assertThat(summary.has(field)).as(field).isTrue();
        }
        for (String path : List.of("local", "home", "neighbour", "failed")) {
            assertThat(summary.get("decisions").has(path)).as("decisions." + path).isTrue();
            assertThat(summary.get("decisionShares").has(path)).as("decisionShares." + path).isTrue();
        }
        for (String field : List.of("availableProcessors", "maxHeapBytes", "javaVersion", "osName",
                "garbageCollectors")) {
            assertThat(summary.get("machine").has(field)).as("machine." + field).isTrue();
        }
        assertThat(summary.get("policy").asText()).isEqualTo("greedy-local");
        assertThat(summary.get("scenario").asText()).isEqualTo("tiny");
        assertThat(summary.get("engine").asText()).isEqualTo("direct");
        assertThat(summary.get("seed").asLong()).isEqualTo(7);
        assertThat(summary.get("episodes").asInt()).isEqualTo(2);
        JsonNode decisions = summary.get("decisions");
        assertThat(decisions.get("local").asLong() + decisions.get("home").asLong()
                + decisions.get("neighbour").asLong() + decisions.get("failed").asLong())
                .isEqualTo(summary.get("tasks").asLong()).isPositive();
        assertThat(summary.get("userSlotsPerSecond").asDouble()).isPositive();
        assertThat(run.out()).contains("mean cost").contains("throughput");
    }

    @Test
    void configConfLoadsToTheSameResolvedScenario(@TempDir Path out) throws IOException {
        CliRun run = CliRun.of("simulate", "--scenario", TINY, "--policy", "greedy-local", "--episodes", "1", "--seed",
                "7", "--engine", "direct", "--out", out.toString(), "--set", "edgegen.users.count=5");
        assertThat(run.exitCode()).as(run.err()).isZero();

        String original = ScenarioLoader.load(Path.of(TINY), java.util.Map.of("edgegen.users.count", "5"))
                .renderHocon();
        assertThat(ScenarioLoader.load(out.resolve("config.conf")).renderHocon()).isEqualTo(original);
    }

    @Test
    void aRegularFileAsOutIsAOneLineUserError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "not a directory");

        CliRun onFile = simulateTiny(file);
        CliRun underFile = simulateTiny(file.resolve("sub"));

        assertThat(onFile.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(onFile.err().strip()).doesNotContain("\n").contains("--out").contains(file.toString());
        assertThat(onFile.out()).isEmpty();
        assertThat(underFile.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(underFile.err().strip()).doesNotContain("\n").contains("--out");
    }

    @Test
    void zeroEpisodesIsAUserError(@TempDir Path out) {
        CliRun run = CliRun.of("simulate", "--scenario", TINY, "--policy", "greedy-local", "--episodes", "0", "--seed", "1",
                "--engine", "direct", "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(run.err().strip()).doesNotContain("\n").contains("--episodes 0");
    }

    @Test
    void anUnknownPolicyOrEngineIsAUserErrorAndWritesNothing(@TempDir Path dir) {
        Path out = dir.resolve("run");
        CliRun policy = CliRun.of("simulate", "--scenario", TINY, "--policy", "clever", "--episodes", "1", "--seed", "1",
                "--engine", "direct", "--out", out.toString());
        CliRun engine = CliRun.of("simulate", "--scenario", TINY, "--policy", "greedy-local", "--episodes", "1", "--seed",
                "1", "--engine", "quantum", "--out", out.toString());

        assertThat(policy.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(policy.err()).contains("clever").contains("greedy-local");
        assertThat(engine.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(engine.err()).contains("quantum").contains("actors, direct");
        assertThat(out).doesNotExist();
    }

    @Test
    void aRunIntoAnExistingDirectoryReplacesTheRunFiles(@TempDir Path out) throws IOException {
        Files.writeString(out.resolve("slots.csv"), "stale\n");
        Files.writeString(out.resolve("keep.txt"), "mine\n");

        assertThat(simulateTiny(out).exitCode()).isZero();

        assertThat(Files.readString(out.resolve("slots.csv"))).startsWith("episode,slot,");
        assertThat(out.resolve("keep.txt")).hasContent("mine");
    }

    @Test
    void aTrainedOsiPolicyIsPlayedGreedilyWithTheSameNumbersByBothEngines(@TempDir Path train, @TempDir Path actors,
            @TempDir Path direct) throws IOException {
        CliRun trained = CliRun.of("train", "--scenario", TINY, "--episodes", "4", "--seed", "7", "--out",
                train.toString(), "--engine", "direct", "--set", "edgegen.time.slots-per-episode=10");
        assertThat(trained.exitCode()).as(trained.err()).isZero();

        for (Path out : List.of(actors, direct)) {
            CliRun run = CliRun.of("simulate", "--scenario", TINY, "--policy", "osi", "--checkpoint",
                    train.toString(), "--episodes", "2", "--seed", "1001", "--out", out.toString(), "--engine",
                    out == actors ? "actors" : "direct");
            assertThat(run.exitCode()).as(run.err()).isZero();
        }

        assertThat(Files.readAllBytes(actors.resolve("slots.csv")))
                .isEqualTo(Files.readAllBytes(direct.resolve("slots.csv")));
        assertThat(new ObjectMapper().readTree(actors.resolve("summary.json").toFile()).get("policy").asText())
                .isEqualTo("osi");
    }

    @Test
    void osiWithoutACheckpointIsAUserError(@TempDir Path out) {
        CliRun run = CliRun.of("simulate", "--scenario", TINY, "--policy", "osi", "--episodes", "1", "--seed", "1",
                "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(run.err().strip()).doesNotContain("\n").contains("--checkpoint");
    }

    @Test
    void optOnAScenarioTooLargeForItIsAOneLineUserErrorOnTheActorEngine(@TempDir Path out) {
        CliRun run = CliRun.of("simulate", "--scenario", "conf/scenarios/default.conf", "--policy", "opt",
                "--episodes", "1", "--seed", "1", "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(run.err().strip()).doesNotContain("\n").contains("edgegen.baselines.opt.max-joint-actions");
    }
}
