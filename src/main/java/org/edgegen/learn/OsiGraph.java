package org.edgegen.learn;

import java.util.ArrayList;
import java.util.List;
import org.edgegen.config.LearnerSettings;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The MAPPO training graph of OSI, built once: the actor ({@link ActorNetwork}), the critic (tanh MLP of the same
 * hidden sizes on the observation, plus the global state when centralised, to a scalar value), the PPO clipped
 * surrogate with value loss and entropy bonus, and Adam ({@link OrderedAdam}) on gradients clipped to a global norm.
 *
 * <p>Operation names (feed and fetch by these, e.g. in TensorBoard's graph view):
 * <ul>
 *   <li>inputs: {@value #OBSERVATIONS} [batch, F], {@value #GLOBAL_STATE} [batch, G] (centralised critic only),
 *       {@value #OFFLOAD_MASK} [batch, 2], {@value #SERVER_MASK} [batch, M], {@value #STEPS_MASK} [batch, |C|]
 *       (1 = valid), {@value #TAKEN_OFFLOAD}, {@value #TAKEN_SERVER}, {@value #TAKEN_STEPS} [batch] (int32 head
 *       indices), {@value #OLD_LOG_PROBS}, {@value #ADVANTAGES}, {@value #RETURNS} [batch];</li>
 *   <li>actor outputs: {@value #OFFLOAD_LOGITS}, {@value #SERVER_LOGITS}, {@value #STEPS_LOGITS} (masked),
 *       {@value #OFFLOAD_PROBS}, {@value #SERVER_PROBS}, {@value #STEPS_PROBS};</li>
 *   <li>critic: {@value #VALUE} [batch];</li>
 *   <li>training: {@value #POLICY_LOSS}, {@value #VALUE_LOSS}, {@value #ENTROPY}, {@value #LOSS},
 *       {@value #APPROX_KL}, {@value #CLIP_FRACTION}, {@value #GRAD_NORM} (before clipping) and the target
 *       {@value #TRAIN}.</li>
 * </ul>
 */
public final class OsiGraph {

    public static final String OBSERVATIONS = "observations";
    public static final String GLOBAL_STATE = "global_state";
    public static final String OFFLOAD_MASK = "offload_mask";
    public static final String SERVER_MASK = "server_mask";
    public static final String STEPS_MASK = "steps_mask";
    public static final String TAKEN_OFFLOAD = "taken_offload";
    public static final String TAKEN_SERVER = "taken_server";
    public static final String TAKEN_STEPS = "taken_steps";
    public static final String OLD_LOG_PROBS = "old_log_probs";
    public static final String ADVANTAGES = "advantages";
    public static final String RETURNS = "returns";
    public static final String OFFLOAD_LOGITS = "offload_logits";
    public static final String SERVER_LOGITS = "server_logits";
    public static final String STEPS_LOGITS = "steps_logits";
    public static final String OFFLOAD_LOG_PROBS = "offload_log_probs";
    public static final String SERVER_LOG_PROBS = "server_log_probs";
    public static final String STEPS_LOG_PROBS = "steps_log_probs";
    public static final String OFFLOAD_PROBS = "offload_probs";
    public static final String SERVER_PROBS = "server_probs";
    public static final String STEPS_PROBS = "steps_probs";
    /** With head experts, the gate's weights over the experts, [batch, K]. */
    public static final String GATE_PROBS = "gate_probs";
    public static final String VALUE = "value";
    public static final String POLICY_LOSS = "policy_loss";
    public static final String VALUE_LOSS = "value_loss";
    public static final String ENTROPY = "entropy";
    public static final String LOSS = "loss";
    public static final String APPROX_KL = "approx_kl";
    public static final String CLIP_FRACTION = "clip_fraction";
    public static final String GRAD_NORM = "grad_norm";
    public static final String TRAIN = "train";
    public static final String LEARNING_RATE = "learning_rate";
    public static final String ENTROPY_COEF = "entropy_coef";

    final NetworkShape shape;
    final Placeholder<TFloat32> observations;
    /** Absent (null) when the critic is local. */
    final Placeholder<TFloat32> globalState;
    final Placeholder<TFloat32> offloadMask;
    final Placeholder<TFloat32> serverMask;
    final Placeholder<TFloat32> stepsMask;
    final Placeholder<TInt32> takenOffload;
    final Placeholder<TInt32> takenServer;
    final Placeholder<TInt32> takenSteps;
    final Placeholder<TFloat32> oldLogProbs;
    final Placeholder<TFloat32> advantages;
    final Placeholder<TFloat32> returns;
    final ActorNetwork actor;
    final List<Dense> critic;
    final Operand<TFloat32> value;
    /** log π(a) of the taken actions under the current weights, per row (no extra op: the surrogate's input). */
    final Operand<TFloat32> logProb;
    final Operand<TFloat32> policyLoss;
    final Operand<TFloat32> valueLoss;
    final Operand<TFloat32> entropy;
    final Operand<TFloat32> loss;
    final Operand<TFloat32> approxKl;
    final Operand<TFloat32> clipFraction;
    final Operand<TFloat32> gradNorm;
    /** Scalars defaulting to the settings' initial values; fed per update when they are annealed. */
    final Operand<TFloat32> learningRate;
    final Operand<TFloat32> entropyCoef;
    final Op train;

    OsiGraph(Graph graph, NetworkShape shape, LearnerSettings settings) {
        this.shape = shape;
        Ops tf = Ops.create(graph);
        int batch = -1;
        observations = input(tf, OBSERVATIONS, Shape.of(batch, shape.featureCount()));
        globalState = shape.centralisedCritic()
                ? input(tf, GLOBAL_STATE, Shape.of(batch, shape.globalStateSize())) : null;
        offloadMask = input(tf, OFFLOAD_MASK, Shape.of(batch, shape.offloadChoices()));
        serverMask = input(tf, SERVER_MASK, Shape.of(batch, shape.serverChoices()));
        stepsMask = input(tf, STEPS_MASK, Shape.of(batch, shape.stepChoices()));
        takenOffload = tf.withName(TAKEN_OFFLOAD).placeholder(TInt32.class, Placeholder.shape(Shape.of(batch)));
        takenServer = tf.withName(TAKEN_SERVER).placeholder(TInt32.class, Placeholder.shape(Shape.of(batch)));
        takenSteps = tf.withName(TAKEN_STEPS).placeholder(TInt32.class, Placeholder.shape(Shape.of(batch)));
        oldLogProbs = input(tf, OLD_LOG_PROBS, Shape.of(batch));
        advantages = input(tf, ADVANTAGES, Shape.of(batch));
        returns = input(tf, RETURNS, Shape.of(batch));

        actor = new ActorNetwork(tf, shape, observations, offloadMask, serverMask, stepsMask);

        // Critic: V(o, s) for MAPPO, V(o) for IPPO.
        Ops criticOps = tf.withSubScope("critic");
        Operand<TFloat32> criticInput = globalState == null ? observations
                : criticOps.concat(List.of(observations, globalState), criticOps.constant(1));
        int[] hidden = shape.hiddenArray();
        List<Dense> criticLayers = new ArrayList<>(Mlp.hiddenLayers(tf, "critic", shape.criticInputSize(), hidden));
        Dense valueHead = new Dense(tf, "critic_value", hidden[hidden.length - 1], 1);
        criticLayers.add(valueHead);
        critic = List.copyOf(criticLayers);
        Operand<TFloat32> hc = Mlp.forward(criticOps, criticLayers.subList(0, hidden.length), criticInput);
        value = tf.withName(VALUE).reshape(valueHead.apply(criticOps, hc), tf.constant(new int[] {-1}));

        // PPO objective.
        Ops ppo = tf.withSubScope("ppo");
        Operand<TInt32> axis1 = ppo.constant(1);
        Operand<TInt32> axis0 = ppo.constant(0);
        Operand<TFloat32> offloadFlag = ppo.dtypes.cast(takenOffload, TFloat32.class);
        logProb = ppo.math.add(ppo.math.add(
                taken(ppo, actor.offloadLogProbs, takenOffload, shape.offloadChoices()),
                ppo.math.mul(offloadFlag, taken(ppo, actor.serverLogProbs, takenServer, shape.serverChoices()))),
                taken(ppo, actor.stepsLogProbs, takenSteps, shape.stepChoices()));
        Operand<TFloat32> logRatio = ppo.math.sub(logProb, oldLogProbs);
        Operand<TFloat32> ratio = ppo.math.exp(logRatio);
        float clip = (float) settings.clip();
        Operand<TFloat32> clippedRatio = ppo.math.minimum(ppo.math.maximum(ratio, ppo.constant(1f - clip)),
                ppo.constant(1f + clip));
        Operand<TFloat32> surrogate = ppo.math.minimum(ppo.math.mul(ratio, advantages),
                ppo.math.mul(clippedRatio, advantages));
        policyLoss = tf.withName(POLICY_LOSS).math.neg(ppo.math.mean(surrogate, axis0));
        valueLoss = tf.withName(VALUE_LOSS).math.mean(ppo.math.square(ppo.math.sub(returns, value)), axis0);

        Operand<TFloat32> offloadProbability = ppo.reduceSum(
                ppo.math.mul(actor.offloadProbs, ppo.constant(new float[] {0f, 1f})), axis1);
        Operand<TFloat32> perRowEntropy = ppo.math.add(ppo.math.add(
                entropy(ppo, actor.offloadProbs, actor.offloadLogProbs),
                ppo.math.mul(offloadProbability, entropy(ppo, actor.serverProbs, actor.serverLogProbs))),
                entropy(ppo, actor.stepsProbs, actor.stepsLogProbs));
        entropy = tf.withName(ENTROPY).math.mean(perRowEntropy, axis0);
        entropyCoef = tf.withName(ENTROPY_COEF).placeholderWithDefault(
                tf.constant((float) settings.entropyCoef()), Shape.scalar());
        loss = tf.withName(LOSS).math.add(ppo.math.sub(policyLoss, ppo.math.mul(entropyCoef, entropy)),
                ppo.math.mul(ppo.constant((float) settings.valueCoef()), valueLoss));
        // The low-variance estimator of KL(π_old || π): E[(r - 1) - log r].
        approxKl = tf.withName(APPROX_KL).math.mean(ppo.math.sub(ppo.math.sub(ratio, ppo.constant(1f)), logRatio),
                axis0);
        clipFraction = tf.withName(CLIP_FRACTION).math.mean(ppo.dtypes.cast(
                ppo.math.greater(ppo.math.abs(ppo.math.sub(ratio, ppo.constant(1f))), ppo.constant(clip)),
                TFloat32.class), axis0);

        // Adam on gradients rescaled to a global norm of at most max-grad-norm.
        List<Variable<TFloat32>> variables = new ArrayList<>();
        for (Dense layer : actor.layers) {
            variables.add(layer.weights);
            variables.add(layer.biases);
        }
        for (Dense layer : critic) {
            variables.add(layer.weights);
            variables.add(layer.biases);
        }
        Output<?>[] variableOutputs = variables.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
        Output<?>[] gradients = graph.addGradients(loss.asOutput(), variableOutputs);
        Ops clipOps = tf.withSubScope("clip_gradients");
        List<Operand<TFloat32>> squares = new ArrayList<>();
        for (Output<?> gradient : gradients) {
            Output<TFloat32> g = floats(gradient);
            squares.add(clipOps.reduceSum(clipOps.math.square(g), allAxes(clipOps, g)));
        }
        gradNorm = tf.withName(GRAD_NORM).math.sqrt(clipOps.math.addN(squares));
        Operand<TFloat32> maxNorm = clipOps.constant((float) settings.maxGradNorm());
        // Every step depends on the norm, hence on every gradient: no variable changes while a gradient reads it.
        Operand<TFloat32> scale = clipOps.math.div(maxNorm, clipOps.math.maximum(gradNorm, maxNorm));
        List<Operand<TFloat32>> clippedGradients = new ArrayList<>();
        for (Output<?> gradient : gradients) {
            clippedGradients.add(clipOps.math.mul(floats(gradient), scale));
        }
        learningRate = tf.withName(LEARNING_RATE).placeholderWithDefault(
                tf.constant((float) settings.learningRate()), Shape.scalar());
        train = OrderedAdam.minimise(tf, variables, clippedGradients, learningRate, TRAIN);
    }

    private static Placeholder<TFloat32> input(Ops tf, String name, Shape shape) {
        return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(shape));
    }

    /** Σ_k onehot(index)_k · logp_k: the log-probability of the taken choice of one head. */
    private static Operand<TFloat32> taken(Ops tf, Operand<TFloat32> logProbs, Operand<TInt32> index, int depth) {
        Operand<TFloat32> oneHot = tf.oneHot(index, tf.constant(depth), tf.constant(1f), tf.constant(0f));
        return tf.reduceSum(tf.math.mul(oneHot, logProbs), tf.constant(1));
    }

    /** -Σ p log p per row; masked entries have p = 0 exactly, so they add 0. */
    private static Operand<TFloat32> entropy(Ops tf, Operand<TFloat32> probs, Operand<TFloat32> logProbs) {
        return tf.math.neg(tf.reduceSum(tf.math.mul(probs, logProbs), tf.constant(1)));
    }

    private static Operand<TInt32> allAxes(Ops tf, Output<TFloat32> x) {
        int rank = x.shape().numDimensions();
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) {
            axes[i] = i;
        }
        return tf.constant(axes);
    }

    @SuppressWarnings("unchecked")
    private static Output<TFloat32> floats(Output<?> output) {
        return (Output<TFloat32>) output;
    }
}
