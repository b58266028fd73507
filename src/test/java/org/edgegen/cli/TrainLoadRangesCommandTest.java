package org.edgegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} with a load drawn per episode ({@code edgegen.training.*-range}). */
class TrainLoadRangesCommandTest {

    private static final String USERS = "edgegen.training.users-count-range=[2,9]";
    private static final String ARRIVAL = "edgegen.training.arrival-probability-range=[0.2,0.9]";

    /** Trains on tiny with 10-slot episodes and both ranges; 2 episodes per update. */
    private static CliRun train(Path out, String engine, int episodes, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--scenario", "conf/scenarios/tiny.conf", "--episodes",
                Integer.toString(episodes), "--seed", "7", "--engine", engine, "--out", out.toString(),
                "--checkpoint-every", "2", "--set", "edgegen.time.slots-per-episode=10", "--set",
                "edgegen.learner.episodes-per-update=2", "--set", USERS, "--set", ARRIVAL));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aRangedTrainingRunsOnTheDirectEngineAndAResumedRunGivesTheSameCurve(@TempDir Path whole,
            @TempDir Path resumed, @TempDir Path fixed) throws IOException {
        CliRun run = train(whole, "direct", 4);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readAllLines(whole.resolve("train.csv"))).hasSize(5);
        assertThat(Files.readString(whole.resolve("config.conf"))).contains("users-count-range")
                .contains("arrival-probability-range").as("the default draw is left out").doesNotContain("load-draw");

        assertThat(train(resumed, "direct", 2).exitCode()).isZero();
        CliRun more = train(resumed, "direct", 4, "--resume", resumed.toString());
        assertThat(more.exitCode()).as(more.err()).isZero();
        assertThat(Files.readAllBytes(resumed.resolve("train.csv")))
                .isEqualTo(Files.readAllBytes(whole.resolve("train.csv")));

        CliRun plain = CliRun.of("train", "--scenario", "conf/scenarios/tiny.conf", "--episodes", "4", "--seed", "7",
                "--engine", "direct", "--out", fixed.toString(), "--set", "edgegen.time.slots-per-episode=10",
                "--set", "edgegen.learner.episodes-per-update=2");
        assertThat(plain.exitCode()).isZero();
        assertThat(Files.readAllLines(fixed.resolve("train.csv"))).as("the drawn loads change the episodes")
                .isNotEqualTo(Files.readAllLines(whole.resolve("train.csv")));
        assertThat(Files.readString(fixed.resolve("config.conf"))).doesNotContain("training");
    }

    @Test
    void aJointLoadDrawIsWrittenToConfigAndAResumeWithAnotherDrawIsRefused(@TempDir Path run) throws IOException {
        assertThat(train(run, "direct", 2, "--set", "edgegen.training.load-draw=log-uniform-load").exitCode())
                .isZero();
        assertThat(Files.readString(run.resolve("config.conf"))).contains("load-draw=log-uniform-load");

        CliRun other = train(run, "direct", 4, "--resume", run.toString());
        assertThat(other.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(other.err().strip()).doesNotContain("\n").contains("training load ranges differ");
    }

    @Test
    void resumingWithOtherRangesIsAOneLineUserErrorNamingTheKey(@TempDir Path run) throws IOException {
        assertThat(train(run, "direct", 2).exitCode()).isZero();
        byte[] curve = Files.readAllBytes(run.resolve("train.csv"));

        CliRun other = train(run, "direct", 4, "--resume", run.toString(), "--set",
                "edgegen.training.users-count-range=[2,8]");

        assertThat(other.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(other.err().strip()).doesNotContain("\n").contains("training load ranges differ")
                .contains("edgegen.training.users-count-range = [2,9], now [2,8]");
        assertThat(run.resolve("train.csv")).as("left as it was").hasBinaryContent(curve);
    }

    @Test
    void theActorEngineAndBadRangesAreOneLineUserErrors(@TempDir Path out) {
        CliRun actors = train(out.resolve("actors"), "actors", 2);
        assertThat(actors.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(actors.err().strip()).doesNotContain("\n").contains("--engine direct");
        assertThat(out.resolve("actors")).doesNotExist();

        CliRun reversed = train(out.resolve("bad"), "direct", 2, "--set",
                "edgegen.training.users-count-range=[9,2]");
        assertThat(reversed.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(reversed.err().strip()).doesNotContain("\n").contains("edgegen.training.users-count-range")
                .contains("min <= max");
        CliRun fraction = train(out.resolve("bad"), "direct", 2, "--set",
                "edgegen.training.users-count-range=[2.5,9]");
        assertThat(fraction.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(fraction.err().strip()).doesNotContain("\n").contains("expected an integer");
        CliRun unknownDraw = train(out.resolve("bad"), "direct", 2, "--set", "edgegen.training.load-draw=fair");
        assertThat(unknownDraw.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(unknownDraw.err().strip()).doesNotContain("\n").contains("edgegen.training.load-draw")
                .contains("log-uniform-load");
        CliRun zeroLog = train(out.resolve("bad"), "direct", 2, "--set", "edgegen.training.load-draw=log-uniform-load",
                "--set", "edgegen.training.arrival-probability-range=[0,0.9]");
        assertThat(zeroLog.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(zeroLog.err().strip()).doesNotContain("\n").contains("edgegen.training.load-draw")
                .contains("min > 0");
        CliRun probability = train(out.resolve("bad"), "direct", 2, "--set",
                "edgegen.training.arrival-probability-range=[0.5,2]");
        assertThat(probability.exitCode()).isEqualTo(Main.USER_ERROR);
        assertThat(probability.err().strip()).doesNotContain("\n").contains("0 <= value <= 1");
    }
}
