package org.edgegen.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.edgegen.model.Scenario;
import org.edgegen.model.Scenario.MdpParams;
import org.edgegen.model.Scenarios;
import org.edgegen.model.SystemModel;
import org.edgegen.model.task.Task;
import org.junit.jupiter.api.Test;

class FeatureLayoutTest {

    private static final Task TASK = new Task(0, 4e6, 0.8e6, 0.3, 8.0);

    private final SystemModel model = SystemModel.of(Scenarios.defaults());
    private final Observation observation = new ObservationBuilder(model)
            .of(0, Optional.of(TASK), 12.0, 0.4, 1e-10, ObservationTest.threeCandidates(), 20);

    private double feature(String name) {
        return observation.feature(FeatureLayout.indexOf(7, name));
    }

    @Test
    void theLayoutHasOneDistinctlyNamedEntryPerFeatureInIndexOrder() {
        List<FeatureLayout.Feature> layout = FeatureLayout.of(7);

        assertThat(layout).hasSize(Observation.featureCount(7));
        for (int i = 0; i < layout.size(); i++) {
            assertThat(layout.get(i).index()).isEqualTo(i);
            assertThat(layout.get(i).meaning()).isNotBlank();
            assertThat(layout.get(i).normalisation()).isNotBlank();
        }
        assertThat(layout.stream().map(FeatureLayout.Feature::name).distinct()).hasSize(layout.size());
    }

    @Test
    void namedIndicesPointAtTheValuesTheBuilderWritesThere() {
        assertThat(feature("input_bits")).isCloseTo(4e6 / 5e6, within(1e-12));
        assertThat(feature("local_backlog")).isCloseTo(12.0 / 10, within(1e-12));
        assertThat(feature("device_speed")).isCloseTo((1 / 0.4) / 5, within(1e-12));
        assertThat(feature("cand0_present")).isEqualTo(1.0);
        assertThat(feature("cand0_backhaul")).isZero();
        assertThat(feature("cand1_backhaul")).isCloseTo(450e6 / 500e6, within(1e-12));
        assertThat(feature("cand1_throughput")).isCloseTo((1 / 0.0192) / 52, within(1e-12));
        assertThat(feature("cand1_arrivals")).isCloseTo(5.0 / 20, within(1e-12));
        assertThat(feature("cand3_present")).isZero();
        assertThat(feature("home_gain")).isCloseTo((-100 + 110) / 30.0, within(1e-9));
        assertThat(feature("has_task")).isEqualTo(1.0);
        assertThat(feature("max_error")).isEqualTo(0.3);
        assertThat(feature("deadline")).isCloseTo(8.0 / 10, within(1e-12));
    }

    @Test
    void withoutFinishFeaturesTheVectorEndsAtTheDeadline() {
        assertThat(observation.featureCount()).isEqualTo(42);
        assertThat(FeatureLayout.of(model.scenario())).hasSize(42);
    }

    @Test
    void finishFeaturesAreTheUsersOwnDelayEstimatesAtMinStepsAppendedAfterTheBaseFeatures() {
        Scenario base = model.scenario();
        SystemModel finishing = SystemModel.of(Scenarios.withMdp(base, new MdpParams(base.mdp().discount(),
                base.mdp().maxCandidates(), base.mdp().maskStepsBelowMin(), true)));
        Observation seen = new ObservationBuilder(finishing)
                .of(0, Optional.of(TASK), 12.0, 0.4, 1e-10, ObservationTest.threeCandidates(), 20);
        CostEstimator estimator = new CostEstimator(finishing);
        int minSteps = seen.minSteps();

        assertThat(seen.featureCount()).isEqualTo(Observation.featureCount(7, true)).isEqualTo(50);
        assertThat(FeatureLayout.of(finishing.scenario())).hasSize(50);
        for (int i = 0; i < observation.featureCount(); i++) {
            assertThat(seen.feature(i)).as("base feature %d", i).isEqualTo(observation.feature(i));
        }
        int local = FeatureLayout.indexOf(7, "local_finish");
        assertThat(local).isEqualTo(42);
        assertThat(seen.feature(local)).isCloseTo(Math.min(3.0,
                estimator.estimate(seen, Action.local(minSteps)).delaySeconds() / 10), within(1e-12));
        for (int k = 0; k < 3; k++) {
            double expected = estimator.estimate(seen, Action.offload(k, minSteps)).delaySeconds() / 10;
            assertThat(seen.feature(FeatureLayout.indexOf(7, "cand" + k + "_finish")))
                    .as("candidate %d", k).isPositive().isCloseTo(Math.min(3.0, expected), within(1e-12));
        }
        assertThat(seen.feature(FeatureLayout.indexOf(7, "cand3_finish"))).as("padding").isZero();

        Observation idle = new ObservationBuilder(finishing)
                .of(0, Optional.empty(), 0.0, 0.4, 1e-10, ObservationTest.threeCandidates(), 20);
        assertThat(idle.feature(local)).as("no task").isZero();
    }
}
