package org.edgegen.learn;

import java.util.ArrayList;
import java.util.List;
import org.edgegen.policy.neural.NeuralPolicy;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The OSI actor in a graph, the same function as {@link NeuralPolicy}: tanh hidden layers on the observation,
 * then the x, y and c heads (plus the observation's prior features, with {@code edgegen.mdp.prior}); a masked logit becomes {@code logit·m + (m - 1)·1e9}, so its probability is exactly 0.
 * Variables are named {@code actor_*}; the layers are in {@code PolicySnapshot} order (hidden..., x, y, c).
 */
final class ActorNetwork {

    final List<Dense> layers;
    final Operand<TFloat32> offloadLogits;
    final Operand<TFloat32> serverLogits;
    final Operand<TFloat32> stepsLogits;
    final Operand<TFloat32> offloadLogProbs;
    final Operand<TFloat32> serverLogProbs;
    final Operand<TFloat32> stepsLogProbs;
    final Operand<TFloat32> offloadProbs;
    final Operand<TFloat32> serverProbs;
    final Operand<TFloat32> stepsProbs;

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
        this.layers = List.copyOf(all);

        Operand<TFloat32> h = Mlp.forward(actor, all.subList(0, hidden.length), observations);
        Operand<TFloat32> offload = offloadHead.apply(actor, h);
        Operand<TFloat32> server = serverHead.apply(actor, h);
        Operand<TFloat32> steps = stepsHead.apply(actor, h);
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
