package org.edgegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgegen.model.Scenario.LayoutKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks what bench reports, never how fast anything is. */
class BenchCommandTest {

    @TempDir
    static Path trained;

    @BeforeAll
    static void trainBriefly() {
        CliRun run = CliRun.of("train", "--scenario", "conf/scenarios/tiny.conf", "--episodes", "1", "--seed", "7",
                "--engine", "direct", "--out", trained.toString(), "--set", "edgegen.time.slots-per-episode=5");
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void usersPerCellGrowsTheHexLayoutWithTheUsers(@TempDir Path out) throws IOException {
        CliRun run = CliRun.of("bench", "--users", "10,40,200", "--slots", "2", "--policy", "greedy-local",
                "--users-per-cell", "2.857", "--engines", "direct", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode bench = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
        JsonNode results = bench.get("results");
        // at least N/K cells: 3.5 -> 7 (1 ring), 14 -> 19 (2 rings), 70 -> 91 (5 rings)
        assertThat(results.get(0).get("cells").asInt()).isEqualTo(7);
        assertThat(results.get(1).get("cells").asInt()).isEqualTo(19);
        assertThat(results.get(2).get("cells").asInt()).isEqualTo(91);
        assertThat(bench.get("usersPerCell").asDouble()).isEqualTo(2.857);
        assertThat(run.out()).contains("layout grown to 2.857 users per cell");
    }

    @Test
    void tellFloorPrintsAkkasCostOfTheTwoMessagesPerUserAndSlot(@TempDir Path out) {
        CliRun run = CliRun.of("bench", "--users", "50", "--slots", "2", "--policy", "greedy-local", "--engines",
                "direct", "--tell-floor", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("tell floor, 50 users: \\d+\\.\\d{3} us of CPU per message \\(median of "
                + "\\[[0-9., ]+\\]\\), so \\d+\\.\\d{3} us per user and slot");
    }

    @Test
    void aGridScenarioGrowsAsASquareGrid() {
        assertThat(BenchCommand.grownLayout(LayoutKind.GRID, 100, 4.0)).containsEntry("edgegen.topology.grid-rows", "5")
                .containsEntry("edgegen.topology.grid-columns", "5").containsEntry("edgegen.edge.gpus-repeat", "on");
        assertThat(BenchCommand.grownLayout(LayoutKind.GRID, 101, 4.0)).containsEntry("edgegen.topology.grid-rows", "6");
        assertThat(BenchCommand.grownLayout(LayoutKind.HEX, 1, 5.0)).containsEntry("edgegen.topology.hex-rings", "0");
        assertThat(BenchCommand.grownLayout(LayoutKind.HEX, 20, 20 / 7.0))
                .containsEntry("edgegen.topology.hex-rings", "1");
    }

    @Test
    void theLearnedPolicyRunsOnBothEnginesAndAnUpdateIsTimed(@TempDir Path out) throws IOException {
        CliRun run = CliRun.of("bench", "--users", "12", "--slots", "3", "--policy", "osi", "--checkpoint",
                trained.toString(), "--scenario", "conf/scenarios/default.conf", "--users-per-cell", "3",
                "--ppo-transitions", "200", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode bench = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
        assertThat(bench.get("policy").asText()).isEqualTo("osi");
        assertThat(bench.get("results")).hasSize(2);
        for (JsonNode row : bench.get("results")) {
            assertThat(row.get("available").asBoolean()).as(row.toString()).isTrue();
            assertThat(row.get("userSlots").asLong()).isEqualTo(12 * 3);
        }
        JsonNode update = bench.get("ppoUpdates").get(0);
        assertThat(update.get("transitions").asInt()).isEqualTo(200);
        assertThat(update.get("cells").asInt()).isEqualTo(7);
        // 42 features + 3 x 7 cells of global state; 4 epochs of 2 minibatches (128 + 72)
        assertThat(update.get("criticInputs").asInt()).isEqualTo(42 + 21);
        assertThat(update.get("gradientSteps").asInt()).isEqualTo(8);
        assertThat(update.get("seconds").asDouble()).isPositive();
        assertThat(run.out()).contains("ppoUpdateSPer10kTransitions");
    }

    @Test
    void aWrongCheckpointOrAConflictingLayoutIsAOneLineUserError(@TempDir Path dir) throws IOException {
        Path corrupt = Files.createDirectories(dir.resolve("corrupt/checkpoints/latest"));
        Files.writeString(corrupt.resolve("progress.json"), "{ not json");
        CliRun missing = bench(dir, "--policy", "osi", "--checkpoint", dir.resolve("nope").toString());
        CliRun broken = bench(dir, "--policy", "osi", "--checkpoint", dir.resolve("corrupt").toString());
        CliRun none = bench(dir, "--policy", "osi");
        CliRun notOsi = bench(dir, "--policy", "greedy-local", "--checkpoint", trained.toString());
        CliRun otherSteps = bench(dir, "--policy", "osi", "--checkpoint", trained.toString(), "--set",
                "edgegen.diffusion.step-choices=[10, 20]");
        CliRun conflict = bench(dir, "--policy", "greedy-local", "--users-per-cell", "3", "--set",
                "edgegen.topology.hex-rings=2");
        CliRun zero = bench(dir, "--policy", "greedy-local", "--users-per-cell", "0");

        for (CliRun run : List.of(missing, broken, none, notOsi, otherSteps, conflict, zero)) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(Main.USER_ERROR);
            assertThat(run.err().strip()).doesNotContain("\n");
        }
        assertThat(missing.err()).contains("nope");
        assertThat(broken.err()).contains("progress.json is corrupt");
        assertThat(none.err()).contains("--checkpoint");
        assertThat(notOsi.err()).contains("--checkpoint", "greedy-local");
        assertThat(otherSteps.err()).contains("6 step choices", "2: allowed a checkpoint trained with the same");
        assertThat(conflict.err()).contains("edgegen.topology.hex-rings", "--users-per-cell");
        assertThat(zero.err()).contains("--users-per-cell 0.0");
        assertThat(dir.resolve("bench.json")).doesNotExist();
    }

    private static CliRun bench(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("bench", "--users", "5", "--slots", "2", "--engines", "direct",
                "--out", out.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void benchOfTheDirectEngineWritesBenchJsonWithEveryField(@TempDir Path out) throws IOException {
        CliRun run = CliRun.of("bench", "--users", "10", "--slots", "5", "--policy", "greedy-local", "--engines", "direct",
                "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode bench = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
        for (String field : List.of("policy", "scenario", "slotsPerEpisode", "episodes", "seed", "machine",
                "results")) {
            assertThat(bench.has(field)).as(field).isTrue();
        }
        assertThat(bench.get("results")).hasSize(1);
        JsonNode direct = bench.get("results").get(0);
        for (String field : List.of("users", "engine", "available", "userSlots", "userSlotsPerSecond",
                "wallSeconds", "steadyUserSlotsPerSecond", "heapBytesPerUser", "actorsOverDirect", "note")) {
            assertThat(direct.has(field)).as(field).isTrue();
        }
        assertThat(direct.get("users").asInt()).isEqualTo(10);
        assertThat(direct.get("engine").asText()).isEqualTo("direct");
        assertThat(direct.get("available").asBoolean()).isTrue();
        assertThat(direct.get("userSlots").asLong()).isEqualTo(10 * 5);
        assertThat(direct.get("userSlotsPerSecond").asDouble()).isPositive();
        assertThat(direct.get("heapBytesPerUser").asDouble()).isNotNegative();
        assertThat(direct.get("actorsOverDirect").isNull()).isTrue();
        assertThat(run.out()).contains("userSlotsPerSecond").contains("heapBytesPerUser").contains("direct");
    }

    @Test
    void severalUserCountsAndEpisodesGiveOneRowEachAndASteadyRate(@TempDir Path out) throws IOException {
        CliRun run = CliRun.of("bench", "--users", "5,10", "--slots", "3", "--episodes", "2", "--policy", "all-local",
                "--scenario", "conf/scenarios/tiny.conf", "--engines", "direct", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode results = new ObjectMapper().readTree(out.resolve("bench.json").toFile()).get("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(1).get("users").asInt()).isEqualTo(10);
        assertThat(results.get(1).get("userSlots").asLong()).isEqualTo(10 * 3 * 2);
        assertThat(results.get(1).get("steadyUserSlotsPerSecond").asDouble()).isPositive();
    }

    @Test
    void badArgumentsAreOneLineUserErrors(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");

        CliRun users = CliRun.of("bench", "--users", "0", "--slots", "5", "--policy", "greedy-local", "--out", dir.toString());
        CliRun engine = CliRun.of("bench", "--users", "10", "--slots", "5", "--policy", "greedy-local", "--engines", "gpu",
                "--out", dir.toString());
        CliRun outFile = CliRun.of("bench", "--users", "10", "--slots", "5", "--policy", "greedy-local", "--engines",
                "direct", "--out", file.toString());

        for (CliRun run : List.of(users, engine, outFile)) {
            assertThat(run.exitCode()).isEqualTo(Main.USER_ERROR);
            assertThat(run.err().strip()).doesNotContain("\n");
        }
        assertThat(users.err()).contains("--users 0");
        assertThat(engine.err()).contains("gpu");
        assertThat(outFile.err()).contains(file.toString());
    }
}
