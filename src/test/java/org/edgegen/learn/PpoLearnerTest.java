package org.edgegen.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.edgegen.config.LearnerSettings;
import org.edgegen.config.LearnerSettings.CriticMode;
import org.edgegen.policy.Action;
import org.edgegen.policy.Observation;
import org.edgegen.policy.neural.HeadMasks;
import org.edgegen.policy.neural.HeadProbabilities;
import org.edgegen.policy.neural.NeuralFixtures;
import org.edgegen.policy.neural.NeuralPolicy;
import org.edgegen.policy.neural.PolicySnapshot;
import org.junit.jupiter.api.Test;

class PpoLearnerTest {

    private static final LearnerSettings SMALL = LearnFixtures.small(CriticMode.CENTRALISED);
    private static final NetworkShape SMALL_SHAPE = LearnFixtures.shape(SMALL);

    @Test
    void theJavaForwardPassEqualsTheGraphOnTheSameWeightsAndObservations() {
        LearnerSettings settings = LearnFixtures.defaults();
        NetworkShape shape = LearnFixtures.shape(settings);
        List<Observation> observations = NeuralFixtures.observations(NeuralFixtures.MASKING_STEPS, 210, 4);
        Batch batch = LearnFixtures.batch(shape, observations, 1);
        try (PpoLearner learner = new PpoLearner(shape, settings, 42)) {
            PolicySnapshot far = NeuralFixtures.randomSnapshot(7, new int[] {128, 128}, 3.0, 1.0, 8);
            for (PolicySnapshot snapshot : List.of(learner.snapshot(), far)) {
                learner.loadActor(snapshot);
                NeuralPolicy java = NeuralPolicy.stochastic(snapshot, LearnFixtures.SPACE);
                List<HeadProbabilities> graph = learner.probabilities(batch);
                for (int i = 0; i < observations.size(); i++) {
                    HeadProbabilities expected = java.distribution(observations.get(i));
                    assertThat(graph.get(i).offload()).containsExactly(expected.offload(), within(1e-5));
                    assertThat(graph.get(i).server()).containsExactly(expected.server(), within(1e-5));
                    assertThat(graph.get(i).steps()).containsExactly(expected.steps(), within(1e-5));
                }
            }
        }
    }

    @Test
    void theGraphGivesMaskedChoicesProbabilityZero() {
        List<Observation> observations = NeuralFixtures.observations(NeuralFixtures.MASKING_STEPS, 70, 6);
        Batch batch = LearnFixtures.batch(SMALL_SHAPE, observations, 2);
        try (PpoLearner learner = new PpoLearner(SMALL_SHAPE, SMALL, 1)) {
            PolicySnapshot biased = NeuralFixtures.randomSnapshot(0, new int[] {32, 32}, 3.0, 0.0, 3);
            float[][] biases = biased.biases();
            biases[3][6] = 20f;     // y: the 7th candidate
            biases[4][0] = 20f;     // c: 5 steps
            learner.loadActor(new PolicySnapshot(0, 42, new int[] {32, 32}, 7, 6, biased.weights(), biases));
            List<HeadProbabilities> graph = learner.probabilities(batch);
            for (int i = 0; i < observations.size(); i++) {
                HeadMasks masks = HeadMasks.of(observations.get(i), LearnFixtures.SPACE);
                for (int y = 0; y < 7; y++) {
                    if (!masks.serverValid(y)) {
                        assertThat(graph.get(i).server()[y]).as("row %d server %d", i, y).isLessThanOrEqualTo(1e-9);
                    }
                }
                for (int c = 0; c < 6; c++) {
                    if (!masks.stepsValid(c)) {
                        assertThat(graph.get(i).steps()[c]).as("row %d steps %d", i, c).isLessThanOrEqualTo(1e-9);
                    }
                }
            }
        }
    }

    @Test
    void theEntropyOfAUniformPolicyIsTheSumOfTheHeadEntropies() {
        Observation o = NeuralFixtures.observation(NeuralFixtures.MASKING_STEPS, 3, new SplittableRandom(1));
        int validSteps = (int) LearnFixtures.SPACE.steps().steps().stream().filter(c -> c >= o.minSteps()).count();
        Batch batch = LearnFixtures.batch(SMALL_SHAPE, List.of(o), 3);
        try (PpoLearner learner = new PpoLearner(SMALL_SHAPE, SMALL, 1)) {
            learner.loadActor(NeuralFixtures.randomSnapshot(0, new int[] {32, 32}, 0.0, 0.0, 1));
            // H = ln 2 + ½ ln 3 + ln |{c >= c^min}|
            assertThat((double) learner.evaluate(batch)[2])
                    .isCloseTo(Math.log(2) + 0.5 * Math.log(3) + Math.log(validSteps), within(1e-5));
        }
    }

    @Test
    void onePpoUpdateMovesProbabilityTowardsAPositivelyAdvantagedActionAndLowersTheLoss() {
        List<Observation> observations = NeuralFixtures.observations(NeuralFixtures.DEFAULT, 8, 12);
        Action good = Action.offload(0, 20);
        Action bad = Action.local(30);
        try (PpoLearner learner = new PpoLearner(SMALL_SHAPE, SMALL, 5)) {
            NeuralPolicy before = NeuralPolicy.stochastic(learner.snapshot(), LearnFixtures.SPACE);
            Batch.Builder builder = Batch.builder(SMALL_SHAPE);
            List<Double> advantages = new ArrayList<>();
            SplittableRandom random = new SplittableRandom(4);
            for (int copy = 0; copy < 8; copy++) {
                for (Observation o : observations) {
                    Action a = copy % 2 == 0 ? good : bad;
                    builder.add(o.features(), LearnFixtures.globalState(random),
                            HeadMasks.of(o, LearnFixtures.SPACE), a.offload() ? 1 : 0, a.server(),
                            LearnFixtures.SPACE.steps().indexOf(a.steps()), before.logProb(o, a));
                    advantages.add(a == good ? 1.0 : -1.0);
                }
            }
            double[] adv = advantages.stream().mapToDouble(Double::doubleValue).toArray();
            Batch batch = builder.build().withTargets(adv, new double[adv.length]);
            float[] lossBefore = learner.evaluate(batch);

            UpdateStats stats = learner.update(batch);

            float[] lossAfter = learner.evaluate(batch);
            NeuralPolicy after = NeuralPolicy.stochastic(learner.snapshot(), LearnFixtures.SPACE);
            assertThat(stats.version()).isEqualTo(1);
            assertThat(learner.version()).isEqualTo(1);
            assertThat(stats.gradientSteps()).isEqualTo(2 * 2);
            assertThat(stats.transitions()).isEqualTo(64);
            assertThat(stats.gradNorm()).isPositive().isFinite();
            assertThat(stats.approxKl()).isGreaterThanOrEqualTo(0).isFinite();
            assertThat(lossAfter[0]).as("policy loss").isLessThan(lossBefore[0]);
            assertThat(lossAfter[1]).as("value loss").isLessThan(lossBefore[1]);
            for (Observation o : observations) {
                assertThat(after.logProb(o, good)).isGreaterThan(before.logProb(o, good));
                assertThat(after.logProb(o, bad)).isLessThan(before.logProb(o, bad));
            }
        }
    }

    @Test
    void theInitialWeightsAreAFunctionOfTheSeed() {
        try (PpoLearner a = new PpoLearner(SMALL_SHAPE, SMALL, 3);
                PpoLearner b = new PpoLearner(SMALL_SHAPE, SMALL, 3);
                PpoLearner c = new PpoLearner(SMALL_SHAPE, SMALL, 4)) {
            Batch batch = LearnFixtures.batch(SMALL_SHAPE,
                    NeuralFixtures.observations(NeuralFixtures.DEFAULT, 14, 1), 1);
            assertThat(a.snapshot()).isEqualTo(b.snapshot());
            assertThat(a.values(batch)).containsExactly(b.values(batch));
            assertThat(a.snapshot()).isNotEqualTo(c.snapshot());
            assertThat(a.update(batch)).isEqualTo(b.update(batch));
            assertThat(a.snapshot()).isEqualTo(b.snapshot());
        }
    }

    private static LearnerSettings annealed(LearnerSettings s, int updates, double learningRateFinal,
            double entropyCoefFinal) {
        return new LearnerSettings(s.hiddenSizes(), s.critic(), s.learningRate(), s.clip(), s.valueCoef(),
                s.entropyCoef(), s.maxGradNorm(), s.gaeLambda(), s.epochs(), s.minibatchSize(),
                s.normaliseAdvantages(), updates, learningRateFinal, entropyCoefFinal, s.discount(), s.execution(),
                s.episodesPerUpdate(), s.valueNormalisation(), s.warmStart(), s.warmStartEpisodes(),
                s.warmStartEpochs(), s.credit(), s.executionTemperature(), s.executionPrecision(),
                s.advantageNormalisation(), s.headExperts(), s.expertScope());
    }

    @Test
    void annealingFeedsTheScheduledLearningRateAndEntropyWeightPerUpdate() {
        // Annealing to the initial values feeds exactly the constants: the same weights.
        LearnerSettings flat = annealed(SMALL, 10, SMALL.learningRate(), SMALL.entropyCoef());
        // Over one update the first update uses the initial values, every later one the final values.
        LearnerSettings steep = annealed(SMALL, 1, SMALL.learningRate() / 10, 0);
        try (PpoLearner constant = new PpoLearner(SMALL_SHAPE, SMALL, 3);
                PpoLearner fed = new PpoLearner(SMALL_SHAPE, flat, 3);
                PpoLearner decayed = new PpoLearner(SMALL_SHAPE, steep, 3)) {
            Batch batch = LearnFixtures.batch(SMALL_SHAPE,
                    NeuralFixtures.observations(NeuralFixtures.DEFAULT, 14, 1), 1);
            for (PpoLearner l : List.of(constant, fed, decayed)) {
                l.update(batch);
            }
            assertThat(fed.snapshot()).isEqualTo(constant.snapshot());
            assertThat(decayed.snapshot()).isEqualTo(constant.snapshot());
            PolicySnapshot start = constant.snapshot();
            for (PpoLearner l : List.of(constant, fed, decayed)) {
                l.update(batch);
            }
            assertThat(fed.snapshot()).isEqualTo(constant.snapshot());
            assertThat(decayed.snapshot()).isNotEqualTo(constant.snapshot());
            // A tenth of the learning rate moves the weights less (Adam's step is about the learning rate).
            assertThat(distance(decayed.snapshot(), start)).isLessThan(distance(constant.snapshot(), start) / 3);
        }
    }

    private static double distance(PolicySnapshot a, PolicySnapshot b) {
        double sum = 0;
        for (int k = 0; k < a.layerCount(); k++) {
            float[] x = a.weights(k);
            float[] y = b.weights(k);
            for (int i = 0; i < x.length; i++) {
                sum += (x[i] - y[i]) * (double) (x[i] - y[i]);
            }
        }
        return Math.sqrt(sum);
    }

    @Test
    void aLocalCriticReadsOnlyTheObservation() {
        LearnerSettings local = LearnFixtures.withNormalisedAdvantages(LearnFixtures.small(CriticMode.LOCAL));
        NetworkShape shape = LearnFixtures.shape(local);
        List<Observation> observations = NeuralFixtures.observations(NeuralFixtures.DEFAULT, 21, 2);
        try (PpoLearner learner = new PpoLearner(shape, local, 1)) {
            Batch batch = LearnFixtures.batch(shape, observations, 4);
            double[] values = learner.values(batch);
            assertThat(values).hasSize(21);
            UpdateStats stats = learner.update(batch);
            assertThat(stats.valueLoss()).isFinite();
            assertThat(stats.version()).isEqualTo(1);
        }
    }

    @Test
    void perEpisodeStandardisationGivesEveryEpisodeMeanZeroAndStandardDeviationOne() {
        // Three episodes, interleaved and of uneven sizes, whose advantages differ in scale by 50 times.
        SplittableRandom random = new SplittableRandom(11);
        int[] episodes = new int[90];
        float[] advantages = new float[90];
        for (int i = 0; i < episodes.length; i++) {
            episodes[i] = i % 3 == 2 ? 17 : i < 45 ? 3 : 4;
            double scale = episodes[i] == 17 ? 25 : episodes[i] == 3 ? 0.5 : 4;
            advantages[i] = (float) (scale * (2 * random.nextDouble() - 1) - scale);
        }

        float[] perEpisode = PpoLearner.standardisedPerEpisode(advantages, episodes);
        float[] perBatch = PpoLearner.standardised(advantages);

        for (int episode : new int[] {3, 4, 17}) {
            double[] own = rowsOf(perEpisode, episodes, episode);
            assertThat(mean(own)).as("mean of episode %d", episode).isCloseTo(0, within(1e-6));
            assertThat(std(own)).as("std of episode %d", episode).isCloseTo(1, within(1e-5));
        }
        // Over the whole batch the light episode's advantages are squeezed near one value.
        assertThat(std(rowsOf(perBatch, episodes, 3))).isLessThan(0.1);
    }

    @Test
    void withOneEpisodePerUpdatePerEpisodeStandardisationIsTheBatchOne() {
        SplittableRandom random = new SplittableRandom(12);
        float[] advantages = new float[50];
        for (int i = 0; i < advantages.length; i++) {
            advantages[i] = (float) (3 * random.nextDouble() - 2);
        }
        int[] oneEpisode = new int[advantages.length];
        java.util.Arrays.fill(oneEpisode, 8);
        assertThat(PpoLearner.standardisedPerEpisode(advantages, oneEpisode))
                .containsExactly(PpoLearner.standardised(advantages));

        LearnerSettings perBatch = LearnFixtures.withNormalisedAdvantages(SMALL);
        LearnerSettings perEpisode = LearnFixtures.withAdvantageNormalisation(perBatch,
                LearnerSettings.AdvantageNormalisation.EPISODE);
        assertThat(perEpisode.standardisesAdvantagesPerEpisode()).isTrue();
        Batch batch = LearnFixtures.batch(SMALL_SHAPE, NeuralFixtures.observations(NeuralFixtures.DEFAULT, 40, 2), 3);
        try (PpoLearner a = new PpoLearner(SMALL_SHAPE, perBatch, 5);
                PpoLearner b = new PpoLearner(SMALL_SHAPE, perEpisode, 5)) {
            assertThat(b.update(batch)).isEqualTo(a.update(batch));
            assertThat(b.snapshot()).isEqualTo(a.snapshot());
        }
    }

    @Test
    void episodeWeightedAdvantagesGiveEveryEpisodeOfTheBatchTheSameTotalWeight() {
        SplittableRandom random = new SplittableRandom(11);
        float[] advantages = new float[50];
        int[] episodes = new int[50];
        for (int i = 0; i < advantages.length; i++) {
            advantages[i] = (float) (4 * random.nextDouble() - 1);
            episodes[i] = i % 5 == 0 ? 3 : 9; // 10 rows of episode 3, 40 of episode 9
        }
        float[] standardised = PpoLearner.standardisedPerEpisode(advantages, episodes);
        float[] weighted = PpoLearner.perEpisode(advantages, episodes, true);
        assertThat(PpoLearner.perEpisode(advantages, episodes, false)).containsExactly(standardised);
        for (int i = 0; i < advantages.length; i++) {
            double scale = episodes[i] == 3 ? 25.0 / 10 : 25.0 / 40;
            assertThat((double) weighted[i]).isCloseTo(standardised[i] * scale, within(1e-6));
        }
        int[] oneEpisode = new int[advantages.length];
        java.util.Arrays.fill(oneEpisode, 4);
        assertThat(PpoLearner.perEpisode(advantages, oneEpisode, true))
                .as("one episode per update: the same as per-episode standardisation")
                .containsExactly(PpoLearner.standardisedPerEpisode(advantages, oneEpisode));
        LearnerSettings weighs = LearnFixtures.withAdvantageNormalisation(LearnFixtures.withNormalisedAdvantages(SMALL),
                LearnerSettings.AdvantageNormalisation.EPISODE_WEIGHTED);
        assertThat(weighs.standardisesAdvantagesPerEpisode()).isTrue();
        assertThat(weighs.weighsEpisodesEqually()).isTrue();
    }

    private static double[] rowsOf(float[] values, int[] episodes, int episode) {
        List<Double> rows = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (episodes[i] == episode) {
                rows.add((double) values[i]);
            }
        }
        return rows.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double mean(double[] values) {
        return java.util.Arrays.stream(values).average().orElseThrow();
    }

    private static double std(double[] values) {
        double mean = mean(values);
        return Math.sqrt(java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).average().orElseThrow());
    }
}
