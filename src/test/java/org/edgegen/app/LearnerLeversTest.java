package org.edgegen.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.learn.DirectTraining;
import org.edgegen.learn.PpoTrainer;
import org.edgegen.model.SystemModel;
import org.edgegen.policy.Action;
import org.edgegen.policy.DecentralisedPolicy;
import org.edgegen.policy.EpisodeLoop;
import org.edgegen.policy.Observation;
import org.edgegen.policy.ObservationBuilder;
import org.edgegen.policy.Policy;
import org.edgegen.policy.PolicyCatalog;
import org.edgegen.policy.neural.NeuralPolicy;
import org.edgegen.policy.neural.PolicySnapshot;
import org.edgegen.training.TrainRequest;
import org.junit.jupiter.api.Test;

/**
 * The learner's levers on tiny: several episodes per update with running value normalisation learns (with the
 * default marginal credit, and with the seed's shared one), and the warm start reproduces the imitated baseline. Deterministic (fixed seeds, one-thread sessions); no timing assertions.
 */
class LearnerLeversTest {

    private static final Path TINY = Path.of("conf/scenarios/tiny.conf");
    private static final long TRAIN_SEED = 7;
    private static final long EVALUATION_SEED = 2001;

    @Test
    void severalEpisodesPerUpdateWithValueNormalisationLowersTheCostOfTheUntrainedPolicy() {
        // the default credit (marginal), 4 episodes per update, running value normalisation
        int[] updates = new int[1];
        double[] costs = untrainedAndTrained(Map.of("edgegen.learner.episodes-per-update", "4",
                "edgegen.learner.value-normalisation", "running"), updates);
        assertThat(updates[0]).as("one update per 4 episodes").isEqualTo(12);
        assertThat(costs[1]).as("mean cost after training vs untrained %s", costs[0]).isLessThan(costs[0]);
    }

    @Test
    void theSeedsSharedCreditLowersTheCostOfTheUntrainedPolicyToo() {
        int[] updates = new int[1];
        double[] costs = untrainedAndTrained(Map.of("edgegen.learner.credit", "shared",
                "edgegen.learner.episodes-per-update", "4"), updates);
        assertThat(costs[1]).as("mean cost after training vs untrained %s", costs[0]).isLessThan(costs[0]);
    }

    /** The validation cost before and after 48 episodes on tiny (small network), with the policy version reached. */
    private static double[] untrainedAndTrained(Map<String, String> levers, int[] updates) {
        Map<String, String> overrides = new java.util.HashMap<>(levers);
        overrides.put("edgegen.learner.hidden-sizes", "[32, 32]");
        overrides.put("edgegen.learner.learning-rate", "0.003");
        LoadedScenario loaded = ScenarioLoader.load(TINY, overrides);
        SystemModel model = SystemModel.of(loaded.scenario());
        PolicyValidation evaluation = new PolicyValidation(loaded, EVALUATION_SEED, 4);
        try (PpoTrainer trainer = new PpoTrainer(model, loaded.learner(), TRAIN_SEED)) {
            double untrained = evaluation.run(trainer.snapshot()).meanCost();
            DirectTraining.train(new TrainRequest(loaded, 0, 48, TRAIN_SEED), trainer,
                    (episode, slots, step) -> updates[0] = (int) step.snapshot().version());
            return new double[] {untrained, evaluation.run(trainer.snapshot()).meanCost()};
        }
    }

    @Test
    void theWarmStartReproducesTheBaselinesChoicesOnMostDecisions() {
        LoadedScenario loaded = ScenarioLoader.load(TINY, Map.of(
                "edgegen.learner.warm-start", "least-loaded",
                "edgegen.learner.warm-start-episodes", "10",
                "edgegen.learner.warm-start-epochs", "200"));
        SystemModel model = SystemModel.of(loaded.scenario());
        Policy baseline = new PolicyCatalog(model).perUser("least-loaded").orElseThrow();
        try (PpoTrainer trainer = new PpoTrainer(model, loaded.learner(), TRAIN_SEED)) {
            double[] untrained = agreement(model, baseline, trainer.snapshot());
            assertThat(trainer.warmStart(TRAIN_SEED)).isPresent();
            assertThat(trainer.version()).as("the warm start is no PPO update").isZero();
            double[] cloned = agreement(model, baseline, trainer.snapshot());
            assertThat(cloned[0]).as("decisions agreeing with least-loaded (untrained: %s)", untrained[0])
                    .isGreaterThan(0.8);
            assertThat(cloned[1]).as("decisions of the unseen episodes").isGreaterThan(100);
            assertThat(trainer.warmStart(TRAIN_SEED)).as("only once").isEmpty();
        }
    }

    /** The share of decisions on unseen episodes where the greedy policy takes the baseline's action, and their count. */
    private static double[] agreement(SystemModel model, Policy baseline, PolicySnapshot snapshot) {
        ObservationBuilder observations = new ObservationBuilder(model);
        NeuralPolicy greedy = NeuralPolicy.greedy(snapshot, observations.actionSpace());
        int[] counts = new int[2];
        // plays the baseline's actions, counting where the greedy policy would have chosen the same
        Policy comparing = new Policy() {
            @Override
            public Action act(Observation o, SplittableRandom random) {
                Action wanted = baseline.act(o, random);
                Action chosen = greedy.act(o, random);
                counts[0] += wanted.equals(chosen) ? 1 : 0;
                counts[1]++;
                return wanted;
            }

            @Override
            public String name() {
                return "comparing";
            }
        };
        EpisodeLoop loop = new EpisodeLoop(model);
        for (int episode = 0; episode < 3; episode++) {
            loop.play(new DecentralisedPolicy(comparing, observations), EVALUATION_SEED, episode);
        }
        return new double[] {counts[0] / (double) counts[1], counts[1]};
    }
}
