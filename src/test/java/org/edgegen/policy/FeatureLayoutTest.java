package org.edgegen.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
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
    void withTheLoadFeaturesOffTheLayoutIsTheOldOne() {
        assertThat(model.scenario().mdp().loadFeatures()).isFalse();
        assertThat(Observation.loadAt(model.scenario())).isEqualTo(-1);
        assertThat(Observation.featureCount(model.scenario())).isEqualTo(Observation.featureCount(7, false, false))
                .isEqualTo(42);
        assertThat(FeatureLayout.of(model.scenario())).isEqualTo(FeatureLayout.of(7))
                .noneMatch(f -> List.of("home_users", "home_requests", "home_arrivals").contains(f.name()));
    }

    /** A 50-user network in which the user's home cell holds 4 users, at p_a = 0.5; 3 tasks reached home last slot. */
    private static SystemModel loaded(boolean finishFeatures) {
        Scenario base = Scenarios.withUsers(Scenarios.defaults(), 50).withLoad(50, 0.5);
        return SystemModel.of(Scenarios.withMdp(base, new MdpParams(base.mdp().discount(), base.mdp().maxCandidates(),
                base.mdp().maskStepsBelowMin(), finishFeatures, MdpParams.NO_PRIOR, 0.0, true)));
    }

    @Test
    void loadFeaturesAreTheHomeCellsUsersRequestsAndArrivalsOnFixedScales() {
        SystemModel withLoad = loaded(false);
        Observation seen = new ObservationBuilder(withLoad)
                .of(0, Optional.of(TASK), 12.0, 0.4, 1e-10, ObservationTest.threeCandidates(), 50, 4);
        int at = Observation.loadAt(withLoad.scenario());

        assertThat(at).isEqualTo(42);
        assertThat(seen.featureCount()).isEqualTo(Observation.featureCount(7, false, true)).isEqualTo(45);
        List<FeatureLayout.Feature> layout = FeatureLayout.of(withLoad.scenario());
        assertThat(layout.subList(42, 45)).extracting(FeatureLayout.Feature::name)
                .containsExactly("home_users", "home_requests", "home_arrivals");
        assertThat(seen.feature(at)).as("N_h / 10").isCloseTo(4 / 10.0, within(1e-12));
        assertThat(seen.feature(at + 1)).as("N_h p_a / 5").isCloseTo(4 * 0.5 / 5.0, within(1e-12));
        assertThat(seen.feature(at + 2)).as("home arrivals / 5, not / N").isCloseTo(3 / 5.0, within(1e-12));
        // the per-candidate arrivals stay divided by N
        assertThat(seen.feature(FeatureLayout.indexOf(7, "cand0_arrivals"))).isCloseTo(3 / 50.0, within(1e-12));

        Observation idle = new ObservationBuilder(withLoad)
                .of(0, Optional.empty(), 0.0, 0.4, 1e-10, ObservationTest.threeCandidates(), 50, 4);
        assertThat(idle.feature(at)).as("a user without a task sees its cell's load too").isEqualTo(seen.feature(at));
        assertThat(idle.feature(at + 2)).isEqualTo(seen.feature(at + 2));
    }

    @Test
    void loadFeaturesFollowTheFinishFeaturesAndLeaveThemAndTheBaseFeaturesAlone() {
        Scenario base = model.scenario();
        SystemModel finishing = SystemModel.of(Scenarios.withMdp(base, new MdpParams(base.mdp().discount(),
                base.mdp().maxCandidates(), base.mdp().maskStepsBelowMin(), true)));
        SystemModel both = loaded(true);
        Observation without = new ObservationBuilder(finishing)
                .of(0, Optional.of(TASK), 12.0, 0.4, 1e-10, ObservationTest.threeCandidates(), 50, 4);
        Observation with = new ObservationBuilder(both)
                .of(0, Optional.of(TASK), 12.0, 0.4, 1e-10, ObservationTest.threeCandidates(), 50, 4);

        assertThat(Observation.loadAt(both.scenario())).isEqualTo(50);
        assertThat(with.featureCount()).isEqualTo(53);
        for (int i = 0; i < without.featureCount(); i++) {
            assertThat(with.feature(i)).as("feature %d", i).isEqualTo(without.feature(i));
        }
        assertThat(FeatureLayout.indexOf(7, "home_arrivals")).isEqualTo(52);
        assertThat(with.feature(52)).isCloseTo(3 / 5.0, within(1e-12));
    }

    @Test
    void withTheRateFeatureOffTheLayoutIsTheOldOne() {
        assertThat(model.scenario().mdp().rateFeature()).isFalse();
        assertThat(Observation.rateAt(model.scenario())).isEqualTo(-1);
        assertThat(Observation.featureCount(7, true, true, false)).isEqualTo(Observation.featureCount(7, true, true));
        assertThat(FeatureLayout.of(7, true, true, false, List.of(5, 10)))
                .isEqualTo(FeatureLayout.of(7, true, true, List.of(5, 10)))
                .noneMatch(f -> f.name().equals("arrival_probability"));
    }

    /** default.conf at p_a = 0.55, with the rate feature on and the other opt-in keys as given. */
    private static LoadedScenario rated(String... more) {
        Map<String, String> set = new HashMap<>(Map.of("edgegen.task.arrival-probability", "0.55",
                "edgegen.mdp.rate-feature", "on"));
        for (int i = 0; i < more.length; i += 2) {
            set.put(more[i], more[i + 1]);
        }
        return ScenarioLoader.load(Path.of("conf/scenarios/default.conf"), set);
    }

    private static Observation observed(Scenario scenario) {
        return new ObservationBuilder(SystemModel.of(scenario))
                .of(0, Optional.of(TASK), 12.0, 0.4, 1e-10, ObservationTest.threeCandidates(), 50, 4);
    }

    @Test
    void theRateFeatureIsTheArrivalProbabilityAsIsAfterTheBaseFeatures() {
        Scenario scenario = rated().scenario();
        Scenario unrated = ScenarioLoader.load(Path.of("conf/scenarios/default.conf"),
                Map.of("edgegen.task.arrival-probability", "0.55")).scenario();
        Observation with = observed(scenario);
        Observation without = observed(unrated);

        assertThat(Observation.rateAt(scenario)).isEqualTo(42);
        assertThat(Observation.featureCount(scenario)).isEqualTo(Observation.featureCount(unrated) + 1).isEqualTo(43);
        assertThat(FeatureLayout.of(scenario).get(42).name()).isEqualTo("arrival_probability");
        assertThat(with.feature(42)).isEqualTo(0.55);
        for (int i = 0; i < without.featureCount(); i++) {
            assertThat(with.feature(i)).as("feature %d", i).isEqualTo(without.feature(i));
        }
        Observation idle = new ObservationBuilder(SystemModel.of(scenario))
                .of(0, Optional.empty(), 0.0, 0.4, 1e-10, ObservationTest.threeCandidates(), 50, 4);
        assertThat(idle.feature(42)).as("a user without a task sees it too").isEqualTo(0.55);
    }

    @Test
    void theRateFeatureFollowsTheLoadFeaturesAndPrecedesThePrior() {
        Scenario scenario = rated("edgegen.mdp.load-features", "on", "edgegen.mdp.finish-features", "on",
                "edgegen.mdp.prior", "least-finish").scenario();
        Observation with = observed(scenario);

        assertThat(Observation.loadAt(scenario)).isEqualTo(50);
        assertThat(Observation.rateAt(scenario)).isEqualTo(53);
        assertThat(Observation.priorAt(scenario)).isEqualTo(54);
        assertThat(Observation.featureCount(7, true, true, true))
                .isEqualTo(Observation.featureCount(7, true, true) + 1);
        assertThat(FeatureLayout.indexOf(7, "arrival_probability")).isEqualTo(53);
        assertThat(FeatureLayout.indexOf(7, "home_arrivals")).as("unchanged").isEqualTo(52);
        assertThat(FeatureLayout.of(scenario).get(53).name()).isEqualTo("arrival_probability");
        assertThat(FeatureLayout.of(scenario).get(54).name()).isEqualTo("prior_local");
        assertThat(with.feature(53)).isEqualTo(0.55);
        assertThat(with.feature(51)).as("N_h p_a / 5").isCloseTo(4 * 0.55 / 5, within(1e-12));

        Scenario loadOnly = rated("edgegen.mdp.load-features", "on").scenario();
        assertThat(Observation.rateAt(loadOnly)).isEqualTo(45);
        assertThat(Observation.featureCount(loadOnly)).isEqualTo(46);
        assertThat(observed(loadOnly).feature(45)).isEqualTo(0.55);
    }

    @Test
    void underATrainingRangeTheRateFeatureIsTheEpisodesDrawnArrivalProbability() {
        LoadedScenario loaded = rated("edgegen.training.arrival-probability-range", "[0.1, 0.9]");
        Scenario episode = loaded.training().scenarioOf(loaded.scenario(), 3, 5);
        double drawn = episode.tasks().arrivalProbability();

        assertThat(drawn).isNotEqualTo(0.55).isBetween(0.1, 0.9);
        assertThat(observed(episode).feature(Observation.rateAt(episode))).isEqualTo(drawn);
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
