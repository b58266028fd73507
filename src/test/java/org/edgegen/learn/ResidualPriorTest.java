package org.edgegen.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.edgegen.model.Scenario;
import org.edgegen.model.Scenario.MdpParams;
import org.edgegen.model.Scenarios;
import org.edgegen.model.SystemModel;
import org.edgegen.policy.Action;
import org.edgegen.policy.FeatureLayout;
import org.edgegen.policy.Observation;
import org.edgegen.policy.ObservationBuilder;
import org.edgegen.policy.Policy;
import org.edgegen.policy.PolicyCatalog;
import org.edgegen.policy.neural.HeadProbabilities;
import org.edgegen.policy.neural.NeuralFixtures;
import org.edgegen.policy.neural.NeuralPolicy;
import org.edgegen.policy.neural.PolicySnapshot;
import org.junit.jupiter.api.Test;

/** The residual prior (edgegen.mdp.prior): its features, the actor's use of them in Java and in the graph. */
class ResidualPriorTest {

    private static final int BASE = Observation.featureCount(7, false);
    private static final int PRIOR = Observation.priorFeatureCount(7, 6);

    private static SystemModel withPrior(String prior, double weight) {
        Scenario s = NeuralFixtures.maskingSteps();
        return SystemModel.of(Scenarios.withMdp(s, new MdpParams(s.mdp().discount(), s.mdp().maxCandidates(),
                true, false, prior, weight)));
    }

    @Test
    void thePriorFeaturesHoldTheBaselinesChoiceOnePerHeadLogitAfterTheOtherFeatures() {
        for (String name : List.of("greedy-local", "least-finish", "least-finish-min", "least-loaded")) {
            SystemModel model = withPrior(name, 2.5);
            ObservationBuilder builder = new ObservationBuilder(model);
            Policy baseline = new PolicyCatalog(model).perUser(name).orElseThrow();
            assertThat(builder.priorAt()).isEqualTo(BASE);
            assertThat(Observation.featureCount(model.scenario())).isEqualTo(BASE + PRIOR).isEqualTo(57);
            assertThat(FeatureLayout.of(model.scenario())).hasSize(57);
            assertThat(FeatureLayout.of(model.scenario()).get(BASE).name()).isEqualTo("prior_local");
            List<Observation> seen = NeuralFixtures.observations(builder, 70, 5);
            List<Observation> plain = NeuralFixtures.observations(NeuralFixtures.MASKING_STEPS, 70, 5);
            for (int n = 0; n < seen.size(); n++) {
                Observation o = seen.get(n);
                Action choice = baseline.act(o, new SplittableRandom(1));
                double[] expected = new double[PRIOR];
                expected[choice.offload() ? 1 : 0] = 2.5;
                if (choice.offload()) {
                    expected[2 + choice.server()] = 2.5;
                }
                expected[2 + 7 + model.steps().indexOf(choice.steps())] = 2.5;
                for (int j = 0; j < PRIOR; j++) {
                    assertThat(o.feature(BASE + j)).as("%s, observation %d, prior feature %d", name, n, j)
                            .isEqualTo(expected[j]);
                }
                for (int i = 0; i < BASE; i++) {
                    assertThat(o.feature(i)).as("base feature %d", i).isEqualTo(plain.get(n).feature(i));
                }
            }
        }
    }

    @Test
    void aUserWithoutATaskHasNoPriorChoice() {
        ObservationBuilder builder = new ObservationBuilder(withPrior("greedy-local", 3));
        Observation idle = builder.of(0, Optional.empty(), 1.0, 0.4, 1e-10,
                NeuralFixtures.observation(NeuralFixtures.DEFAULT, 3, new SplittableRandom(2)).candidates(), 20);
        for (int j = 0; j < PRIOR; j++) {
            assertThat(idle.feature(BASE + j)).isZero();
        }
    }

    @Test
    void anActorWithZeroWeightsPlaysThePriorsChoiceGreedily() {
        SystemModel model = withPrior("least-finish", 3);
        ObservationBuilder builder = new ObservationBuilder(model);
        Policy baseline = new PolicyCatalog(model).perUser("least-finish").orElseThrow();
        PolicySnapshot zero = NeuralFixtures.randomSnapshot(0, new int[] {16, 16}, 0.0, 0.0, 1, BASE + PRIOR);
        NeuralPolicy greedy = NeuralPolicy.greedy(zero, builder);
        NeuralPolicy without = NeuralPolicy.greedy(zero, builder.actionSpace());
        int differs = 0;
        for (Observation o : NeuralFixtures.observations(builder, 140, 9)) {
            Action prior = baseline.act(o, new SplittableRandom(1));
            assertThat(greedy.act(o, new SplittableRandom(1))).isEqualTo(prior);
            differs += without.act(o, new SplittableRandom(1)).equals(prior) ? 0 : 1;
        }
        // without the prior the same zero network plays its first valid choice: the test is not vacuous
        assertThat(differs).isPositive();
    }

    @Test
    void theGraphAddsThePriorAsTheJavaForwardPassDoes() {
        SystemModel model = withPrior("greedy-local", 3);
        ObservationBuilder builder = new ObservationBuilder(model);
        NetworkShape shape = NetworkShape.of(model, LearnFixtures.defaults());
        assertThat(shape.priorAt()).isEqualTo(BASE);
        List<Observation> observations = NeuralFixtures.observations(builder, 105, 4);
        Batch batch = LearnFixtures.batch(shape, observations, 1);
        try (PpoLearner learner = new PpoLearner(shape, LearnFixtures.defaults(), 42)) {
            PolicySnapshot far = NeuralFixtures.randomSnapshot(7, new int[] {128, 128}, 3.0, 1.0, 8, BASE + PRIOR);
            for (PolicySnapshot snapshot : List.of(learner.snapshot(), far)) {
                learner.loadActor(snapshot);
                NeuralPolicy java = NeuralPolicy.stochastic(snapshot, builder);
                NeuralPolicy blind = NeuralPolicy.stochastic(snapshot, builder.actionSpace());
                List<HeadProbabilities> graph = learner.probabilities(batch);
                double gap = 0;
                for (int i = 0; i < observations.size(); i++) {
                    HeadProbabilities expected = java.distribution(observations.get(i));
                    assertThat(graph.get(i).offload()).containsExactly(expected.offload(), within(1e-5));
                    assertThat(graph.get(i).server()).containsExactly(expected.server(), within(1e-5));
                    assertThat(graph.get(i).steps()).containsExactly(expected.steps(), within(1e-5));
                    gap += Math.abs(blind.distribution(observations.get(i)).steps()[0] - expected.steps()[0]);
                }
                assertThat(gap).as("the prior moves the distribution").isGreaterThan(0.1);
            }
        }
    }

    @Test
    void aPriorNeedsItsFeaturesAtTheEndOfTheVector() {
        PolicySnapshot plain = NeuralFixtures.randomSnapshot(0, new int[] {8}, 1.0, 0.0, 1);
        assertThatThrownBy(() -> new NeuralPolicy(plain, NeuralFixtures.space(), NeuralPolicy.Mode.GREEDY, BASE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prior features");
    }
}
