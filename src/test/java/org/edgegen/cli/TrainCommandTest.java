package org.edgegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    private static final String TINY = "conf/scenarios/tiny.conf";

    /** Trains on tiny with 10-slot episodes. */
    private static CliRun train(Path out, String engine, int episodes, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--scenario", TINY, "--episodes",
                Integer.toString(episodes), "--seed", "7", "--engine", engine, "--out", out.toString(), "--set",
                "edgegen.time.slots-per-episode=10", "--set", "edgegen.learner.episodes-per-update=1"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void withSeveralEpisodesPerUpdateACheckpointWaitsForTheUpdateAndAResumedRunMakesTheSameBatches(
            @TempDir Path straight, @TempDir Path resumed) throws IOException {
        String fourPerUpdate = "edgegen.learner.episodes-per-update=4";
        assertThat(train(straight, "direct", 8, "--checkpoint-every", "3", "--set", fourPerUpdate).exitCode())
                .isZero();
        // due after 3 and 6 episodes, taken after the updates of episodes 4 and 8
        assertThat(straight.resolve("checkpoints/episode-000003")).doesNotExist();
        assertThat(straight.resolve("checkpoints/episode-000004")).isDirectory();
        assertThat(straight.resolve("checkpoints/episode-000006")).doesNotExist();
        assertThat(straight.resolve("checkpoints/episode-000008")).isDirectory();

        assertThat(train(resumed, "direct", 4, "--checkpoint-every", "3", "--set", fourPerUpdate).exitCode())
                .isZero();
        CliRun more = train(resumed, "direct", 8, "--checkpoint-every", "3", "--set", fourPerUpdate, "--resume",
                resumed.toString());
        assertThat(more.exitCode()).as(more.err()).isZero();
        assertThat(more.out()).as("a resumed run, not a fresh one").contains("episodes 4..7");
        assertThat(Files.readAllBytes(resumed.resolve("train.csv")))
                .isEqualTo(Files.readAllBytes(straight.resolve("train.csv")));
    }

    @Test
    void trainingOnTinyWritesEveryFileOfTheRun(@TempDir Path out) throws IOException {
        CliRun run = train(out, "direct", 3, "--checkpoint-every", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(out.resolve("config.conf")).isNotEmptyFile();
        List<String> curve = Files.readAllLines(out.resolve("train.csv"));
        assertThat(curve).hasSize(4);
        assertThat(curve.get(0)).startsWith("episode,policyVersion,meanReward,meanCost,");
        assertThat(curve.subList(1, 4)).extracting(l -> l.substring(0, l.indexOf(',', 2)))
                .containsExactly("0,0", "1,1", "2,2");
        try (Stream<Path> events = Files.list(out.resolve("tensorboard"))) {
            assertThat(events.toList()).singleElement()
                    .satisfies(f -> assertThat(f.getFileName().toString()).startsWith("events.out.tfevents."));
        }
        for (String checkpoint : List.of("episode-000002", "episode-000003", "latest")) {
            Path dir = out.resolve("checkpoints").resolve(checkpoint);
            assertThat(dir.resolve("learner.json")).as(checkpoint).isNotEmptyFile();
            assertThat(dir.resolve("progress.json")).as(checkpoint).isNotEmptyFile();
            assertThat(dir.resolve("variables/variables.index")).as(checkpoint).isNotEmptyFile();
        }
        JsonNode progress = json(out.resolve("checkpoints/latest/progress.json"));
        assertThat(progress.get("episodesDone").asInt()).isEqualTo(3);
        assertThat(progress.get("policyVersion").asLong()).isEqualTo(3);
        assertThat(progress.get("seed").asLong()).isEqualTo(7);
        assertThat(progress.get("scenario").asText()).contains("slots-per-episode").contains("tiny");
        assertThat(out.resolve("policy/saved_model.pb")).isNotEmptyFile();
        JsonNode summary = json(out.resolve("summary.json"));
        assertThat(summary.get("episodes").asInt()).isEqualTo(3);
        assertThat(summary.get("finalPolicyVersion").asLong()).isEqualTo(3);
        assertThat(summary.get("recentEpisodes").asInt()).isEqualTo(3);
        assertThat(summary.get("recentMeanCost").asDouble()).isPositive();
        assertThat(summary.get("wallSeconds").asDouble()).isPositive();
        assertThat(summary.get("machine").has("availableProcessors")).isTrue();
        assertThat(run.out()).contains("policy version       3").contains("mean cost").contains("summary.json");
    }

    @Test
    void aResumedRunContinuesTheEpisodeNumberingAndTheCurveOfAnUninterruptedOne(@TempDir Path whole,
            @TempDir Path interrupted) throws IOException {
        assertThat(train(whole, "direct", 4, "--checkpoint-every", "2").exitCode()).isZero();
        assertThat(train(interrupted, "direct", 2, "--checkpoint-every", "2").exitCode()).isZero();

        CliRun resumed = train(interrupted, "direct", 4, "--checkpoint-every", "2", "--resume",
                interrupted.toString());

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(Files.readAllBytes(interrupted.resolve("train.csv")))
                .isEqualTo(Files.readAllBytes(whole.resolve("train.csv")));
        assertThat(json(interrupted.resolve("summary.json")).get("firstEpisode").asInt()).isEqualTo(2);
        assertThat(json(interrupted.resolve("checkpoints/latest/progress.json")).get("episodesDone").asInt())
                .isEqualTo(4);
        assertThat(Files.readAllBytes(interrupted.resolve("checkpoints/latest/variables/variables.data-00000-of-00001")))
                .isEqualTo(Files.readAllBytes(whole.resolve("checkpoints/latest/variables/variables.data-00000-of-00001")));
    }

    @Test
    void rowsOfEpisodesAfterTheLastCheckpointAreReplayedNotDuplicated(@TempDir Path whole, @TempDir Path crashed)
            throws IOException {
        assertThat(train(whole, "direct", 3, "--checkpoint-every", "2").exitCode()).isZero();
        assertThat(train(crashed, "direct", 3, "--checkpoint-every", "2").exitCode()).isZero();
        // As if the run had died after writing episode 2's row but before its final checkpoint.
        Path dir = crashed.resolve("checkpoints");
        deleteTree(dir.resolve("latest"));
        deleteTree(dir.resolve("episode-000003"));

        CliRun resumed = train(crashed, "direct", 3, "--checkpoint-every", "2", "--resume", crashed.toString());

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(Files.readAllLines(crashed.resolve("train.csv")))
                .containsExactlyElementsOf(Files.readAllLines(whole.resolve("train.csv")));
    }

    @Test
    void theActorEngineTrainsExactlyLikeTheDirectLoop(@TempDir Path actors, @TempDir Path direct)
            throws IOException {
        CliRun run = train(actors, "actors", 2);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(train(direct, "direct", 2).exitCode()).isZero();

        assertThat(Files.readAllBytes(actors.resolve("train.csv")))
                .isEqualTo(Files.readAllBytes(direct.resolve("train.csv")));
        assertThat(json(actors.resolve("summary.json")).get("engine").asText()).isEqualTo("actors");
    }

    @Test
    void resumingFromAMissingCheckpointIsAOneLineUserError(@TempDir Path dir) {
        Path missing = dir.resolve("nothing-here");

        CliRun run = train(dir.resolve("run"), "direct", 2, "--resume", missing.toString());

        assertThat(run.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(run.err().strip()).doesNotContain("\n").contains("checkpoint").contains(missing.toString());
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void resumingFromADirectoryWithoutCheckpointsOrWithACorruptOneIsAOneLineUserError(@TempDir Path empty,
            @TempDir Path run) throws IOException {
        CliRun none = train(empty, "direct", 2, "--resume", empty.toString());
        assertThat(none.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(none.err().strip()).doesNotContain("\n").contains("holds no checkpoint");

        assertThat(train(run, "direct", 1).exitCode()).isZero();
        byte[] curve = Files.readAllBytes(run.resolve("train.csv"));
        Files.writeString(run.resolve("checkpoints/latest/learner.json"), "{ not json");
        CliRun corrupt = train(run, "direct", 2, "--resume", run.toString());
        assertThat(corrupt.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(corrupt.err().strip()).doesNotContain("\n").contains("learner.json is corrupt");
        assertThat(run.resolve("train.csv")).as("left as it was").hasBinaryContent(curve);

        Files.delete(run.resolve("checkpoints/latest/variables/variables.index"));
        Files.writeString(run.resolve("checkpoints/latest/progress.json"), "[");
        CliRun badProgress = train(run, "direct", 2, "--resume", run.toString());
        assertThat(badProgress.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(badProgress.err().strip()).doesNotContain("\n").contains("progress.json");
    }

    @Test
    void resumingWithAnotherSeedOrScenarioOrNoEpisodesLeftIsAUserError(@TempDir Path run) {
        assertThat(train(run, "direct", 2).exitCode()).isZero();

        CliRun seed = CliRun.of("train", "--scenario", TINY, "--episodes", "3", "--seed", "8", "--engine", "direct",
                "--out", run.toString(), "--resume", run.toString(), "--set", "edgegen.time.slots-per-episode=10");
        CliRun scenario = CliRun.of("train", "--scenario", TINY, "--episodes", "3", "--seed", "7", "--engine",
                "direct", "--out", run.toString(), "--resume", run.toString());
        CliRun done = train(run, "direct", 2, "--resume", run.toString());

        assertThat(seed.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(seed.err()).contains("--seed 8").contains("seed 7");
        assertThat(scenario.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(scenario.err()).contains("scenario differs");
        assertThat(done.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(done.err()).contains("already done 2 episodes");
    }

    @Test
    void resumingWithOtherLearnerSettingsIsAOneLineUserErrorNamingTheKey(@TempDir Path run) throws IOException {
        assertThat(train(run, "direct", 1).exitCode()).isZero();
        byte[] curve = Files.readAllBytes(run.resolve("train.csv"));

        CliRun other = train(run, "direct", 2, "--resume", run.toString(), "--set", "edgegen.learner.epochs=2");

        assertThat(other.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(other.err().strip()).doesNotContain("\n").contains("the learner settings differ")
                .contains("edgegen.learner.epochs = 4, now 2");
        assertThat(run.resolve("train.csv")).as("left as it was").hasBinaryContent(curve);
    }

    @Test
    void validationLogsEveryKEpisodesKeepsTheBestAndDoesNotChangeTheTraining(@TempDir Path plain,
            @TempDir Path validated, @TempDir Path actors, @TempDir Path eval) throws IOException {
        assertThat(train(plain, "direct", 5, "--checkpoint-every", "2").exitCode()).isZero();

        CliRun run = train(validated, "direct", 5, "--checkpoint-every", "2", "--validation-seed", "99",
                "--validation-episodes", "2", "--validation-every", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readAllBytes(validated.resolve("train.csv")))
                .isEqualTo(Files.readAllBytes(plain.resolve("train.csv")));
        assertThat(Files.readAllBytes(validated.resolve("checkpoints/latest/variables/variables.data-00000-of-00001")))
                .isEqualTo(Files.readAllBytes(plain.resolve("checkpoints/latest/variables/variables.data-00000-of-00001")));
        assertThat(plain.resolve("validation.csv")).doesNotExist();
        List<String> rows = Files.readAllLines(validated.resolve("validation.csv"));
        assertThat(rows.get(0)).isEqualTo("episodesDone,policyVersion,validationSeed,validationEpisodes,meanCost,"
                + "meanDelaySeconds,meanEnergyJoules,meanError,meanPenalty,tasks,best");
        // Every 2 episodes and at the end; the first validation is always the best so far.
        assertThat(rows.subList(1, rows.size())).extracting(l -> l.substring(0, l.indexOf(',')))
                .containsExactly("2", "4", "5");
        assertThat(rows.get(1)).startsWith("2,2,99,2,").endsWith(",1");
        double best = Double.POSITIVE_INFINITY;
        int bestEpisodes = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            double cost = Double.parseDouble(f[4]);
            assertThat(f[10]).as(row).isEqualTo(cost < best ? "1" : "0");
            if (cost < best) {
                best = cost;
                bestEpisodes = Integer.parseInt(f[0]);
            }
        }
        JsonNode chosen = json(validated.resolve("checkpoints/best/validation.json"));
        assertThat(chosen.get("episodesDone").asInt()).isEqualTo(bestEpisodes);
        assertThat(chosen.get("validationSeed").asLong()).isEqualTo(99);
        assertThat(chosen.get("meanCost").asDouble()).isCloseTo(best, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(json(validated.resolve("checkpoints/best/progress.json")).get("episodesDone").asInt())
                .isEqualTo(bestEpisodes);
        assertThat(run.out()).contains("best on validation").contains("checkpoints/best");

        // Validation samples by default (from the validation seed's own streams); played greedily it validates
        // other actions, and the training is still unchanged.
        Path sampled = actors.resolve("greedy");
        assertThat(train(sampled, "direct", 5, "--checkpoint-every", "2", "--validation-seed", "99",
                "--validation-episodes", "2", "--validation-every", "2", "--set", "edgegen.learner.execution=greedy")
                .exitCode()).isZero();
        assertThat(Files.readAllBytes(sampled.resolve("train.csv")))
                .isEqualTo(Files.readAllBytes(plain.resolve("train.csv")));
        assertThat(Files.readAllLines(sampled.resolve("validation.csv"))).isNotEqualTo(rows);

        // The actor engine validates the same policies.
        Path actorRun = actors.resolve("actors");
        assertThat(train(actorRun, "actors", 5, "--checkpoint-every", "2", "--validation-seed", "99",
                "--validation-episodes", "2", "--validation-every", "2").exitCode()).isZero();
        assertThat(Files.readAllBytes(actorRun.resolve("validation.csv")))
                .isEqualTo(Files.readAllBytes(validated.resolve("validation.csv")));

        // The best checkpoint is what evaluate plays, and its validation figure is reproduced by evaluate.
        CliRun evaluated = CliRun.of("evaluate", "--scenario", TINY, "--checkpoint",
                validated.resolve("checkpoints/best").toString(), "--episodes", "2", "--seed", "99", "--out",
                eval.toString(), "--policies", "osi", "--set", "edgegen.time.slots-per-episode=10");
        assertThat(evaluated.exitCode()).as(evaluated.err()).isZero();
        List<String> comparison = Files.readAllLines(eval.resolve("comparison.csv"));
        int meanCost = List.of(comparison.get(0).split(",")).indexOf("meanCost");
        assertThat(Double.parseDouble(comparison.get(1).split(",")[meanCost]))
                .isCloseTo(best, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aResumedRunWithValidationContinuesItsValidationLikeAnUninterruptedOne(@TempDir Path whole,
            @TempDir Path interrupted) throws IOException {
        String[] validation = {"--checkpoint-every", "2", "--validation-seed", "99", "--validation-episodes", "2",
                "--validation-every", "1"};
        assertThat(train(whole, "direct", 4, validation).exitCode()).isZero();
        assertThat(train(interrupted, "direct", 2, validation).exitCode()).isZero();
        List<String> resume = new ArrayList<>(List.of(validation));
        resume.addAll(List.of("--resume", interrupted.toString()));

        CliRun resumed = train(interrupted, "direct", 4, resume.toArray(String[]::new));

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(Files.readAllBytes(interrupted.resolve("validation.csv")))
                .isEqualTo(Files.readAllBytes(whole.resolve("validation.csv")));
        assertThat(Files.readAllBytes(interrupted.resolve("checkpoints/best/validation.json")))
                .isEqualTo(Files.readAllBytes(whole.resolve("checkpoints/best/validation.json")));
    }

    @Test
    void badValidationOptionsAreOneLineUserErrors(@TempDir Path out) {
        CliRun sameSeed = train(out, "direct", 1, "--validation-seed", "7");
        assertThat(sameSeed.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(sameSeed.err().strip()).contains("--validation-seed 7 is the training seed").doesNotContain("\n");
        assertThat(train(out, "direct", 1, "--validation-seed", "8", "--validation-episodes", "0").err())
                .contains("--validation-episodes 0 is out of range");
        assertThat(train(out, "direct", 1, "--validation-seed", "8", "--validation-every", "0").err())
                .contains("--validation-every 0 is out of range");
    }

    @Test
    void badCountsAreUserErrors(@TempDir Path out) {
        assertThat(train(out, "direct", 0).err()).contains("--episodes 0");
        assertThat(train(out, "direct", 1, "--checkpoint-every", "0").exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(train(out, "warp", 1).err()).contains("warp").contains("actors, direct");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
