package org.edgegen.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.edgegen.config.Suite.Training;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuiteReaderTest {

    private static final List<String> METRICS = List.of("cost", "delay");

    @TempDir
    Path dir;

    private static final String VALID = """
            suite {
              name = mini
              scenario = "%s"
              set { edgegen.mdp.discount = 0.2 }
              seeds = [1001, 1002]
              episodes = 2
              policies = [osi, greedy-local]
              osi { train = per-point, episodes = 20, seed = 7 }
              sweeps = [
                { name = users, key = "edgegen.users.count", values = [2, 4] }
                { name = gpus, key = "edgegen.edge.gpus", values = [[A100, T4], [T4, T4]], labels = ["mixed", "T4"],
                  series { key = "edgegen.topology.cooperation", values = [on, off] } }
                { name = backhaul, unit = "Mbit/s", points = [
                    { x = 50, set { edgegen.backhaul.rate-mbps { min = 50, max = 60 } } }
                    { label = fast, set { edgegen.backhaul.rate-mbps = 900 } } ] }
              ]
            }
            """;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("suite.conf");
        Files.writeString(file, text.formatted(Path.of("conf/scenarios/tiny.conf").toAbsolutePath()));
        return file;
    }

    @Test
    void aValidSuiteGivesItsSweepsLevelsAndOverridesInOrder() throws IOException {
        Suite suite = SuiteReader.read(write(VALID), METRICS);

        assertThat(suite.name()).isEqualTo("mini");
        assertThat(suite.seeds()).containsExactly(1001L, 1002L);
        assertThat(suite.osi().training()).isEqualTo(Training.PER_POINT);
        assertThat(suite.metrics()).isEqualTo(METRICS);
        assertThat(suite.set()).containsExactly(Map.entry("edgegen.mdp.discount", "0.2"));
        assertThat(suite.sweeps()).extracting(Suite.Sweep::name).containsExactly("users", "gpus", "backhaul");
        Suite.Sweep users = suite.sweeps().get(0);
        assertThat(users.numeric()).isTrue();
        assertThat(users.levels()).extracting(Suite.Level::label).containsExactly("2", "4");
        assertThat(users.levels().get(1).set()).containsExactly(Map.entry("edgegen.users.count", "4"));
        Suite.Sweep gpus = suite.sweeps().get(1);
        assertThat(gpus.numeric()).isFalse();
        assertThat(gpus.levels().get(0).set()).containsExactly(Map.entry("edgegen.edge.gpus", "[\"A100\",\"T4\"]"));
        assertThat(gpus.series().orElseThrow().levels()).extracting(Suite.Level::label).containsExactly("on", "off");
        Suite.Sweep backhaul = suite.sweeps().get(2);
        assertThat(backhaul.axisLabel()).isEqualTo("backhaul (Mbit/s)");
        assertThat(backhaul.levels()).extracting(Suite.Level::label).containsExactly("50", "fast");
        assertThat(backhaul.levels().get(0).set()).containsExactly(
                Map.entry("edgegen.backhaul.rate-mbps.max", "60"), Map.entry("edgegen.backhaul.rate-mbps.min", "50"));
    }

    @Test
    void theShippedSuitesAreValid() {
        for (String name : List.of("quick", "paper")) {
            Suite suite = SuiteReader.read(Path.of("conf/suites/" + name + ".conf"), METRICS);
            assertThat(suite.name()).isEqualTo(name);
            assertThat(suite.sweeps()).hasSizeGreaterThanOrEqualTo(8);
        }
        Suite generalist = SuiteReader.read(Path.of("conf/suites/generalist.conf"), METRICS);
        Suite paper = SuiteReader.read(Path.of("conf/suites/paper.conf"), METRICS);
        assertThat(generalist.osi().training()).isEqualTo(Training.ONCE);
        assertThat(generalist.osi().set()).containsOnlyKeys("edgegen.training.users-count-range",
                "edgegen.training.arrival-probability-range", "edgegen.learner.advantage-normalisation",
                "edgegen.learner.episodes-per-update");
        assertThat(generalist.sweeps()).isEqualTo(paper.sweeps().subList(0, 2));
        assertThat(List.of(generalist.seeds(), generalist.episodes(), generalist.policies()))
                .isEqualTo(List.of(paper.seeds(), paper.episodes(), paper.policies()));
        // paper.conf's overrides, the load and rate features in OSI's observation and its head experts (no baseline reads them)
        Map<String, String> paperPlusLoad = new java.util.LinkedHashMap<>(paper.set());
        paperPlusLoad.put("edgegen.mdp.load-features", "\"on\"");
        paperPlusLoad.put("edgegen.mdp.rate-feature", "\"on\"");
        paperPlusLoad.put("edgegen.learner.head-experts", "2");
        assertThat(generalist.set()).isEqualTo(paperPlusLoad);
    }

    @Test
    void osiSetHoldsOverridesForTheTrainingOnlyAndIsRefusedWithACheckpoint() throws IOException {
        Suite suite = SuiteReader.read(write(VALID.replace("osi { train = per-point, episodes = 20, seed = 7 }",
                "osi { train = once, episodes = 20, seed = 7, set { edgegen.training.users-count-range = [2, 6] } }")),
                METRICS);
        assertThat(suite.osi().set()).containsExactly(Map.entry("edgegen.training.users-count-range", "[2,6]"));
        assertThat(SuiteReader.read(write(VALID), METRICS).osi().set()).isEmpty();

        Path checkpoint = Files.createDirectories(dir.resolve("run"));
        Path file = write(VALID.replace("osi { train = per-point, episodes = 20, seed = 7 }",
                "osi { train = checkpoint, checkpoint = \"" + checkpoint + "\", set { edgegen.users.count = 3 } }"));
        assertThatThrownBy(() -> SuiteReader.read(file, METRICS)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("suite.osi.set").hasMessageContaining("allowed only with per-point or once");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            misspelled key           | episodes = 2                        | episdes = 2                     | suite.episdes is not a known key (did you mean 'episodes'?)
            wrong type               | episodes = 2                        | episodes = many                 | suite.episodes: expected an integer, got "many"
            out of range             | episodes = 2                        | episodes = 0                    | suite.episodes = 0 is out of range
            training seed evaluated  | seeds = [1001, 1002]                | seeds = [7, 1002]               | suite.osi.seed = 7 is also an evaluation seed
            repeated seed            | seeds = [1001, 1002]                | seeds = [1001, 1001]            | suite.seeds = [1001,1001] repeats a seed
            unknown training         | train = per-point                   | train = sometimes               | suite.osi.train = "sometimes" is not allowed: expected one of per-point, once, checkpoint
            duplicate sweep          | name = gpus                         | name = users                    | suite.sweeps[1].name = "users" is used by two sweeps
            bad sweep key            | { name = users, key                 | { name = users, kee             | suite.sweeps[0].kee is not a known key (did you mean 'key'?)
            labels count             | labels = ["mixed", "T4"]            | labels = ["mixed"]              | suite.sweeps[1].labels = ["mixed"] has 1 entries for 2 values
            bad name                 | name = mini                         | name = "Mini Suite"             | suite.name = "Mini Suite" is not a valid name
            point without set        | { label = fast, set { edgegen.backhaul.rate-mbps = 900 } } | { label = fast } | suite.sweeps[2].points[1].set is missing or empty
            series named (none)      | values = [on, off] }                | values = [on, off], labels = [on, "(none)"] } | suite.sweeps[1].series.labels = ["on","(none)"] names a series level (none), which the sweep CSVs keep
            """)
    void aMistakeIsOneLineNamingTheKeyAndWhatIsAllowed(String what, String from, String to, String message)
            throws IOException {
        Path file = write(VALID.replace(from, to));

        assertThatThrownBy(() -> SuiteReader.read(file, METRICS))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anUnknownMetricIsNamedWithTheAllowedOnes() throws IOException {
        Path file = write(VALID.replace("episodes = 2\n", "episodes = 2\n  metrics = [cost, speed]\n"));

        assertThatThrownBy(() -> SuiteReader.read(file, METRICS))
                .hasMessageContaining("unknown metric 'speed': allowed cost, delay");
    }

    @Test
    void aMissingFileOrScenarioIsNamed() throws IOException {
        assertThatThrownBy(() -> SuiteReader.read(dir.resolve("none.conf"), METRICS))
                .hasMessage("suite file not found: " + dir.resolve("none.conf"));
        Path file = dir.resolve("suite.conf");
        Files.writeString(file, VALID.formatted("nowhere.conf"));
        assertThatThrownBy(() -> SuiteReader.read(file, METRICS))
                .hasMessageContaining("suite.scenario = \"nowhere.conf\" names no readable file");
    }
}
