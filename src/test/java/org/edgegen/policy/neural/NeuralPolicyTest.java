package org.edgegen.policy.neural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.edgegen.policy.Action;
import org.edgegen.policy.ActionSpace;
import org.edgegen.policy.Observation;
import org.junit.jupiter.api.Test;

class NeuralPolicyTest {

    private static final ActionSpace SPACE = NeuralFixtures.space();
    private static final int[] HIDDEN = {16, 16};

    /** Heads biased hard towards the choices the masks remove: the last candidates and the fewest steps. */
    private static PolicySnapshot biasedTowardsMaskedChoices() {
        PolicySnapshot s = NeuralFixtures.randomSnapshot(4, HIDDEN, 1.0, 0.0, 11);
        float[][] biases = s.biases();
        biases[2][1] = 8f;              // x: offload
        biases[3][6] = 12f;             // y: the 7th candidate, rarely present
        biases[3][5] = 10f;
        biases[4][0] = 12f;             // c: 5 steps, below c^min for most tasks
        return new PolicySnapshot(s.version(), s.featureCount(), s.hiddenSizes(), 7, 6, s.weights(), biases);
    }

    @Test
    void sampledActionsAreNeverMasked() {
        NeuralPolicy policy = NeuralPolicy.stochastic(biasedTowardsMaskedChoices(), SPACE);
        SplittableRandom random = new SplittableRandom(7);
        int offloads = 0;
        for (Observation o : NeuralFixtures.observations(NeuralFixtures.MASKING_STEPS, 70, 3)) {
            for (int draw = 0; draw < 300; draw++) {
                PolicySample sample = policy.sample(o, random);
                assertThat(o.mask().isValid(SPACE.index(sample.action())))
                        .as("%s with %d candidates and c^min %d", sample.action(), o.candidates().size(),
                                o.minSteps())
                        .isTrue();
                assertThat(sample.logProb()).isGreaterThan(-50);
                offloads += sample.action().offload() ? 1 : 0;
            }
        }
        assertThat(offloads).as("the biased x head offloads most of the time").isGreaterThan(70 * 300 / 2);
    }

    @Test
    void greedyActionsAreNeverMaskedEither() {
        NeuralPolicy policy = NeuralPolicy.greedy(biasedTowardsMaskedChoices(), SPACE);
        for (Observation o : NeuralFixtures.observations(NeuralFixtures.MASKING_STEPS, 70, 5)) {
            Action a = policy.act(o, new SplittableRandom(1));
            assertThat(o.mask().isValid(SPACE.index(a))).as("%s", a).isTrue();
        }
    }

    @Test
    void maskedChoicesHaveProbabilityExactlyZeroAndEachHeadSumsToOne() {
        NeuralPolicy policy = NeuralPolicy.stochastic(biasedTowardsMaskedChoices(), SPACE);
        for (Observation o : NeuralFixtures.observations(NeuralFixtures.MASKING_STEPS, 35, 9)) {
            HeadProbabilities p = policy.distribution(o);
            HeadMasks masks = HeadMasks.of(o, SPACE);
            for (int y = 0; y < 7; y++) {
                if (!masks.serverValid(y)) {
                    assertThat(p.server()[y]).as("server %d", y).isZero();
                }
            }
            for (int c = 0; c < 6; c++) {
                if (!masks.stepsValid(c)) {
                    assertThat(p.steps()[c]).as("steps index %d", c).isZero();
                }
            }
            assertThat(sum(p.offload())).isCloseTo(1.0, within(1e-12));
            assertThat(sum(p.server())).isCloseTo(1.0, within(1e-12));
            assertThat(sum(p.steps())).isCloseTo(1.0, within(1e-12));
        }
    }

    @Test
    void headMasksFollowTheCandidatesAndTheMinimumSteps() {
        SplittableRandom random = new SplittableRandom(2);
        Observation o = NeuralFixtures.observation(NeuralFixtures.MASKING_STEPS, 3, random);
        HeadMasks masks = HeadMasks.of(o, SPACE);
        assertThat(masks.offload()).containsExactly(true, true);
        assertThat(masks.server()).containsExactly(true, true, true, false, false, false, false);
        for (int c = 0; c < 6; c++) {
            assertThat(masks.stepsValid(c)).as("c = %d", SPACE.steps().steps(c))
                    .isEqualTo(SPACE.steps().steps(c) >= o.minSteps());
        }
        Observation unmasked = NeuralFixtures.observation(NeuralFixtures.DEFAULT, 3, random);
        assertThat(HeadMasks.of(unmasked, SPACE).steps()).containsOnly(true);
    }

    @Test
    void theJointLogProbabilityIsTheSumOfTheHeadsWithTheServerOnlyWhenOffloading() {
        NeuralPolicy policy = NeuralPolicy.stochastic(NeuralFixtures.randomSnapshot(1, HIDDEN, 2.0, 0.5, 3), SPACE);
        Observation o = NeuralFixtures.observation(NeuralFixtures.DEFAULT, 4, new SplittableRandom(8));
        HeadProbabilities p = policy.distribution(o);
        assertThat(policy.logProb(o, Action.offload(2, 15)))
                .isCloseTo(Math.log(p.offload()[1]) + Math.log(p.server()[2]) + Math.log(p.steps()[2]),
                        within(1e-9));
        assertThat(policy.logProb(o, Action.local(25)))
                .isCloseTo(Math.log(p.offload()[0]) + Math.log(p.steps()[4]), within(1e-9));
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 50; i++) {
            PolicySample s = policy.sample(o, random);
            assertThat(s.logProb()).isCloseTo(policy.logProb(o, s.action()), within(1e-12));
            assertThat(s.version()).isEqualTo(1);
        }
    }

    @Test
    void aTemperatureOfOneSamplesAsTrainedAndALowOneAsGreedyWithoutMaskedChoices() {
        PolicySnapshot snapshot = NeuralFixtures.randomSnapshot(0, HIDDEN, 2.0, 0.7, 21);
        NeuralPolicy trained = NeuralPolicy.stochastic(snapshot, SPACE);
        NeuralPolicy one = new NeuralPolicy(snapshot, SPACE, NeuralPolicy.Mode.STOCHASTIC, -1, 1.0);
        NeuralPolicy cold = new NeuralPolicy(snapshot, SPACE, NeuralPolicy.Mode.STOCHASTIC, -1, 1e-3);
        NeuralPolicy hot = new NeuralPolicy(snapshot, SPACE, NeuralPolicy.Mode.STOCHASTIC, -1, 5.0);
        NeuralPolicy greedy = NeuralPolicy.greedy(snapshot, SPACE);
        int hotDiffers = 0;
        int coldDiffers = 0;
        for (Observation o : NeuralFixtures.observations(NeuralFixtures.MASKING_STEPS, 140, 3)) {
            assertThat(one.sample(o, new SplittableRandom(4))).isEqualTo(trained.sample(o, new SplittableRandom(4)));
            Action coldAction = cold.act(o, new SplittableRandom(4));
            coldDiffers += coldAction.equals(greedy.act(o, null)) ? 0 : 1;
            for (int k = 0; k < 5; k++) {
                Action a = hot.act(o, new SplittableRandom(k));
                assertThat(o.mask().isValid(SPACE.index(a))).as("hot draw %s", a).isTrue();
                hotDiffers += a.equals(greedy.act(o, null)) ? 0 : 1;
            }
            // the tempered draw records the untempered log-probability of what it drew
            PolicySample drawn = hot.sample(o, new SplittableRandom(9));
            assertThat(drawn.logProb()).isCloseTo(trained.logProb(o, drawn.action()), within(1e-12));
        }
        assertThat(coldDiffers).isZero();
        assertThat(hotDiffers).isPositive();
        assertThatThrownBy(() -> new NeuralPolicy(snapshot, SPACE, NeuralPolicy.Mode.STOCHASTIC, -1, 0.0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void samplingFollowsTheHeadDistributions() {
        NeuralPolicy policy = NeuralPolicy.stochastic(NeuralFixtures.randomSnapshot(0, HIDDEN, 2.0, 0.7, 21), SPACE);
        Observation o = NeuralFixtures.observation(NeuralFixtures.DEFAULT, 7, new SplittableRandom(5));
        HeadProbabilities p = policy.distribution(o);
        SplittableRandom random = new SplittableRandom(6);
        int draws = 40_000;
        int[] steps = new int[6];
        int offloads = 0;
        for (int i = 0; i < draws; i++) {
            PolicySample s = policy.sample(o, random);
            steps[s.stepIndex()]++;
            offloads += s.offloadIndex();
        }
        // Four standard deviations of a binomial share at most 0.5·4/sqrt(draws) = 0.01.
        assertThat((double) offloads / draws).isCloseTo(p.offload()[1], within(0.01));
        for (int c = 0; c < 6; c++) {
            assertThat((double) steps[c] / draws).as("c index %d", c).isCloseTo(p.steps()[c], within(0.01));
        }
    }

    @Test
    void greedyModeTakesTheMostProbableChoiceOfEachHead() {
        PolicySnapshot snapshot = NeuralFixtures.randomSnapshot(0, HIDDEN, 2.0, 1.0, 17);
        NeuralPolicy greedy = NeuralPolicy.greedy(snapshot, SPACE);
        for (Observation o : NeuralFixtures.observations(NeuralFixtures.DEFAULT, 21, 13)) {
            HeadProbabilities p = greedy.distribution(o);
            PolicySample s = greedy.sample(o, new SplittableRandom(0));
            assertThat(s.offloadIndex()).isEqualTo(argmax(p.offload()));
            assertThat(s.stepIndex()).isEqualTo(argmax(p.steps()));
            if (s.action().offload()) {
                assertThat(s.serverIndex()).isEqualTo(argmax(p.server()));
            }
        }
    }

    @Test
    void theSameRandomStreamGivesTheSameAction() {
        NeuralPolicy policy = NeuralPolicy.stochastic(NeuralFixtures.randomSnapshot(0, HIDDEN, 2.0, 1.0, 1), SPACE);
        for (Observation o : NeuralFixtures.observations(NeuralFixtures.DEFAULT, 14, 2)) {
            assertThat(policy.act(o, new SplittableRandom(99))).isEqualTo(policy.act(o, new SplittableRandom(99)));
        }
    }

    @Test
    void theForwardPassComputesTanhLayersAndSoftmaxHeadsAsWrittenByHand() {
        // One hidden unit with zero input weights: h = tanh(0.5). Heads: x logits (0, 2h), y logits (h·k), c logits 0.
        int features = 42;
        float[][] w = {new float[features], {0f, 2f}, {0f, 1f, 2f, 3f, 4f, 5f, 6f}, new float[6]};
        float[][] b = {{0.5f}, new float[2], new float[7], new float[6]};
        PolicySnapshot snapshot = new PolicySnapshot(0, features, new int[] {1}, 7, 6, w, b);
        Observation o = NeuralFixtures.observation(NeuralFixtures.DEFAULT, 2, new SplittableRandom(3));
        HeadProbabilities p = NeuralPolicy.stochastic(snapshot, SPACE).distribution(o);
        double h = Math.tanh(0.5);
        assertThat(p.offload()[1]).isCloseTo(1 / (1 + Math.exp(-2 * h)), within(1e-12));
        assertThat(p.server()[0]).isCloseTo(1 / (1 + Math.exp(h)), within(1e-12));
        assertThat(p.server()[1]).isCloseTo(Math.exp(h) / (1 + Math.exp(h)), within(1e-12));
        assertThat(p.steps()).containsOnly(new double[] {1.0 / 6}, within(1e-12));
        assertThat(p.entropy()).isCloseTo(entropy(p.offload()) + p.offload()[1] * entropy(p.server())
                + Math.log(6), within(1e-12));
    }

    @Test
    void aSnapshotIsImmutableAndChecksItsLayerSizes() {
        PolicySnapshot snapshot = NeuralFixtures.randomSnapshot(3, HIDDEN, 1.0, 0.1, 5);
        float before = snapshot.weights(0)[0];
        snapshot.weights()[0][0] = 42f;
        snapshot.weights(0)[0] = 42f;
        snapshot.hiddenSizes()[0] = 99;
        assertThat(snapshot.weights(0)[0]).isEqualTo(before);
        assertThat(snapshot.hiddenSizes()).containsExactly(16, 16);
        assertThat(snapshot.withVersion(9).version()).isEqualTo(9);
        assertThat(snapshot.withVersion(3)).isEqualTo(snapshot);
        float[][] tooFew = snapshot.weights();
        tooFew[1] = new float[3];
        assertThatThrownBy(() -> new PolicySnapshot(3, 42, HIDDEN, 7, 6, tooFew,
                snapshot.biases())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer 1");
    }

    @Test
    void aSnapshotRoundTripsThroughCborAsAPolicyUpdateWould() throws java.io.IOException {
        PolicySnapshot snapshot = NeuralFixtures.randomSnapshot(12, HIDDEN, 1.0, 0.1, 6);
        var cbor = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.cbor.CBORFactory());
        PolicySnapshot back = cbor.readValue(cbor.writeValueAsBytes(snapshot), PolicySnapshot.class);
        assertThat(back).isEqualTo(snapshot);
        assertThat(back.hashCode()).isEqualTo(snapshot.hashCode());
    }

    @Test
    void aSnapshotOfAnotherActionSpaceIsRefused() {
        PolicySnapshot snapshot = NeuralFixtures.randomSnapshot(0, HIDDEN, 1.0, 0.1, 5);
        ActionSpace fewerCandidates = new ActionSpace(SPACE.steps(), 3);
        assertThatThrownBy(() -> NeuralPolicy.greedy(snapshot, fewerCandidates))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double entropy(double[] p) {
        double h = 0;
        for (double q : p) {
            h -= q > 0 ? q * Math.log(q) : 0;
        }
        return h;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            best = values[i] > values[best] ? i : best;
        }
        return best;
    }
}
