package org.edgegen.policy.neural;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.edgegen.policy.Action;
import org.edgegen.policy.ActionSpace;
import org.edgegen.policy.Observation;
import org.junit.jupiter.api.Test;

/** The optimised forward pass against the plain one it replaced: the same doubles, bit for bit. */
class NeuralPolicyForwardPassTest {

    private static final ActionSpace SPACE = NeuralFixtures.space();

    /** The forward pass as first written: float weights, three separate head layers, StrictMath.tanh. */
    private static double[][] referenceLogProbs(PolicySnapshot s, Observation o) {
        HeadMasks masks = HeadMasks.of(o, SPACE);
        int hidden = s.hiddenSizes().length;
        double[] h = new double[o.featureCount()];
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) o.feature(i);
        }
        for (int k = 0; k < hidden; k++) {
            h = layer(s, k, h);
            for (int j = 0; j < h.length; j++) {
                h[j] = StrictMath.tanh(h[j]);
            }
        }
        return new double[][] {logSoftmax(layer(s, hidden, h), masks.offload()),
            logSoftmax(layer(s, hidden + 1, h), masks.server()), logSoftmax(layer(s, hidden + 2, h), masks.steps())};
    }

    private static double[] layer(PolicySnapshot s, int k, double[] x) {
        int in = s.inputsOf(k);
        int out = s.outputsOf(k);
        float[] w = s.weights(k);
        float[] b = s.biases(k);
        double[] y = new double[out];
        for (int j = 0; j < out; j++) {
            y[j] = b[j];
        }
        for (int i = 0; i < in; i++) {
            if (x[i] != 0.0) {
                for (int j = 0; j < out; j++) {
                    y[j] += x[i] * w[i * out + j];
                }
            }
        }
        return y;
    }

    private static double[] logSoftmax(double[] logits, boolean[] valid) {
        double[] z = new double[logits.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < z.length; i++) {
            z[i] = valid[i] ? logits[i] : NeuralPolicy.MASKED_LOGIT;
            max = Math.max(max, z[i]);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        double logSum = max + Math.log(sum);
        for (int i = 0; i < z.length; i++) {
            z[i] -= logSum;
        }
        return z;
    }

    private static double referenceLogProb(PolicySnapshot s, Observation o, Action a) {
        double[][] lp = referenceLogProbs(s, o);
        int c = SPACE.steps().indexOf(a.steps());
        return a.offload() ? lp[0][1] + lp[1][a.server()] + lp[2][c] : lp[0][0] + 0.0 + lp[2][c];
    }

    @Test
    void everyLogProbabilityIsTheReferencePassesBitForBit() {
        for (int[] hidden : new int[][] {{16, 16}, {128, 128}, {5}, {32, 8, 24}}) {
            PolicySnapshot s = NeuralFixtures.randomSnapshot(1, hidden, 2.0, 0.5, hidden.length);
            NeuralPolicy policy = NeuralPolicy.stochastic(s, SPACE);
            for (Observation o : NeuralFixtures.observations(NeuralFixtures.MASKING_STEPS, 70, 5)) {
                for (int a = 0; a < SPACE.size(); a++) {
                    Action action = SPACE.action(a);
                    assertThat(policy.logProb(o, action)).as("%s, hidden %s", action, hidden.length)
                            .isEqualTo(referenceLogProb(s, o, action));
                }
                double[][] lp = referenceLogProbs(s, o);
                HeadProbabilities p = policy.distribution(o);
                for (int y = 0; y < lp[1].length; y++) {
                    assertThat(p.server()[y]).isEqualTo(Math.exp(lp[1][y]));
                }
            }
        }
    }

    @Test
    void theFloatPassGivesTheReferenceLogProbabilitiesToAboutFloatPrecision() {
        for (int[] hidden : new int[][] {{16, 16}, {128, 128}, {5}, {32, 8, 24}}) {
            PolicySnapshot s = NeuralFixtures.randomSnapshot(1, hidden, 2.0, 0.5, hidden.length);
            NeuralPolicy single = new NeuralPolicy(s, SPACE, NeuralPolicy.Mode.STOCHASTIC, -1, 1.0,
                    NeuralPolicy.Precision.FLOAT);
            assertThat(single.precision()).isEqualTo(NeuralPolicy.Precision.FLOAT);
            double worst = 0;
            for (Observation o : NeuralFixtures.observations(NeuralFixtures.MASKING_STEPS, 70, 5)) {
                for (int a = 0; a < SPACE.size(); a++) {
                    Action action = SPACE.action(a);
                    double reference = referenceLogProb(s, o, action);
                    double value = single.logProb(o, action);
                    if (reference > -50) { // a masked choice's log-probability is about -1e9 in both
                        worst = Math.max(worst, Math.abs(value - reference));
                    } else {
                        assertThat(value).isLessThan(-1e8);
                    }
                }
            }
            // float32 logits of a few hundred terms each: a few 1e-6 at most, far below any learned gap
            assertThat(worst).as("hidden %s", java.util.Arrays.toString(hidden)).isLessThan(2e-5).isPositive();
        }
    }

    @Test
    void theFloatPassTakesTheDoublePassesGreedyChoiceWhereTheChoicesAreNotNearlyTied() {
        PolicySnapshot s = NeuralFixtures.randomSnapshot(1, new int[] {128, 128}, 2.0, 0.5, 4);
        NeuralPolicy exact = NeuralPolicy.greedy(s, SPACE);
        NeuralPolicy single = new NeuralPolicy(s, SPACE, NeuralPolicy.Mode.GREEDY, -1, 1.0,
                NeuralPolicy.Precision.FLOAT);
        int compared = 0;
        for (Observation o : NeuralFixtures.observations(NeuralFixtures.DEFAULT, 500, 11)) {
            HeadProbabilities p = exact.distribution(o);
            if (nearlyTied(p.offload()) || nearlyTied(p.server()) || nearlyTied(p.steps())) {
                continue;
            }
            compared++;
            assertThat(single.act(o, null)).isEqualTo(exact.act(o, null));
        }
        assertThat(compared).isGreaterThan(400);
    }

    /** Whether the two most probable choices are within 1e-4 of each other. */
    private static boolean nearlyTied(double[] p) {
        double first = 0;
        double second = 0;
        for (double v : p) {
            if (v > first) {
                second = first;
                first = v;
            } else if (v > second) {
                second = v;
            }
        }
        return first - second < 1e-4;
    }

    @Test
    void threadsSharingOneFloatPolicyGetWhatOneThreadGets() throws Exception {
        PolicySnapshot s = NeuralFixtures.randomSnapshot(2, new int[] {64, 64}, 2.0, 0.5, 9);
        assertThreadsGetWhatOneThreadGets(new NeuralPolicy(s, SPACE, NeuralPolicy.Mode.STOCHASTIC, -1, 0.5,
                NeuralPolicy.Precision.FLOAT), 2, 4);
    }

    @Test
    void threadsSharingOnePolicyGetWhatOneThreadGets() throws Exception {
        PolicySnapshot s = NeuralFixtures.randomSnapshot(2, new int[] {64, 64}, 2.0, 0.5, 9);
        assertThreadsGetWhatOneThreadGets(NeuralPolicy.stochastic(s, SPACE), 4, 8);
    }

    /** {@code runs} runs on a pool of {@code threads} draw what one thread alone draws from the same streams. */
    private static void assertThreadsGetWhatOneThreadGets(NeuralPolicy policy, int threads, int runs)
            throws Exception {
        List<Observation> observations = NeuralFixtures.observations(NeuralFixtures.DEFAULT, 200, 8);
        List<PolicySample> alone = samples(policy, observations);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<PolicySample>>> results = new ArrayList<>();
            for (int t = 0; t < runs; t++) {
                results.add(pool.submit(() -> samples(policy, observations)));
            }
            for (Future<List<PolicySample>> result : results) {
                assertThat(result.get()).isEqualTo(alone);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<PolicySample> samples(NeuralPolicy policy, List<Observation> observations) {
        List<PolicySample> samples = new ArrayList<>();
        for (int repeat = 0; repeat < 20; repeat++) {
            for (int i = 0; i < observations.size(); i++) {
                samples.add(policy.sample(observations.get(i), new SplittableRandom(i)));
            }
        }
        return samples;
    }
}
