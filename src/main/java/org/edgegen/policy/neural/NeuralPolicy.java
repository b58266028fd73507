package org.edgegen.policy.neural;

import java.util.SplittableRandom;
import org.edgegen.policy.Action;
import org.edgegen.policy.ActionSpace;
import org.edgegen.policy.Observation;
import org.edgegen.policy.ObservationBuilder;
import org.edgegen.policy.Policy;

/**
 * The OSI actor evaluated in plain Java from a {@link PolicySnapshot}: the forward pass each user runs on its own
 * copy of the policy. The network is an MLP with tanh hidden layers on the observation's features, then three
 * factored categorical heads x, y and c; masked logits are set to {@value #MASKED_LOGIT} so their probability is
 * exactly 0. The learner's TensorFlow graph computes the same function (a test holds them equal to 1e-5). The
 * pass runs in doubles ({@link Precision#DOUBLE}, always while training) or, when a played policy is asked to
 * ({@code edgegen.learner.execution-precision = float}), in float32 ({@link Precision#FLOAT}).
 *
 * <p>With a prior ({@code edgegen.mdp.prior}), the observation's last 2 + M + |C| features are added to the head
 * logits (a residual policy: the network learns where to leave the prior baseline's choice).
 *
 * <p>With K > 1 head experts ({@code edgegen.learner.head-experts}), each head's logits are Σ_k g_k·(h·W_k + b_k),
 * the gate g = softmax(z·W_g + b_g) read from the observation's regime features z, before the prior and the mask.
 * With {@code edgegen.learner.expert-scope = trunk} each expert k is a whole actor (its own hidden layers h_k), its
 * logits h_k·W_k + b_k, mixed by the same gate.
 *
 * <p>Stochastic mode samples x, then y (only when offloading), then c from the given random stream; greedy mode
 * takes the most probable choice of each head (evaluation).
 */
public final class NeuralPolicy implements Policy {

    /** The name on the command line. */
    public static final String NAME = "osi";
    /** The logit given to masked choices. */
    public static final double MASKED_LOGIT = -1e9;

    /**
     * The arithmetic of the forward pass. Both are deterministic and the same on every machine (Java's float and
     * double arithmetic is IEEE 754's, and C2's vector loops keep each element's operations and their order).
     */
    public enum Precision {
        /** Doubles, with fdlibm's tanh ({@link Tanh}): training always uses it. */
        DOUBLE,
        /**
         * float32 sums as the learner's graph computes them, and a rational tanh ({@link FastTanh}) over each layer
         * in loops that C2 vectorises: faster, and its logits differ from DOUBLE's in the last float bits.
         */
        FLOAT;

        /** FLOAT when {@code float32} holds (edgegen.learner.execution-precision = float), else DOUBLE. */
        public static Precision of(boolean float32) {
            return float32 ? FLOAT : DOUBLE;
        }
    }

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
    /** The hidden layers' W_k as doubles, one row per input, converted once: the inner loop is a plain multiply-add. */
    private final double[][][] hiddenWeights;
    private final double[][] hiddenBiases;
    /**
     * The three heads as one layer of 2 + M + |C| outputs (row i: x's, then y's, then c's weights of input i): each
     * output still sums b_j + Σ_i h_i·W_ij in the same order as three separate layers would.
     */
    private final double[][] headWeights;
    private final double[] headBiases;
    private final int headOutputs;
    /** K, the experts of each head; with K > 1 {@link #headWeights} holds K blocks of {@link #headOutputs}. */
    private final int experts;
    private final int expertOutputs;
    /** With K > 1: the gate's first feature, its width, and W_g (rows per feature) and b_g. */
    private final int gateAt;
    private final int gateWidth;
    private final double[][] gateWeights;
    private final double[] gateBiases;
    private final float[][] gateWeightsFloat;
    private final float[] gateBiasesFloat;
    /**
     * With trunk experts: expert k's hidden layers and its three heads as one layer (k = 0 is {@link #hiddenWeights}
     * and {@link #headWeights}), in doubles and, with {@link Precision#FLOAT}, in floats; null otherwise.
     */
    private final boolean trunks;
    private final double[][][][] trunkHiddenWeights;
    private final double[][][] trunkHiddenBiases;
    private final double[][][] trunkHeadWeights;
    private final double[][] trunkHeadBiases;
    private final float[][][][] trunkHiddenWeightsFloat;
    private final float[][][] trunkHiddenBiasesFloat;
    private final float[][][] trunkHeadWeightsFloat;
    private final float[][] trunkHeadBiasesFloat;
    private final int maxWidth;
    /** M and |C|: the sizes of the y and c heads, and where their log-probabilities start in the scratch. */
    private final int serverChoices;
    private final int stepChoices;
    private final int serverOffset;
    private final int stepsOffset;
    /** Where the prior features start, -1 without a prior. */
    private final int priorAt;
    /** Stochastic mode's temperature (1 while training). */
    private final double temperature;
    /** The arithmetic of the forward pass. */
    private final Precision precision;
    /** With {@link Precision#FLOAT}: the hidden layers' W_k and b_k as the snapshot holds them, rows per input. */
    private final float[][][] hiddenWeightsFloat;
    private final float[][] hiddenBiasesFloat;
    /** With {@link Precision#FLOAT}: the three heads as one layer, as {@link #headWeights}. */
    private final float[][] headWeightsFloat;
    private final float[] headBiasesFloat;

    public NeuralPolicy(PolicySnapshot snapshot, ActionSpace space, Mode mode) {
        this(snapshot, space, mode, -1);
    }

    /**
     * @param priorAt where the observation's prior features start ({@link ObservationBuilder#priorAt}): feature
     *                {@code priorAt + j} is added to head logit j; -1 without a prior
     */
    public NeuralPolicy(PolicySnapshot snapshot, ActionSpace space, Mode mode, int priorAt) {
        this(snapshot, space, mode, priorAt, 1.0);
    }

    /**
     * @param temperature stochastic mode draws each head from softmax(logits / temperature) (1 = as trained); the
     *                    recorded log-probability stays that of the untempered policy
     */
    public NeuralPolicy(PolicySnapshot snapshot, ActionSpace space, Mode mode, int priorAt, double temperature) {
        this(snapshot, space, mode, priorAt, temperature, Precision.DOUBLE);
    }

    /** @param precision the arithmetic of the forward pass */
    public NeuralPolicy(PolicySnapshot snapshot, ActionSpace space, Mode mode, int priorAt, double temperature,
            Precision precision) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0: " + temperature);
        }
        if (snapshot.serverChoices() != space.maxCandidates() || snapshot.stepChoices() != space.steps().size()) {
            throw new IllegalArgumentException("snapshot " + snapshot + " does not fit an action space of "
                    + space.maxCandidates() + " candidates and " + space.steps().size() + " step choices");
        }
        int heads = PolicySnapshot.OFFLOAD_CHOICES + space.maxCandidates() + space.steps().size();
        if (priorAt >= 0 && priorAt + heads != snapshot.featureCount()) {
            throw new IllegalArgumentException("snapshot " + snapshot + " reads " + snapshot.featureCount()
                    + " features, which cannot end with " + heads + " prior features from index " + priorAt);
        }
        this.snapshot = snapshot;
        this.space = space;
        this.mode = mode;
        this.priorAt = priorAt;
        this.temperature = temperature;
        this.precision = precision;
        this.hiddenLayers = snapshot.hiddenSizes().length;
        int layers = snapshot.layerCount();
        this.inputs = new int[layers];
        this.outputs = new int[layers];
        for (int k = 0; k < layers; k++) {
            inputs[k] = snapshot.inputsOf(k);
            outputs[k] = snapshot.outputsOf(k);
        }
        float[][] weights = snapshot.weights();
        float[][] biases = snapshot.biases();
        this.hiddenWeights = new double[hiddenLayers][][];
        this.hiddenBiases = new double[hiddenLayers][];
        int width = snapshot.featureCount();
        for (int k = 0; k < hiddenLayers; k++) {
            hiddenWeights[k] = rows(weights[k], inputs[k], outputs[k]);
            hiddenBiases[k] = doubles(biases[k]);
            width = Math.max(width, outputs[k]);
        }
        int head = hiddenLayers;
        this.headOutputs = outputs[head] + outputs[head + 1] + outputs[head + 2];
        this.experts = snapshot.headExperts();
        this.trunks = snapshot.trunkExperts();
        this.expertOutputs = experts * headOutputs;
        int hidden = inputs[head];
        // scope head: the K experts' heads side by side on the shared last hidden layer; scope trunk: expert 0's
        this.headWeights = new double[hidden][trunks ? headOutputs : expertOutputs];
        this.headBiases = new double[trunks ? headOutputs : expertOutputs];
        joinHeads(weights, biases, head, trunks ? 1 : experts, outputs, headWeights, headBiases);
        if (trunks) {
            this.trunkHiddenWeights = new double[experts][][][];
            this.trunkHiddenBiases = new double[experts][][];
            this.trunkHeadWeights = new double[experts][][];
            this.trunkHeadBiases = new double[experts][];
            trunkHiddenWeights[0] = hiddenWeights;
            trunkHiddenBiases[0] = hiddenBiases;
            trunkHeadWeights[0] = headWeights;
            trunkHeadBiases[0] = headBiases;
            for (int e = 1; e < experts; e++) {
                int first = snapshot.trunkLayer(e);
                trunkHiddenWeights[e] = new double[hiddenLayers][][];
                trunkHiddenBiases[e] = new double[hiddenLayers][];
                for (int k = 0; k < hiddenLayers; k++) {
                    trunkHiddenWeights[e][k] = rows(weights[first + k], inputs[k], outputs[k]);
                    trunkHiddenBiases[e][k] = doubles(biases[first + k]);
                }
                trunkHeadWeights[e] = new double[hidden][headOutputs];
                trunkHeadBiases[e] = new double[headOutputs];
                joinHeads(weights, biases, first + hiddenLayers, 1, outputs, trunkHeadWeights[e], trunkHeadBiases[e]);
            }
        } else {
            this.trunkHiddenWeights = null;
            this.trunkHiddenBiases = null;
            this.trunkHeadWeights = null;
            this.trunkHeadBiases = null;
        }
        this.maxWidth = Math.max(width, expertOutputs);
        this.gateAt = snapshot.gateAt();
        this.gateWidth = snapshot.gateWidth();
        if (experts > 1) {
            int gate = snapshot.gateLayer();
            this.gateWeights = rows(weights[gate], gateWidth, experts);
            this.gateBiases = doubles(biases[gate]);
            this.gateWeightsFloat = floats(gateWeights);
            this.gateBiasesFloat = biases[gate].clone();
        } else {
            this.gateWeights = null;
            this.gateBiases = null;
            this.gateWeightsFloat = null;
            this.gateBiasesFloat = null;
        }
        if (precision == Precision.FLOAT) {
            this.hiddenWeightsFloat = new float[hiddenLayers][][];
            this.hiddenBiasesFloat = new float[hiddenLayers][];
            for (int k = 0; k < hiddenLayers; k++) {
                hiddenWeightsFloat[k] = floats(hiddenWeights[k]);
                hiddenBiasesFloat[k] = biases[k].clone();
            }
            this.headWeightsFloat = floats(headWeights);
            this.headBiasesFloat = floats(headBiases);
        } else {
            this.hiddenWeightsFloat = null;
            this.hiddenBiasesFloat = null;
            this.headWeightsFloat = null;
            this.headBiasesFloat = null;
        }
        if (trunks && precision == Precision.FLOAT) {
            this.trunkHiddenWeightsFloat = new float[experts][hiddenLayers][][];
            this.trunkHiddenBiasesFloat = new float[experts][hiddenLayers][];
            this.trunkHeadWeightsFloat = new float[experts][][];
            this.trunkHeadBiasesFloat = new float[experts][];
            for (int e = 0; e < experts; e++) {
                for (int k = 0; k < hiddenLayers; k++) {
                    trunkHiddenWeightsFloat[e][k] = floats(trunkHiddenWeights[e][k]);
                    trunkHiddenBiasesFloat[e][k] = floats(trunkHiddenBiases[e][k]);
                }
                trunkHeadWeightsFloat[e] = floats(trunkHeadWeights[e]);
                trunkHeadBiasesFloat[e] = floats(trunkHeadBiases[e]);
            }
        } else {
            this.trunkHiddenWeightsFloat = null;
            this.trunkHiddenBiasesFloat = null;
            this.trunkHeadWeightsFloat = null;
            this.trunkHeadBiasesFloat = null;
        }
        this.serverChoices = space.maxCandidates();
        this.stepChoices = space.steps().size();
        this.serverOffset = PolicySnapshot.OFFLOAD_CHOICES;
        this.stepsOffset = PolicySnapshot.OFFLOAD_CHOICES + serverChoices;
    }

    /**
     * The heads of {@code 3·count} consecutive layers from {@code first} (x, y, c, x, y, c, ...), all reading the same
     * input, as one layer: row i holds their weights of input i side by side, in layer order.
     */
    private static void joinHeads(float[][] weights, float[][] biases, int first, int count, int[] outputs,
            double[][] rows, double[] bias) {
        int offset = 0;
        for (int k = first; k < first + 3 * count; k++) {
            int out = outputs[k];
            for (int i = 0; i < rows.length; i++) {
                for (int j = 0; j < out; j++) {
                    rows[i][offset + j] = weights[k][i * out + j];
                }
            }
            for (int j = 0; j < out; j++) {
                bias[offset + j] = biases[k][j];
            }
            offset += out;
        }
    }

    /** Doubles that came from floats, back as floats (exact). */
    private static float[] floats(double[] values) {
        float[] f = new float[values.length];
        for (int j = 0; j < values.length; j++) {
            f[j] = (float) values[j];
        }
        return f;
    }

    /** A row-major in × out float matrix as one double row per input. */
    private static double[][] rows(float[] values, int in, int out) {
        double[][] rows = new double[in][out];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                rows[i][j] = values[i * out + j];
            }
        }
        return rows;
    }

    /** Rows of doubles that came from floats, back as floats (exact). */
    private static float[][] floats(double[][] rows) {
        float[][] f = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            f[i] = new float[rows[i].length];
            for (int j = 0; j < rows[i].length; j++) {
                f[i][j] = (float) rows[i][j];
            }
        }
        return f;
    }

    private static double[] doubles(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return d;
    }

    public static NeuralPolicy stochastic(PolicySnapshot snapshot, ActionSpace space) {
        return new NeuralPolicy(snapshot, space, Mode.STOCHASTIC);
    }

    public static NeuralPolicy greedy(PolicySnapshot snapshot, ActionSpace space) {
        return new NeuralPolicy(snapshot, space, Mode.GREEDY);
    }

    /** Sampling, on the observations of {@code observations} (their action space and prior). */
    public static NeuralPolicy stochastic(PolicySnapshot snapshot, ObservationBuilder observations) {
        return new NeuralPolicy(snapshot, observations.actionSpace(), Mode.STOCHASTIC, observations.priorAt());
    }

    /** Greedy, on the observations of {@code observations} (their action space and prior). */
    public static NeuralPolicy greedy(PolicySnapshot snapshot, ObservationBuilder observations) {
        return new NeuralPolicy(snapshot, observations.actionSpace(), Mode.GREEDY, observations.priorAt());
    }

    /**
     * The policy as played outside training: sampling (at {@code temperature}) or greedy, with the forward pass in
     * {@code precision}.
     */
    public static NeuralPolicy played(PolicySnapshot snapshot, ObservationBuilder observations, boolean sample,
            double temperature, Precision precision) {
        return new NeuralPolicy(snapshot, observations.actionSpace(), sample ? Mode.STOCHASTIC : Mode.GREEDY,
                observations.priorAt(), sample ? temperature : 1.0, precision);
    }

    public Precision precision() {
        return precision;
    }

    /** Stochastic mode's temperature (1 as trained; unused in greedy mode). */
    public double temperature() {
        return temperature;
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
        double[] lp = logProbs(observation);
        int x;
        int y;
        int c;
        if (mode == Mode.GREEDY) {
            x = argmax(lp, 0, PolicySnapshot.OFFLOAD_CHOICES);
            y = x == 1 ? argmax(lp, serverOffset, serverChoices) : 0;
            c = argmax(lp, stepsOffset, stepChoices);
        } else if (temperature == 1.0) {
            x = draw(lp, 0, PolicySnapshot.OFFLOAD_CHOICES, random);
            y = x == 1 ? draw(lp, serverOffset, serverChoices, random) : 0;
            c = draw(lp, stepsOffset, stepChoices, random);
        } else {
            // each head is tempered only when it is drawn from (y only when offloading): a head's tempered values
            // depend on its own log-probabilities alone
            double[] t = temperedScratch(lp.length);
            temper(lp, t, 0, PolicySnapshot.OFFLOAD_CHOICES);
            x = draw(t, 0, PolicySnapshot.OFFLOAD_CHOICES, random);
            if (x == 1) {
                temper(lp, t, serverOffset, serverChoices);
                y = draw(t, serverOffset, serverChoices, random);
            } else {
                y = 0;
            }
            temper(lp, t, stepsOffset, stepChoices);
            c = draw(t, stepsOffset, stepChoices, random);
        }
        int stepCount = space.steps().steps(c);
        Action action = x == 1 ? Action.offload(y, stepCount) : Action.local(stepCount);
        return new PolicySample(action, x, y, c, joint(lp, x, y, c), snapshot.version());
    }

    /**
     * The thread's scratch for log softmax(log π / T) of each head ({@link #temper}; a masked choice keeps a
     * probability of 0), valid until its next decision: no allocation per decision.
     */
    private static double[] temperedScratch(int length) {
        Scratch s = SCRATCH.get();
        if (s.tempered.length < length) {
            s.tempered = new double[length];
        }
        return s.tempered;
    }

    /** log softmax(log π / T) of one head, choices from..from+count-1, into t. */
    private void temper(double[] lp, double[] t, int from, int count) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < from + count; i++) {
            t[i] = lp[i] / temperature;
            max = Math.max(max, t[i]);
        }
        double sum = 0;
        for (int i = from; i < from + count; i++) {
            sum += Math.exp(t[i] - max);
        }
        double logSum = max + Math.log(sum);
        for (int i = from; i < from + count; i++) {
            t[i] -= logSum;
        }
    }

    /** π(x), π(y), π(c) for an observation. */
    public HeadProbabilities distribution(Observation observation) {
        double[] lp = logProbs(observation);
        return new HeadProbabilities(exp(lp, 0, PolicySnapshot.OFFLOAD_CHOICES), exp(lp, serverOffset, serverChoices),
                exp(lp, stepsOffset, stepChoices));
    }

    /**
     * What this policy draws each head from when it acts: π itself in stochastic mode at temperature 1,
     * softmax(log π / T) at another temperature, and all the weight on the most probable choice in greedy mode
     * (what {@link #sample} takes).
     */
    public HeadProbabilities playedDistribution(Observation observation) {
        double[] lp = logProbs(observation);
        if (mode == Mode.GREEDY) {
            return new HeadProbabilities(oneHot(argmax(lp, 0, PolicySnapshot.OFFLOAD_CHOICES),
                    PolicySnapshot.OFFLOAD_CHOICES), oneHot(argmax(lp, serverOffset, serverChoices), serverChoices),
                    oneHot(argmax(lp, stepsOffset, stepChoices), stepChoices));
        }
        double[] t = lp;
        if (temperature != 1.0) {
            t = temperedScratch(lp.length);
            temper(lp, t, 0, PolicySnapshot.OFFLOAD_CHOICES);
            temper(lp, t, serverOffset, serverChoices);
            temper(lp, t, stepsOffset, stepChoices);
        }
        return new HeadProbabilities(exp(t, 0, PolicySnapshot.OFFLOAD_CHOICES), exp(t, serverOffset, serverChoices),
                exp(t, stepsOffset, stepChoices));
    }

    private static double[] oneHot(int index, int length) {
        double[] p = new double[length];
        p[index] = 1.0;
        return p;
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

    private double joint(double[] z, int x, int y, int c) {
        return z[x] + (x == 1 ? z[serverOffset + y] : 0.0) + z[stepsOffset + c];
    }

    /**
     * One thread's working arrays for the forward pass, reused for every decision of that thread (the policy
     * instance is shared by every user actor of a node, which run on several threads). Valid until the thread's
     * next call of {@link #logProbs}. The policy's sizes are its own (one thread may run several policies).
     */
    private static final class Scratch {
        double[] a = new double[0];
        double[] b = new double[0];
        /** The float forward pass's layers ({@link Precision#FLOAT}). */
        float[] fa = new float[0];
        float[] fb = new float[0];
        /** The three heads' log-probabilities: x's, then y's, then c's. */
        double[] logProbs = new double[0];
        /** The same tempered ({@link #temper}), with execution = sample at a temperature other than 1. */
        double[] tempered = new double[0];
        boolean[] valid = new boolean[0];
        /** The gate's weights g_k of the decision, with head experts. */
        double[] gate = new double[0];
        float[] floatGate = new float[0];
        /** With trunk experts, the K experts' head logits side by side, then mixed into the first block. */
        double[] mix = new double[0];
        float[] floatMix = new float[0];

        void fit(int width, int heads, int experts, int mixed) {
            if (gate.length < experts) {
                gate = new double[experts];
                floatGate = new float[experts];
            }
            if (mix.length < mixed) {
                mix = new double[mixed];
                floatMix = new float[mixed];
            }
            if (a.length < width) {
                a = new double[width];
                b = new double[width];
                fa = new float[width];
                fb = new float[width];
            }
            if (logProbs.length < heads) {
                logProbs = new double[heads];
                valid = new boolean[heads];
            }
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** The three heads' log-probabilities (x's, then y's from {@link #serverOffset}, then c's), in the scratch. */
    private double[] logProbs(Observation observation) {
        int features = observation.featureCount();
        if (features != snapshot.featureCount()) {
            throw new IllegalArgumentException("observation has " + features
                    + " features, the network reads " + snapshot.featureCount());
        }
        Scratch s = SCRATCH.get();
        s.fit(maxWidth, headOutputs, experts, trunks ? expertOutputs : 0);
        HeadMasks.fill(observation, space, s.valid, 0, serverOffset, stepsOffset);
        double[] logits = trunks
                ? precision == Precision.FLOAT ? floatTrunkLogits(observation, s) : doubleTrunkLogits(observation, s)
                : precision == Precision.FLOAT ? floatLogits(observation, s) : doubleLogits(observation, s);
        if (priorAt >= 0) {
            // the residual prior: its features, one per head logit in the heads' order, as the graph adds them
            for (int j = 0; j < headOutputs; j++) {
                logits[j] += (float) observation.feature(priorAt + j);
            }
        }
        logSoftmax(logits, s.valid, 0, PolicySnapshot.OFFLOAD_CHOICES, s.logProbs);
        logSoftmax(logits, s.valid, serverOffset, serverChoices, s.logProbs);
        logSoftmax(logits, s.valid, stepsOffset, stepChoices, s.logProbs);
        return s.logProbs;
    }

    /** The head logits in doubles, in the scratch ({@link Precision#DOUBLE}). */
    private double[] doubleLogits(Observation observation, Scratch s) {
        int features = observation.featureCount();
        double[] h = s.a;
        double[] next = s.b;
        for (int i = 0; i < features; i++) {
            // The graph reads float32 features; rounding here keeps both sides on the same inputs.
            h[i] = (float) observation.feature(i);
        }
        for (int k = 0; k < hiddenLayers; k++) {
            int out = outputs[k];
            layer(hiddenWeights[k], hiddenBiases[k], inputs[k], out, h, next);
            for (int j = 0; j < out; j++) {
                next[j] = Tanh.tanh(next[j]);
            }
            double[] swap = h;
            h = next;
            next = swap;
        }
        double[] logits = next;
        layer(headWeights, headBiases, inputs[hiddenLayers], expertOutputs, h, logits);
        if (experts > 1) {
            mix(gate(observation, s.gate), logits);
        }
        return logits;
    }

    /** Σ_k g_k·logit_kj, k in order, into the first block of the K blocks of logits (the graph's sum order). */
    private void mix(double[] g, double[] logits) {
        for (int j = 0; j < headOutputs; j++) {
            double sum = g[0] * logits[j];
            for (int k = 1; k < experts; k++) {
                sum += g[k] * logits[k * headOutputs + j];
            }
            logits[j] = sum;
        }
    }

    /** {@link #mix} in float32. */
    private void mix(float[] g, float[] logits) {
        for (int j = 0; j < headOutputs; j++) {
            float sum = g[0] * logits[j];
            for (int k = 1; k < experts; k++) {
                sum += g[k] * logits[k * headOutputs + j];
            }
            logits[j] = sum;
        }
    }

    /** The mixed head logits of K trunk experts in doubles, each a whole actor on the observation, in the scratch. */
    private double[] doubleTrunkLogits(Observation observation, Scratch s) {
        int features = observation.featureCount();
        double[] mixed = s.mix;
        for (int e = 0; e < experts; e++) {
            double[] h = s.a;
            double[] next = s.b;
            for (int i = 0; i < features; i++) {
                h[i] = (float) observation.feature(i);
            }
            for (int k = 0; k < hiddenLayers; k++) {
                int out = outputs[k];
                layer(trunkHiddenWeights[e][k], trunkHiddenBiases[e][k], inputs[k], out, h, next);
                for (int j = 0; j < out; j++) {
                    next[j] = Tanh.tanh(next[j]);
                }
                double[] swap = h;
                h = next;
                next = swap;
            }
            layer(trunkHeadWeights[e], trunkHeadBiases[e], inputs[hiddenLayers], headOutputs, h, next);
            System.arraycopy(next, 0, mixed, e * headOutputs, headOutputs);
        }
        mix(gate(observation, s.gate), mixed);
        return mixed;
    }

    /** {@link #doubleTrunkLogits} in float32, widened to doubles in the scratch. */
    private double[] floatTrunkLogits(Observation observation, Scratch s) {
        int features = observation.featureCount();
        float[] mixed = s.floatMix;
        for (int e = 0; e < experts; e++) {
            float[] h = s.fa;
            float[] next = s.fb;
            for (int i = 0; i < features; i++) {
                h[i] = (float) observation.feature(i);
            }
            for (int k = 0; k < hiddenLayers; k++) {
                int out = outputs[k];
                layer(trunkHiddenWeightsFloat[e][k], trunkHiddenBiasesFloat[e][k], inputs[k], out, h, next);
                FastTanh.tanh(next, out);
                float[] swap = h;
                h = next;
                next = swap;
            }
            layer(trunkHeadWeightsFloat[e], trunkHeadBiasesFloat[e], inputs[hiddenLayers], headOutputs, h, next);
            System.arraycopy(next, 0, mixed, e * headOutputs, headOutputs);
        }
        mix(floatGate(observation, s.floatGate), mixed);
        double[] logits = s.a;
        for (int j = 0; j < headOutputs; j++) {
            logits[j] = mixed[j];
        }
        return logits;
    }

    /** The gate's weights g = softmax(z·W_g + b_g) over the K experts, in doubles, into {@code g}. */
    private double[] gate(Observation observation, double[] g) {
        for (int k = 0; k < experts; k++) {
            g[k] = gateBiases[k];
        }
        for (int i = 0; i < gateWidth; i++) {
            double z = (float) observation.feature(gateAt + i);
            for (int k = 0; k < experts; k++) {
                g[k] += z * gateWeights[i][k];
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < experts; k++) {
            max = Math.max(max, g[k]);
        }
        double sum = 0;
        for (int k = 0; k < experts; k++) {
            g[k] = Math.exp(g[k] - max);
            sum += g[k];
        }
        for (int k = 0; k < experts; k++) {
            g[k] /= sum;
        }
        return g;
    }

    /** {@link #gate} in float32. */
    private float[] floatGate(Observation observation, float[] g) {
        for (int k = 0; k < experts; k++) {
            g[k] = gateBiasesFloat[k];
        }
        for (int i = 0; i < gateWidth; i++) {
            float z = (float) observation.feature(gateAt + i);
            for (int k = 0; k < experts; k++) {
                g[k] += z * gateWeightsFloat[i][k];
            }
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < experts; k++) {
            max = Math.max(max, g[k]);
        }
        float sum = 0;
        for (int k = 0; k < experts; k++) {
            g[k] = (float) Math.exp(g[k] - max);
            sum += g[k];
        }
        for (int k = 0; k < experts; k++) {
            g[k] /= sum;
        }
        return g;
    }

    /**
     * The gate's weights over the K head experts for an observation (a new array; {1} without experts), in the
     * policy's precision.
     */
    public double[] gateWeights(Observation observation) {
        if (experts == 1) {
            return new double[] {1.0};
        }
        double[] g = new double[experts];
        if (precision == Precision.FLOAT) {
            float[] f = floatGate(observation, new float[experts]);
            for (int k = 0; k < experts; k++) {
                g[k] = f[k];
            }
            return g;
        }
        return gate(observation, g);
    }

    /**
     * The head logits of the float32 forward pass ({@link Precision#FLOAT}), widened to doubles in the scratch (the
     * log-softmax is the same code as DOUBLE's).
     */
    private double[] floatLogits(Observation observation, Scratch s) {
        int features = observation.featureCount();
        float[] h = s.fa;
        float[] next = s.fb;
        for (int i = 0; i < features; i++) {
            h[i] = (float) observation.feature(i);
        }
        for (int k = 0; k < hiddenLayers; k++) {
            int out = outputs[k];
            layer(hiddenWeightsFloat[k], hiddenBiasesFloat[k], inputs[k], out, h, next);
            FastTanh.tanh(next, out);
            float[] swap = h;
            h = next;
            next = swap;
        }
        layer(headWeightsFloat, headBiasesFloat, inputs[hiddenLayers], expertOutputs, h, next);
        if (experts > 1) {
            mix(floatGate(observation, s.floatGate), next);
        }
        double[] logits = s.a;
        for (int j = 0; j < headOutputs; j++) {
            logits[j] = next[j];
        }
        return logits;
    }

    /**
     * y = x·W + b for the first {@code in} values of x, W given by rows (W_i, the weights of input i). Each y_j is
     * b_j + x_0·W_0j + x_1·W_1j + ... in that order, inputs of value 0 skipped, exactly as a plain loop over i
     * then j adds them. Up to four non-zero inputs are added per pass over y, in loops without offsets that C2
     * vectorises (its superword pass leaves {@code y[j] += x_i * w[i * out + j]} scalar); each pass adds its inputs
     * to y_j one after the other, left to right, so the sums are the same bit for bit as one input per pass.
     */
    private static void layer(double[][] rows, double[] bias, int in, int out, double[] x, double[] y) {
        System.arraycopy(bias, 0, y, 0, out);
        int i = nonZeroFrom(x, 0, in);
        while (i < in) {
            int i1 = nonZeroFrom(x, i + 1, in);
            int i2 = i1 < in ? nonZeroFrom(x, i1 + 1, in) : in;
            int i3 = i2 < in ? nonZeroFrom(x, i2 + 1, in) : in;
            if (i3 == in) {
                // the last one to three inputs, one per pass: the same sums as adding them in one pass
                for (int k = i; k < in; k = nonZeroFrom(x, k + 1, in)) {
                    double xk = x[k];
                    double[] wk = rows[k];
                    for (int j = 0; j < out; j++) {
                        y[j] += xk * wk[j];
                    }
                }
                return;
            }
            double x0 = x[i];
            double x1 = x[i1];
            double x2 = x[i2];
            double x3 = x[i3];
            double[] w0 = rows[i];
            double[] w1 = rows[i1];
            double[] w2 = rows[i2];
            double[] w3 = rows[i3];
            for (int j = 0; j < out; j++) {
                y[j] = (((y[j] + x0 * w0[j]) + x1 * w1[j]) + x2 * w2[j]) + x3 * w3[j];
            }
            i = nonZeroFrom(x, i3 + 1, in);
        }
    }

    /** {@link #layer} in float32: y = x·W + b, four non-zero inputs per pass over y. */
    private static void layer(float[][] rows, float[] bias, int in, int out, float[] x, float[] y) {
        System.arraycopy(bias, 0, y, 0, out);
        int i = nonZeroFrom(x, 0, in);
        while (i < in) {
            int i1 = nonZeroFrom(x, i + 1, in);
            int i2 = i1 < in ? nonZeroFrom(x, i1 + 1, in) : in;
            int i3 = i2 < in ? nonZeroFrom(x, i2 + 1, in) : in;
            if (i3 == in) {
                for (int k = i; k < in; k = nonZeroFrom(x, k + 1, in)) {
                    float xk = x[k];
                    float[] wk = rows[k];
                    for (int j = 0; j < out; j++) {
                        y[j] += xk * wk[j];
                    }
                }
                return;
            }
            float x0 = x[i];
            float x1 = x[i1];
            float x2 = x[i2];
            float x3 = x[i3];
            float[] w0 = rows[i];
            float[] w1 = rows[i1];
            float[] w2 = rows[i2];
            float[] w3 = rows[i3];
            for (int j = 0; j < out; j++) {
                y[j] = (((y[j] + x0 * w0[j]) + x1 * w1[j]) + x2 * w2[j]) + x3 * w3[j];
            }
            i = nonZeroFrom(x, i3 + 1, in);
        }
    }

    private static int nonZeroFrom(float[] x, int from, int in) {
        int i = from;
        while (i < in && x[i] == 0.0f) {
            i++;
        }
        return i;
    }

    /** The first index from {@code from} on (below {@code in}) whose value is not 0, or {@code in}. */
    private static int nonZeroFrom(double[] x, int from, int in) {
        int i = from;
        while (i < in && x[i] == 0.0) {
            i++;
        }
        return i;
    }

    /** The masked log-softmax of logits[from, from + length) into z[from, from + length). */
    private static void logSoftmax(double[] logits, boolean[] valid, int from, int length, double[] z) {
        int to = from + length;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            z[i] = valid[i] ? logits[i] : MASKED_LOGIT;
            max = Math.max(max, z[i]);
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += Math.exp(z[i] - max);
        }
        double logSum = max + Math.log(sum);
        for (int i = from; i < to; i++) {
            z[i] -= logSum;
        }
    }

    private static double[] exp(double[] logProbs, int from, int length) {
        double[] p = new double[length];
        for (int i = 0; i < length; i++) {
            p[i] = Math.exp(logProbs[from + i]);
        }
        return p;
    }

    private static int argmax(double[] values, int from, int length) {
        int best = 0;
        for (int i = 1; i < length; i++) {
            if (values[from + i] > values[from + best]) {
                best = i;
            }
        }
        return best;
    }

    /** Inverse-CDF draw that never returns a choice of probability 0. */
    private static int draw(double[] logProbs, int from, int length, SplittableRandom random) {
        double u = random.nextDouble();
        double cumulative = 0;
        int lastPossible = -1;
        for (int i = 0; i < length; i++) {
            double p = Math.exp(logProbs[from + i]);
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
