package org.edgegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks what bench reports, never how fast anything is. */
class BenchCommandTest {

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
