package org.edgegen.policy.neural;

import java.util.SplittableRandom;
import org.edgegen.policy.Action;
import org.edgegen.policy.ActionSpace;
import org.edgegen.policy.Observation;
import org.edgegen.policy.Policy;

/**
 * The OSI actor evaluated in plain Java from a {@link PolicySnapshot}: the forward pass each user runs on its own
 * copy of the policy. The network is an MLP with tanh hidden layers on the observation's features, then three
 * factored categorical heads x, y and c; masked logits are set to {@value #MASKED_LOGIT} so their probability is
 * exactly 0. The learner's TensorFlow graph computes the same function (a test holds them equal to 1e-5).
 *
 * <p>Stochastic mode samples x, then y (only when offloading), then c from the given random stream; greedy mode
 * takes the most probable choice of each head (evaluation).
 */
public final class NeuralPolicy implements Policy {

    /** The name on the command line. */
    public static final String NAME = "osi";
    /** The logit given to masked choices. */
    public static final double MASKED_LOGIT = -1e9;

    /** How an action is chosen from the heads' distributions. */
    public enum Mode {
        /** Sample each head (training). */
        STOCHASTIC,
        /** The most probable choice of each head (evaluation). */
        GREEDY
    }

    private final PolicySnapshot snapshot;
    private final ActionSpace space;
    private final Mode mode;
    private final int hiddenLayers;
    private final int[] inputs;
    private final int[] outputs;
    private final float[][] weights;
    private final float[][] biases;

    public NeuralPolicy(PolicySnapshot snapshot, ActionSpace space, Mode mode) {
        if (snapshot.serverChoices() != space.maxCandidates() || snapshot.stepChoices() != space.steps().size()) {
            throw new IllegalArgumentException("snapshot " + snapshot + " does not fit an action space of "
                    + space.maxCandidates() + " candidates and " + space.steps().size() + " step choices");
        }
        this.snapshot = snapshot;
        this.space = space;
        this.mode = mode;
        this.hiddenLayers = snapshot.hiddenSizes().length;
        int layers = snapshot.layerCount();
        this.inputs = new int[layers];
        this.outputs = new int[layers];
        for (int k = 0; k < layers; k++) {
            inputs[k] = snapshot.inputsOf(k);
            outputs[k] = snapshot.outputsOf(k);
        }
        this.weights = snapshot.weights();
        this.biases = snapshot.biases();
    }

    public static NeuralPolicy stochastic(PolicySnapshot snapshot, ActionSpace space) {
        return new NeuralPolicy(snapshot, space, Mode.STOCHASTIC);
    }

    public static NeuralPolicy greedy(PolicySnapshot snapshot, ActionSpace space) {
        return new NeuralPolicy(snapshot, space, Mode.GREEDY);
    }

    /** The policy as played outside training: sampling or greedy. */
    public static NeuralPolicy played(PolicySnapshot snapshot, ActionSpace space, boolean sample) {
        return sample ? stochastic(snapshot, space) : greedy(snapshot, space);
    }

    public PolicySnapshot snapshot() {
        return snapshot;
    }

    public long version() {
        return snapshot.version();
    }

    public Mode mode() {
        return mode;
    }

    public ActionSpace space() {
        return space;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Action act(Observation observation, SplittableRandom random) {
        return sample(observation, random).action();
    }

    /** The action with its head indices and log-probability (what a trajectory records). */
    public PolicySample sample(Observation observation, SplittableRandom random) {
        LogProbs lp = logProbs(observation);
        int x;
        int y;
        int c;
        if (mode == Mode.GREEDY) {
            x = argmax(lp.offload);
            y = x == 1 ? argmax(lp.server) : 0;
            c = argmax(lp.steps);
        } else {
            x = draw(lp.offload, random);
            y = x == 1 ? draw(lp.server, random) : 0;
            c = draw(lp.steps, random);
        }
        int stepCount = space.steps().steps(c);
        Action action = x == 1 ? Action.offload(y, stepCount) : Action.local(stepCount);
        return new PolicySample(action, x, y, c, joint(lp, x, y, c), snapshot.version());
    }

    /** π(x), π(y), π(c) for an observation. */
    public HeadProbabilities distribution(Observation observation) {
        LogProbs lp = logProbs(observation);
        return new HeadProbabilities(exp(lp.offload), exp(lp.server), exp(lp.steps));
    }

    /**
     * log π(a) = log π(x) + [x = offload]·log π(y) + log π(c). A masked choice has a log-probability of about
     * {@value #MASKED_LOGIT}.
     */
    public double logProb(Observation observation, Action action) {
        int x = action.offload() ? 1 : 0;
        int y = action.offload() ? action.server() : 0;
        if (y < 0 || y >= space.maxCandidates()) {
            throw new IllegalArgumentException("candidate " + y + " is outside 0.." + (space.maxCandidates() - 1));
        }
        return joint(logProbs(observation), x, y, space.steps().indexOf(action.steps()));
    }

    private static double joint(LogProbs lp, int x, int y, int c) {
        return lp.offload[x] + (x == 1 ? lp.server[y] : 0.0) + lp.steps[c];
    }

    private record LogProbs(double[] offload, double[] server, double[] steps) {}

    private LogProbs logProbs(Observation observation) {
        if (observation.featureCount() != snapshot.featureCount()) {
            throw new IllegalArgumentException("observation has " + observation.featureCount()
                    + " features, the network reads " + snapshot.featureCount());
        }
        HeadMasks masks = HeadMasks.of(observation, space);
        double[] h = new double[observation.featureCount()];
        for (int i = 0; i < h.length; i++) {
            // The graph reads float32 features; rounding here keeps both sides on the same inputs.
            h[i] = (float) observation.feature(i);
        }
        for (int k = 0; k < hiddenLayers; k++) {
            h = layer(k, h);
            for (int j = 0; j < h.length; j++) {
                h[j] = Math.tanh(h[j]);
            }
        }
        return new LogProbs(
                logSoftmax(layer(hiddenLayers, h), masks.offload()),
                logSoftmax(layer(hiddenLayers + 1, h), masks.server()),
                logSoftmax(layer(hiddenLayers + 2, h), masks.steps()));
    }

    /** x·W_k + b_k. */
    private double[] layer(int k, double[] x) {
        int in = inputs[k];
        int out = outputs[k];
        float[] w = weights[k];
        double[] y = new double[out];
        for (int j = 0; j < out; j++) {
            y[j] = biases[k][j];
        }
        for (int i = 0; i < in; i++) {
            double xi = x[i];
            if (xi == 0.0) {
                continue;
            }
            int row = i * out;
            for (int j = 0; j < out; j++) {
                y[j] += xi * w[row + j];
            }
        }
        return y;
    }

    private static double[] logSoftmax(double[] logits, boolean[] valid) {
        double[] z = new double[logits.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < z.length; i++) {
            z[i] = valid[i] ? logits[i] : MASKED_LOGIT;
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

    private static double[] exp(double[] logProbs) {
        double[] p = new double[logProbs.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logProbs[i]);
        }
        return p;
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Inverse-CDF draw that never returns a choice of probability 0. */
    private static int draw(double[] logProbs, SplittableRandom random) {
        double u = random.nextDouble();
        double cumulative = 0;
        int lastPossible = -1;
        for (int i = 0; i < logProbs.length; i++) {
            double p = Math.exp(logProbs[i]);
            if (p <= 0) {
                continue;
            }
            lastPossible = i;
            cumulative += p;
            if (u < cumulative) {
                return i;
            }
        }
        return lastPossible;
    }
}
