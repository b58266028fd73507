package org.edgegen.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.edgegen.config.ConfigurationException;
import org.edgegen.config.Suite;
import org.edgegen.config.SuiteReader;
import org.edgegen.model.TrainingLoads;
import org.junit.jupiter.api.Test;

class SuitePlanTest {

    private static final List<String> METRICS = Metric.ids();

    @Test
    void theGeneralistTrainsOnceOverTheRangesAndPlaysEveryPointAtItsOwnLoad() {
        SuitePlan plan = SuitePlan.of(SuiteReader.read(Path.of("conf/suites/generalist.conf"), METRICS));

        assertThat(plan.base().training()).isEqualTo(TrainingLoads.NONE);
        TrainingLoads ranges = plan.trainingBase().training();
        assertThat(ranges.users().orElseThrow().min()).isEqualTo(10);
        assertThat(ranges.users().orElseThrow().max()).isEqualTo(50);
        assertThat(ranges.arrivalProbability().orElseThrow().max()).isEqualTo(0.7);
        assertThat(plan.trainingBase().scenario()).isEqualTo(plan.base().scenario());
        assertThat(plan.points()).hasSize(9).allSatisfy(p -> {
            assertThat(p.loaded().training()).isEqualTo(TrainingLoads.NONE);
            assertThat(p.training().training()).isEqualTo(ranges);
            assertThat(p.training().scenario()).isEqualTo(p.loaded().scenario());
        });
        assertThat(plan.points()).extracting(p -> p.loaded().scenario().userCount())
                .containsExactly(10, 20, 30, 40, 50, 20, 20, 20, 20);
    }

    @Test
    void withoutOsiSetTheTrainingScenariosAreThePlayedOnes() {
        SuitePlan plan = SuitePlan.of(SuiteReader.read(Path.of("conf/suites/quick.conf"), METRICS));

        assertThat(plan.trainingBase()).isSameAs(plan.base());
        assertThat(plan.points()).allSatisfy(p -> assertThat(p.training()).isSameAs(p.loaded()));
    }

    @Test
    void aBadKeyInOsiSetIsNamedWithWhereItWasSet() throws Exception {
        Path file = java.nio.file.Files.createTempFile("suite", ".conf");
        try {
            java.nio.file.Files.writeString(file, java.nio.file.Files.readString(
                    Path.of("conf/suites/generalist.conf")).replace("scenario = \"../scenarios/default.conf\"",
                    "scenario = \"" + Path.of("conf/scenarios/default.conf").toAbsolutePath() + "\"")
                    .replace("[10, 50]", "[50, 10]"));
            Suite suite = SuiteReader.read(file, METRICS);
            assertThatThrownBy(() -> SuitePlan.of(suite)).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("with osi.set").hasMessageContaining("users-count-range")
                    .hasMessageContaining("min <= max")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        } finally {
            java.nio.file.Files.delete(file);
        }
    }
}
