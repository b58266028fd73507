package org.edgegen.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.edgegen.model.Range;
import org.edgegen.model.TrainingLoads;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TrainingLoadsReaderTest {

    private static final Path DEFAULT = Path.of("conf", "scenarios", "default.conf");
    private static final String USERS = "edgegen.training.users-count-range";
    private static final String ARRIVAL = "edgegen.training.arrival-probability-range";

    private static String failureOf(String key, String value) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> ScenarioLoader.load(DEFAULT, Map.of(key, value)));
        assertThat(e).as("a ConfigurationException for " + key + " = " + value).isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n", "\r");
        return e.getMessage();
    }

    @Test
    void byDefaultNothingIsDrawnAndConfigFilesHaveNoTrainingSection() {
        LoadedScenario loaded = ScenarioLoader.load(DEFAULT, Map.of());

        assertThat(loaded.training()).isEqualTo(TrainingLoads.NONE);
        assertThat(loaded.renderHocon()).doesNotContain("training").doesNotContain("range");
        assertThat(ScenarioLoader.load(DEFAULT, Map.of(USERS, "off", ARRIVAL, "off")).renderHocon())
                .isEqualTo(loaded.renderHocon());
    }

    @Test
    void rangesAreReadAndWrittenSoThatTheRunsConfigLoadsBackToThem() {
        LoadedScenario loaded = ScenarioLoader.load(DEFAULT, Map.of(USERS, "[10, 50]", ARRIVAL, "[0.1, 0.7]"));

        assertThat(loaded.training()).isEqualTo(new TrainingLoads(Optional.of(new Range(10, 50)),
                Optional.of(new Range(0.1, 0.7))));
        assertThat(loaded.scenario()).as("the scenario's own load is unchanged")
                .isEqualTo(ScenarioLoader.load(DEFAULT, Map.of()).scenario());
        assertThat(loaded.renderHocon()).contains("users-count-range").contains("arrival-probability-range");
        assertThat(ScenarioLoader.fromConfig(com.typesafe.config.ConfigFactory.parseString(loaded.renderHocon())).training())
                .isEqualTo(loaded.training());
    }

    @Test
    void aLoadCapIsReadAndWrittenOnlyWhenSet() {
        LoadedScenario capped = ScenarioLoader.load(DEFAULT, Map.of(USERS, "[10, 50]", ARRIVAL, "[0.1, 0.7]",
                "edgegen.training.max-load", "16"));
        assertThat(capped.training().maxLoad()).hasValue(16.0);
        assertThat(capped.renderHocon()).contains("max-load");
        assertThat(ScenarioLoader.fromConfig(com.typesafe.config.ConfigFactory.parseString(capped.renderHocon()))
                .training()).isEqualTo(capped.training());
        LoadedScenario uncapped = ScenarioLoader.load(DEFAULT, Map.of(USERS, "[10, 50]", ARRIVAL, "[0.1, 0.7]"));
        assertThat(uncapped.training().maxLoad()).isEmpty();
        assertThat(uncapped.renderHocon()).as("no cap leaves config.conf as before the key").doesNotContain("max-load");
        ConfigurationException low = catchThrowableOfType(ConfigurationException.class, () -> ScenarioLoader.load(
                DEFAULT, Map.of(USERS, "[10, 50]", ARRIVAL, "[0.1, 0.7]", "edgegen.training.max-load", "0.5")));
        assertThat(low.getMessage()).doesNotContain("\n").startsWith("edgegen.training.max-load = 0.5 is out of range:"
                + " allowed off or a number above the lightest load of the ranges, N_min x p_min = 1.0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "edgegen.training.users-count-range | [50, 10] | edgegen.training.users-count-range = [50,10] is out of range: allowed min <= max",
        "edgegen.training.users-count-range | [0, 10] | edgegen.training.users-count-range[0] = 0 is out of range: allowed 1 <= value <= 2147483647",
        "edgegen.training.users-count-range | [10.5, 20] | edgegen.training.users-count-range[0]: expected an integer, got 10.5",
        "edgegen.training.users-count-range | [10, 20, 30] | edgegen.training.users-count-range: expected off or [min, max] with integers 1 <= min <= max <= 2147483647",
        "edgegen.training.users-count-range | 20 | edgegen.training.users-count-range: expected off or [min, max]",
        "edgegen.training.users-count-range | on | edgegen.training.users-count-range: expected off or [min, max]",
        "edgegen.training.arrival-probability-range | [0.7, 0.1] | edgegen.training.arrival-probability-range = [0.7,0.1] is out of range: allowed min <= max",
        "edgegen.training.arrival-probability-range | [0.1, 1.5] | edgegen.training.arrival-probability-range[1] = 1.5 is out of range: allowed 0 <= value <= 1",
        "edgegen.training.arrival-probability-range | [-0.1, 0.5] | edgegen.training.arrival-probability-range[0] = -0.1 is out of range",
        "edgegen.training.max-load | 16 | edgegen.training.max-load = 16 needs both edgegen.training.users-count-range and edgegen.training.arrival-probability-range",
        "edgegen.training.max-load | -1 | edgegen.training.max-load = -1 is out of range",
        "edgegen.training.max-load | many | edgegen.training.max-load: expected a number or off",
        "edgegen.training.arrival-probability-range | [x, 0.5] | edgegen.training.arrival-probability-range[0]: expected a number, got \"x\"",
    })
    void aBadRangeIsOneLineNamingTheKeyAndWhatIsAllowed(String key, String value, String expected) {
        assertThat(failureOf(key, value)).startsWith(expected);
    }
}
