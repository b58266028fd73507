package org.edgegen.learn;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.edgegen.policy.neural.NeuralPolicy;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The OSI actor in a graph, the same function as {@link NeuralPolicy}: tanh hidden layers on the observation,
 * then the x, y and c heads (plus the observation's prior features, with {@code edgegen.mdp.prior}); a masked logit becomes {@code logit·m + (m - 1)·1e9}, so its probability is exactly 0.
 * Variables are named {@code actor_*}; the layers are in {@code PolicySnapshot} order (hidden..., x, y, c).
 *
 * <p>With K = {@code edgegen.learner.head-experts} > 1, each head is a mixture Σ_k g_k·(h·W_k + b_k) of K linear
 * experts on the last hidden layer h, weighted by the gate g = softmax(z·W_g + b_g) on the observation's regime
 * features z (load, and rate when on); the further experts ({@code actor_offload_expert1}, ...) and the gate
 * ({@code actor_gate}) follow the plain layers, so that K = 1 is the same graph as before experts existed.
 *
 * <p>With {@code edgegen.learner.expert-scope = trunk}, each expert k is a whole actor: its own hidden layers
 * h_k ({@code actor_expert<k>_hidden0}, ...) and heads on h_k, the plain actor being expert 0; each head's logits
 * are Σ_k g_k·logits_k with the same gate. Expert k's layers (hidden..., x, y, c) follow the plain ones in order.
 */
final class ActorNetwork {

    final List<Dense> layers;
    /** Which of {@link #layers} are hidden tanh layers (the rest are linear heads and the gate). */
    private final boolean[] hiddenLayer;
    final Operand<TFloat32> offloadLogits;
    final Operand<TFloat32> serverLogits;
    final Operand<TFloat32> stepsLogits;
    final Operand<TFloat32> offloadLogProbs;
    final Operand<TFloat32> serverLogProbs;
    final Operand<TFloat32> stepsLogProbs;
    final Operand<TFloat32> offloadProbs;
    final Operand<TFloat32> serverProbs;
    final Operand<TFloat32> stepsProbs;
    /** With K > 1, the gate's weights g of each row, [batch, K] (named {@value OsiGraph#GATE_PROBS}). */
    final Optional<Operand<TFloat32>> gateProbs;

    /**
     * @param tf           ops at the graph's root scope; the fetchable outputs get the names of {@link OsiGraph}
     * @param observations [batch, featureCount]
     * @param offloadMask  [batch, 2], 1 = valid
     * @param serverMask   [batch, serverChoices]
     * @param stepsMask    [batch, stepChoices]
     */
    ActorNetwork(Ops tf, NetworkShape shape, Operand<TFloat32> observations, Operand<TFloat32> offloadMask,
            Operand<TFloat32> serverMask, Operand<TFloat32> stepsMask) {
        Ops actor = tf.withSubScope("actor");
        int[] hidden = shape.hiddenArray();
        int last = hidden[hidden.length - 1];
        List<Dense> all = new ArrayList<>(Mlp.hiddenLayers(tf, "actor", shape.featureCount(), hidden));
        Dense offloadHead = new Dense(tf, "actor_offload", last, shape.offloadChoices());
        Dense serverHead = new Dense(tf, "actor_server", last, shape.serverChoices());
        Dense stepsHead = new Dense(tf, "actor_steps", last, shape.stepChoices());
        all.add(offloadHead);
        all.add(serverHead);
        all.add(stepsHead);
        int experts = shape.headExperts();
        boolean trunks = shape.trunkExperts();
        List<List<Dense>> expertHidden = new ArrayList<>();
        List<Integer> hiddenAt = new ArrayList<>();
        for (int k = 0; k < hidden.length; k++) {
            hiddenAt.add(k);
        }
        for (int k = 1; k < experts; k++) {
            if (trunks) {
                List<Dense> own = Mlp.hiddenLayers(tf, "actor_expert" + k, shape.featureCount(), hidden);
                expertHidden.add(own);
                for (Dense layer : own) {
                    hiddenAt.add(all.size());
                    all.add(layer);
                }
            }
            all.add(new Dense(tf, "actor_offload_expert" + k, last, shape.offloadChoices()));
            all.add(new Dense(tf, "actor_server_expert" + k, last, shape.serverChoices()));
            all.add(new Dense(tf, "actor_steps_expert" + k, last, shape.stepChoices()));
        }
        Dense gate = experts > 1 ? new Dense(tf, "actor_gate", shape.gateWidth(), experts) : null;
        if (gate != null) {
            all.add(gate);
        }
        this.layers = List.copyOf(all);
        this.hiddenLayer = new boolean[all.size()];
        for (int k : hiddenAt) {
            hiddenLayer[k] = true;
        }

        Operand<TFloat32> h = Mlp.forward(actor, all.subList(0, hidden.length), observations);
        Operand<TFloat32> offload = offloadHead.apply(actor, h);
        Operand<TFloat32> server = serverHead.apply(actor, h);
        Operand<TFloat32> steps = stepsHead.apply(actor, h);
        if (gate != null) {
            Ops mix = tf.withSubScope("experts");
            Operand<TFloat32> z = columns(mix, observations, shape.gateAt(), shape.gateWidth());
            Operand<TFloat32> g = tf.withName(OsiGraph.GATE_PROBS).nn.softmax(gate.apply(mix, z));
            this.gateProbs = Optional.of(g);
            // g_k as a [batch, 1] column by a product with a one-hot [K, 1] (exact, and MatMul has a gradient)
            Operand<TFloat32> g0 = expertWeight(mix, g, 0, experts);
            offload = mix.math.mul(g0, offload);
            server = mix.math.mul(g0, server);
            steps = mix.math.mul(g0, steps);
            for (int k = 1; k < experts; k++) {
                Operand<TFloat32> gk = expertWeight(mix, g, k, experts);
                // expert k's heads: on its own hidden layers (trunk) or on the shared last hidden layer (head)
                int at = trunks ? (hidden.length + 3) * k + hidden.length : hidden.length + 3 * k;
                Operand<TFloat32> hk = trunks ? Mlp.forward(mix, expertHidden.get(k - 1), observations) : h;
                offload = mix.math.add(offload, mix.math.mul(gk, all.get(at).apply(mix, hk)));
                server = mix.math.add(server, mix.math.mul(gk, all.get(at + 1).apply(mix, hk)));
                steps = mix.math.add(steps, mix.math.mul(gk, all.get(at + 2).apply(mix, hk)));
            }
        } else {
            this.gateProbs = Optional.empty();
        }
        if (shape.hasPrior()) {
            // the residual prior: the observation's last 2 + M + |C| features, added to the heads' logits in order
            Ops prior = tf.withSubScope("prior");
            int m = shape.serverChoices();
            offload = prior.math.add(offload, columns(prior, observations, shape.priorAt(), 2));
            server = prior.math.add(server, columns(prior, observations, shape.priorAt() + 2, m));
            steps = prior.math.add(steps, columns(prior, observations, shape.priorAt() + 2 + m,
                    shape.stepChoices()));
        }
        offloadLogits = masked(tf, OsiGraph.OFFLOAD_LOGITS, offload, offloadMask);
        serverLogits = masked(tf, OsiGraph.SERVER_LOGITS, server, serverMask);
        stepsLogits = masked(tf, OsiGraph.STEPS_LOGITS, steps, stepsMask);
        offloadLogProbs = tf.withName(OsiGraph.OFFLOAD_LOG_PROBS).nn.logSoftmax(offloadLogits);
        serverLogProbs = tf.withName(OsiGraph.SERVER_LOG_PROBS).nn.logSoftmax(serverLogits);
        stepsLogProbs = tf.withName(OsiGraph.STEPS_LOG_PROBS).nn.logSoftmax(stepsLogits);
        offloadProbs = tf.withName(OsiGraph.OFFLOAD_PROBS).nn.softmax(offloadLogits);
        serverProbs = tf.withName(OsiGraph.SERVER_PROBS).nn.softmax(serverLogits);
        stepsProbs = tf.withName(OsiGraph.STEPS_PROBS).nn.softmax(stepsLogits);
    }

    /** Whether layer k of {@link #layers} is a hidden tanh layer. */
    boolean isHidden(int k) {
        return hiddenLayer[k];
    }

    /** Column k of the [batch, K] gate weights, as [batch, 1]. */
    private static Operand<TFloat32> expertWeight(Ops tf, Operand<TFloat32> g, int k, int experts) {
        float[][] select = new float[experts][1];
        select[k][0] = 1f;
        return tf.linalg.matMul(g, tf.constant(select));
    }

    /** Columns [from, from + count) of a [batch, F] matrix. */
    private static Operand<TFloat32> columns(Ops tf, Operand<TFloat32> x, int from, int count) {
        return tf.slice(x, tf.constant(new int[] {0, from}), tf.constant(new int[] {-1, count}));
    }

    private static Operand<TFloat32> masked(Ops tf, String name, Operand<TFloat32> logits, Operand<TFloat32> mask) {
        Operand<TFloat32> penalty = tf.math.mul(tf.math.sub(mask, tf.constant(1f)),
                tf.constant((float) -NeuralPolicy.MASKED_LOGIT));
        return tf.withName(name).math.add(tf.math.mul(logits, mask), penalty);
    }
}
