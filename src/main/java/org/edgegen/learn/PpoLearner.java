package org.edgegen.learn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.edgegen.config.LearnerSettings;
import org.edgegen.model.random.RandomStreams;
import org.edgegen.model.random.RandomStreams.Purpose;
import org.edgegen.policy.neural.HeadProbabilities;
import org.edgegen.policy.neural.PolicySnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The OSI learner's TensorFlow side: owns the training {@link Graph} ({@link OsiGraph}) and its {@link Session},
 * initialises the weights from the run seed, runs PPO updates, exports the actor as a {@link PolicySnapshot} for
 * the users' plain-Java copies, checkpoints and restores everything (weights and Adam's state), and exports the
 * actor as a SavedModel. Not thread-safe: one owner (the learner actor) calls it. It is longer than 350 lines
 * because it is the one owner of the native graph and session: the update, the snapshot, the checkpoint, the
 * restore and the export all feed and fetch that graph by name, and no TensorFlow object may leave this class.
 *
 * <p><b>SavedModel</b> ({@link #exportSavedModel}): tag {@code serve}, signature {@code serving_default} with
 * inputs {@value OsiGraph#OBSERVATIONS} float32 [batch, F] (the observation features, {@code Observation}),
 * {@value OsiGraph#OFFLOAD_MASK} [batch, 2], {@value OsiGraph#SERVER_MASK} [batch, M] and
 * {@value OsiGraph#STEPS_MASK} [batch, |C|] (1 = valid, 0 = masked; see {@code HeadMasks}) and outputs
 * {@value OsiGraph#OFFLOAD_PROBS} [batch, 2] (local, offload), {@value OsiGraph#SERVER_PROBS} [batch, M]
 * (candidate slot, 0 = home) and {@value OsiGraph#STEPS_PROBS} [batch, |C|] (step choices in increasing order).
 *
 * <p><b>Checkpoint</b> ({@link #save}/{@link #restore}): a directory holding {@code variables/variables.index} and
 * {@code variables/variables.data-*} (every variable, Adam's moments and β powers included, written by
 * {@code Session.save}) and {@value #INFO_FILE} ({@link CheckpointInfo}: counters, seed, shape,
 * hyper-parameters), written last.
 *
 * <p>Determinism: weights are drawn in Java from the seed, minibatches are shuffled by a stream of (seed, update),
 * and the session runs its kernels on one thread, so the same seed and data give the same weights.
 */
public final class PpoLearner implements AutoCloseable {

    /** The checkpoint's JSON file. */
    public static final String INFO_FILE = "learner.json";
    /** Checkpoint format written and read. */
    public static final int FORMAT = 1;
    /** Sub-directory and file prefix of the variables. */
    static final String VARIABLES = "variables";

    private static final Logger LOG = LoggerFactory.getLogger(PpoLearner.class);
    /** Entity id of the learner's random streams (users are 0..N-1). */
    private static final int LEARNER_ENTITY = -1;
    private static final int ACTOR_INIT = 0;
    private static final int CRITIC_INIT = 1;
    private static final int SHUFFLE = 2;
    private static final int WARM_START_SHUFFLE = 3;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final NetworkShape shape;
    private final LearnerSettings settings;
    private long seed;
    private final Graph graph;
    private final Session session;
    private final OsiGraph net;
    private long version;
    private long gradientSteps;

    /**
     * @param shape    the network dimensions ({@link NetworkShape#of})
     * @param settings the hyper-parameters; their hidden sizes must be the shape's
     * @param seed     the run seed: initial weights and minibatch order are a function of it
     */
    public PpoLearner(NetworkShape shape, LearnerSettings settings, long seed) {
        if (!shape.hiddenSizes().equals(settings.hiddenSizes())
                || !GlobalState.isSizeOf(shape.globalStateSize(), settings.critic())) {
            throw new IllegalArgumentException("network shape " + shape + " does not match the settings " + settings);
        }
        this.shape = shape;
        this.settings = settings;
        this.seed = seed;
        Graph g = new Graph();
        Session s = null;
        try {
            this.net = new OsiGraph(g, shape, settings);
            s = new Session(g, sessionConfig());
            this.graph = g;
            this.session = s;
            initialiseWeights();
        } catch (RuntimeException e) {
            if (s != null) {
                s.close();
            }
            g.close();
            throw e;
        }
    }

    /** One thread per session: the small networks gain little from more, and results stay reproducible. */
    private static ConfigProto sessionConfig() {
        return ConfigProto.newBuilder().setIntraOpParallelismThreads(1).setInterOpParallelismThreads(1).build();
    }

    public NetworkShape shape() {
        return shape;
    }

    public LearnerSettings settings() {
        return settings;
    }

    /** The seed of the minibatch order: the constructor's, or a restored checkpoint's. */
    public long seed() {
        return seed;
    }

    /** The current policy version: 0 after initialisation, +1 per {@link #update}. */
    public long version() {
        return version;
    }

    /** Minibatch gradient steps taken so far. */
    public long gradientSteps() {
        return gradientSteps;
    }

    private void initialiseWeights() {
        SplittableRandom actorRandom = stream(0, ACTOR_INIT);
        SplittableRandom criticRandom = stream(0, CRITIC_INIT);
        int hidden = shape.hiddenSizes().size();
        List<float[]> actorWeights = new ArrayList<>();
        for (int k = 0; k < net.actor.layers.size(); k++) {
            Dense layer = net.actor.layers.get(k);
            double gain = net.actor.isHidden(k) ? WeightInit.HIDDEN_GAIN : WeightInit.POLICY_HEAD_GAIN;
            actorWeights.add(WeightInit.weights(actorRandom, layer.inputs, layer.outputs, gain));
        }
        List<float[]> criticWeights = new ArrayList<>();
        for (int k = 0; k < net.critic.size(); k++) {
            Dense layer = net.critic.get(k);
            double gain = k < hidden ? WeightInit.HIDDEN_GAIN : WeightInit.VALUE_HEAD_GAIN;
            criticWeights.add(WeightInit.weights(criticRandom, layer.inputs, layer.outputs, gain));
        }
        List<Dense> layers = new ArrayList<>(net.actor.layers);
        layers.addAll(net.critic);
        List<float[]> weights = new ArrayList<>(actorWeights);
        weights.addAll(criticWeights);
        List<float[]> biases = layers.stream().map(l -> new float[l.outputs]).toList();
        load(session, layers, weights, biases);
    }

    private SplittableRandom stream(int update, int purpose) {
        return RandomStreams.stream(seed, update, Purpose.POLICY, LEARNER_ENTITY, RandomStreams.EPISODE_WIDE, purpose);
    }

    private static void load(Session session, List<Dense> layers, List<float[]> weights, List<float[]> biases) {
        try (Feeds feeds = new Feeds()) {
            for (int k = 0; k < layers.size(); k++) {
                Dense layer = layers.get(k);
                feeds.floats(layer.newWeights, weights.get(k), layer.inputs, layer.outputs);
                feeds.floats(layer.newBiases, biases.get(k), layer.outputs, 0);
            }
            Session.Runner runner = feeds.runner(session);
            for (Dense layer : layers) {
                runner.addTarget(layer.loadWeights).addTarget(layer.loadBiases);
            }
            runner.run().close();
        }
    }

    /** Replaces the actor's weights (not the critic's, nor Adam's state), e.g. to start from a published policy. */
    public void loadActor(PolicySnapshot snapshot) {
        checkFits(snapshot);
        List<float[]> weights = new ArrayList<>();
        List<float[]> biases = new ArrayList<>();
        for (int k = 0; k < snapshot.layerCount(); k++) {
            weights.add(snapshot.weights(k));
            biases.add(snapshot.biases(k));
        }
        load(session, net.actor.layers, weights, biases);
    }

    private void checkFits(PolicySnapshot snapshot) {
        boolean fits = snapshot.featureCount() == shape.featureCount()
                && snapshot.serverChoices() == shape.serverChoices()
                && snapshot.stepChoices() == shape.stepChoices()
                && java.util.Arrays.equals(snapshot.hiddenSizes(), shape.hiddenArray())
                && snapshot.headExperts() == shape.headExperts()
                && snapshot.gateAt() == shape.gateAt() && snapshot.gateWidth() == shape.gateWidth()
                && snapshot.trunkExperts() == shape.trunkExperts();
        if (!fits) {
            throw new IllegalArgumentException(snapshot + " does not fit the network " + shape);
        }
    }

    /** The actor's current weights as the current version. */
    public PolicySnapshot snapshot() {
        return snapshot(version);
    }

    /** The actor's current weights, labelled {@code snapshotVersion}. */
    public PolicySnapshot snapshot(long snapshotVersion) {
        List<Dense> layers = net.actor.layers;
        Session.Runner runner = session.runner();
        for (Dense layer : layers) {
            runner.fetch(layer.weights).fetch(layer.biases);
        }
        float[][] weights = new float[layers.size()][];
        float[][] biases = new float[layers.size()][];
        try (Result result = runner.run()) {
            for (int k = 0; k < layers.size(); k++) {
                weights[k] = Feeds.read(result.get(2 * k));
                biases[k] = Feeds.read(result.get(2 * k + 1));
            }
        }
        return new PolicySnapshot(snapshotVersion, shape.featureCount(), shape.hiddenArray(), shape.serverChoices(),
                shape.stepChoices(), weights, biases, shape.headExperts(), shape.gateAt(), shape.gateWidth(),
                shape.trunkExperts());
    }

    /** V for every transition of a batch (for GAE). */
    public double[] values(Batch batch) {
        checkShape(batch);
        if (batch.size() == 0) {
            return new double[0];
        }
        try (Feeds feeds = criticFeeds(batch); Result result = feeds.runner(session).fetch(net.value).run()) {
            float[] v = Feeds.read(result.get(0));
            double[] values = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                values[i] = v[i];
            }
            return values;
        }
    }

    /** π(x), π(y), π(c) of the graph for every transition of a batch. */
    public List<HeadProbabilities> probabilities(Batch batch) {
        checkShape(batch);
        if (batch.size() == 0) {
            return List.of();
        }
        try (Feeds feeds = actorFeeds(batch);
                Result result = feeds.runner(session).fetch(net.actor.offloadProbs).fetch(net.actor.serverProbs)
                        .fetch(net.actor.stepsProbs).run()) {
            float[] x = Feeds.read(result.get(0));
            float[] y = Feeds.read(result.get(1));
            float[] c = Feeds.read(result.get(2));
            List<HeadProbabilities> rows = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                rows.add(new HeadProbabilities(row(x, i, 2), row(y, i, shape.serverChoices()),
                        row(c, i, shape.stepChoices())));
            }
            return rows;
        }
    }

    private static double[] row(float[] values, int row, int width) {
        double[] r = new double[width];
        for (int j = 0; j < width; j++) {
            r[j] = values[row * width + j];
        }
        return r;
    }

    /**
     * One PPO update: {@code epochs} passes over the batch in shuffled minibatches of {@code minibatch-size}, one
     * Adam step each. The batch must carry advantages and returns ({@link Batch#withTargets}). With
     * {@code normalise-advantages} the advantages are first standardised, over the whole batch or within each of its
     * episodes ({@code advantage-normalisation}). Afterwards the version is one higher.
     */
    public UpdateStats update(Batch batch) {
        checkShape(batch);
        if (!batch.hasTargets()) {
            throw new IllegalArgumentException("the batch has no advantages and returns: call withTargets first");
        }
        if (batch.size() == 0) {
            throw new IllegalArgumentException("an update needs at least one transition");
        }
        Batch data = !settings.normaliseAdvantages() ? batch
                : batch.withAdvantages(settings.standardisesAdvantagesPerEpisode()
                        ? perEpisode(batch.advantages(), batch.episodes(), settings.weighsEpisodesEqually())
                        : standardised(batch.advantages()));
        SplittableRandom shuffle = stream((int) version, SHUFFLE);
        int n = data.size();
        int minibatch = Math.min(settings.minibatchSize(), n);
        double[] sums = new double[6];
        int steps = 0;
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            int[] order = permutation(n, shuffle);
            for (int start = 0; start < n; start += minibatch) {
                int[] indices = java.util.Arrays.copyOfRange(order, start, Math.min(n, start + minibatch));
                float[] stats = trainStep(data.rows(indices));
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += stats[i];
                }
                steps++;
            }
        }
        gradientSteps += steps;
        version++;
        UpdateStats stats = new UpdateStats(sums[0] / steps, sums[1] / steps, sums[2] / steps, sums[3] / steps,
                sums[4] / steps, sums[5] / steps, steps, n, version);
        LOG.debug("PPO update to version {}: {}", version, stats);
        return stats;
    }

    /**
     * Behaviour cloning of the taken actions (a warm start): {@code epochs} passes in shuffled minibatches of
     * {@code minibatch-size}, each one Adam step of PPO's own training op with π_old set to the current π of the
     * minibatch and every advantage 1, so that the clipped surrogate's gradient is that of the cross-entropy
     * −mean log π(a); the entropy bonus is off, the value loss on the batch's returns (the demonstrator's) stays.
     * Uses Adam's state like an update, but is no policy version. The batch must carry targets.
     *
     * @return the cross-entropy of the taken actions before each pass, then after the last (epochs + 1 values)
     */
    public double[] cloneActions(Batch batch, int epochs) {
        checkShape(batch);
        if (!batch.hasTargets() || batch.size() == 0) {
            throw new IllegalArgumentException("cloning needs a non-empty batch with returns");
        }
        float[] ones = new float[batch.size()];
        java.util.Arrays.fill(ones, 1f);
        Batch data = batch.withAdvantages(ones);
        SplittableRandom shuffle = stream(0, WARM_START_SHUFFLE);
        int n = data.size();
        int minibatch = Math.min(settings.minibatchSize(), n);
        double[] crossEntropy = new double[epochs + 1];
        for (int epoch = 0; epoch < epochs; epoch++) {
            crossEntropy[epoch] = crossEntropy(data);
            int[] order = permutation(n, shuffle);
            for (int start = 0; start < n; start += minibatch) {
                Batch rows = data.rows(java.util.Arrays.copyOfRange(order, start, Math.min(n, start + minibatch)));
                Batch step = rows.withOldLogProbs(logProbs(rows));
                try (Feeds feeds = trainingFeeds(step)) {
                    feeds.scalar(net.entropyCoef, 0f).scalar(net.learningRate, (float) settings.learningRate());
                    feeds.runner(session).addTarget(net.train).run().close();
                }
                gradientSteps++;
            }
        }
        crossEntropy[epochs] = crossEntropy(data);
        return crossEntropy;
    }

    /** −mean log π(a) of the batch's taken actions. */
    double crossEntropy(Batch batch) {
        float[] logProbs = logProbs(batch);
        double sum = 0;
        for (float lp : logProbs) {
            sum -= lp;
        }
        return sum / logProbs.length;
    }

    /** log π(a) of each taken action under the current weights. */
    float[] logProbs(Batch batch) {
        try (Feeds feeds = actorFeeds(batch).ints(net.takenOffload, batch.offload())
                .ints(net.takenServer, batch.server()).ints(net.takenSteps, batch.steps());
                Result result = feeds.runner(session).fetch(net.logProb).run()) {
            return Feeds.read(result.get(0));
        }
    }

    private float[] trainStep(Batch minibatch) {
        return run(minibatch, true);
    }

    /**
     * The losses of the current weights on a batch with targets, without training: policy loss, value loss,
     * entropy, approx KL, clip fraction, gradient norm (advantages as given, not standardised).
     */
    float[] evaluate(Batch batch) {
        checkShape(batch);
        return run(batch, false);
    }

    /** Policy loss, value loss, entropy, approx KL, clip fraction and gradient norm, with or without a step. */
    private float[] run(Batch batch, boolean train) {
        try (Feeds feeds = trainingFeeds(batch)) {
            if (settings.anneals()) {
                feeds.scalar(net.learningRate, (float) settings.learningRateAt(version))
                        .scalar(net.entropyCoef, (float) settings.entropyCoefAt(version));
            }
            Session.Runner runner = feeds.runner(session)
                    .fetch(net.policyLoss).fetch(net.valueLoss).fetch(net.entropy)
                    .fetch(net.approxKl).fetch(net.clipFraction).fetch(net.gradNorm);
            if (train) {
                runner.addTarget(net.train);
            }
            try (Result result = runner.run()) {
                float[] stats = new float[6];
                for (int i = 0; i < stats.length; i++) {
                    stats[i] = Feeds.scalar(result.get(i));
                }
                return stats;
            }
        }
    }

    /**
     * Each episode's advantages standardised on their own ({@link #standardised} over the rows of that episode, in
     * their order), so that a batch of one episode gives exactly the batch-wide result.
     */
    static float[] standardisedPerEpisode(float[] advantages, int[] episodes) {
        Map<Integer, List<Integer>> rowsOf = new LinkedHashMap<>();
        for (int i = 0; i < advantages.length; i++) {
            rowsOf.computeIfAbsent(episodes[i], e -> new ArrayList<>()).add(i);
        }
        float[] out = new float[advantages.length];
        for (List<Integer> rows : rowsOf.values()) {
            float[] own = new float[rows.size()];
            for (int k = 0; k < own.length; k++) {
                own[k] = advantages[rows.get(k)];
            }
            float[] standardised = standardised(own);
            for (int k = 0; k < own.length; k++) {
                out[rows.get(k)] = standardised[k];
            }
        }
        return out;
    }

    /**
     * {@link #standardisedPerEpisode}, and with {@code equalWeights} each episode's rows then multiplied by
     * (rows / episodes) / (that episode's rows), so that each episode's weights sum to the same in the loss.
     */
    static float[] perEpisode(float[] advantages, int[] episodes, boolean equalWeights) {
        float[] out = standardisedPerEpisode(advantages, episodes);
        if (!equalWeights) {
            return out;
        }
        Map<Integer, Integer> rows = new LinkedHashMap<>();
        for (int episode : episodes) {
            rows.merge(episode, 1, Integer::sum);
        }
        double perEpisode = advantages.length / (double) rows.size();
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (out[i] * (perEpisode / rows.get(episodes[i])));
        }
        return out;
    }

    static float[] standardised(float[] advantages) {
        double mean = 0;
        for (float a : advantages) {
            mean += a;
        }
        mean /= advantages.length;
        double variance = 0;
        for (float a : advantages) {
            variance += (a - mean) * (a - mean);
        }
        double std = Math.sqrt(variance / advantages.length);
        float[] out = new float[advantages.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((advantages[i] - mean) / (std + 1e-8));
        }
        return out;
    }

    /** Fisher-Yates. */
    private static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private void checkShape(Batch batch) {
        if (!batch.shape().equals(shape)) {
            throw new IllegalArgumentException("batch of shape " + batch.shape() + " for a learner of shape " + shape);
        }
    }

    private Feeds actorFeeds(Batch batch) {
        int n = batch.size();
        return new Feeds()
                .floats(net.observations, batch.observations(), n, shape.featureCount())
                .floats(net.offloadMask, batch.offloadMasks(), n, shape.offloadChoices())
                .floats(net.serverMask, batch.serverMasks(), n, shape.serverChoices())
                .floats(net.stepsMask, batch.stepsMasks(), n, shape.stepChoices());
    }

    private Feeds criticFeeds(Batch batch) {
        Feeds feeds = new Feeds().floats(net.observations, batch.observations(), batch.size(), shape.featureCount());
        if (net.globalState != null) {
            feeds.floats(net.globalState, batch.globalStates(), batch.size(), shape.globalStateSize());
        }
        return feeds;
    }

    private Feeds trainingFeeds(Batch batch) {
        Feeds feeds = actorFeeds(batch);
        int n = batch.size();
        if (net.globalState != null) {
            feeds.floats(net.globalState, batch.globalStates(), n, shape.globalStateSize());
        }
        return feeds.ints(net.takenOffload, batch.offload())
                .ints(net.takenServer, batch.server())
                .ints(net.takenSteps, batch.steps())
                .floats(net.oldLogProbs, batch.oldLogProbs(), n, 0)
                .floats(net.advantages, batch.advantages(), n, 0)
                .floats(net.returns, batch.returns(), n, 0);
    }

    /**
     * Writes a checkpoint into {@code dir} (created if needed; an older checkpoint there is replaced): every
     * variable including Adam's state, then {@value #INFO_FILE}.
     */
    public void save(Path dir) {
        try {
            Files.createDirectories(dir.resolve(VARIABLES));
            Files.deleteIfExists(dir.resolve(INFO_FILE));
        } catch (IOException e) {
            throw new CheckpointException(dir, "cannot create the directory: " + oneLine(e), e);
        }
        try {
            session.save(variablesPrefix(dir));
        } catch (RuntimeException e) {
            throw new CheckpointException(dir, "cannot write the variables: " + oneLine(e), e);
        }
        CheckpointInfo info = new CheckpointInfo(FORMAT, version, gradientSteps, seed, shape, settings);
        Path temporary = dir.resolve(INFO_FILE + ".tmp");
        try {
            Files.writeString(temporary, JSON.writeValueAsString(info), StandardCharsets.UTF_8);
            Files.move(temporary, dir.resolve(INFO_FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CheckpointException(dir, "cannot write " + INFO_FILE + ": " + oneLine(e), e);
        }
        LOG.info("Saved learner checkpoint (policy version {}) to {}", version, dir);
    }

    /**
     * Restores the state {@link #save} wrote: weights, Adam's state, the counters and the seed (which orders later
     * minibatches). The checkpoint must be of a
     * network of the same shape; any problem (missing, incomplete, corrupt or mismatched) is a
     * {@link CheckpointException} and leaves this learner unchanged.
     */
    public void restore(Path dir) {
        if (!Files.exists(dir)) {
            throw new CheckpointException(dir, "no such directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(dir, "not a directory");
        }
        Path infoFile = dir.resolve(INFO_FILE);
        if (!Files.isRegularFile(infoFile)) {
            throw new CheckpointException(dir, "missing " + INFO_FILE + " (not a checkpoint, or an incomplete one)");
        }
        CheckpointInfo info;
        try {
            info = JSON.readValue(Files.readString(infoFile, StandardCharsets.UTF_8), CheckpointInfo.class);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(dir, INFO_FILE + " is corrupt: " + oneLine(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")"), e);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(dir, "cannot read " + INFO_FILE + ": " + oneLine(e), e);
        }
        if (info.format() != FORMAT) {
            throw new CheckpointException(dir, INFO_FILE + " has format " + info.format() + ", expected " + FORMAT);
        }
        if (info.shape() == null || info.settings() == null) {
            throw new CheckpointException(dir, INFO_FILE + " lacks the network shape or the settings");
        }
        if (!info.shape().equals(shape)) {
            throw new CheckpointException(dir, "it holds a network of shape " + describe(info.shape())
                    + ", this learner's is " + describe(shape));
        }
        Path index = dir.resolve(VARIABLES).resolve(VARIABLES + ".index");
        if (!Files.isRegularFile(index) || !hasDataFile(dir.resolve(VARIABLES))) {
            throw new CheckpointException(dir, "missing " + VARIABLES + "/" + VARIABLES
                    + ".index or .data files (an incomplete checkpoint)");
        }
        try {
            session.restore(variablesPrefix(dir));
        } catch (RuntimeException e) {
            throw new CheckpointException(dir, "the variables cannot be read: " + oneLine(e), e);
        }
        if (!info.settings().equals(settings)) {
            LOG.info("Checkpoint {} was trained with other hyper-parameters ({}); continuing with {}", dir,
                    info.settings(), settings);
        }
        version = info.version();
        gradientSteps = info.gradientSteps();
        // Minibatch order follows the checkpoint's seed, so a resumed run continues the same sequence.
        seed = info.seed();
        LOG.info("Restored learner checkpoint (policy version {}) from {}", version, dir);
    }

    private static boolean hasDataFile(Path variablesDir) {
        try (Stream<Path> files = Files.list(variablesDir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith(VARIABLES + ".data-"));
        } catch (IOException e) {
            return false;
        }
    }

    private static String variablesPrefix(Path dir) {
        return dir.resolve(VARIABLES).resolve(VARIABLES).toAbsolutePath().toString();
    }

    private static String describe(NetworkShape s) {
        return "features " + s.featureCount() + ", servers " + s.serverChoices() + ", steps " + s.stepChoices()
                + ", global state " + s.globalStateSize() + ", hidden " + s.hiddenSizes()
                + (s.hasPrior() ? ", prior features from " + s.priorAt() : "")
                + (s.mixesExperts() ? ", " + s.headExperts() + " head experts" : "")
                + (s.trunkExperts() ? " of scope trunk" : "");
    }

    /** The first line of an exception's message (TensorFlow's span several), never empty. */
    static String oneLine(Throwable e) {
        String message = e.getMessage();
        return oneLine(message == null || message.isBlank() ? e.getClass().getSimpleName() : message);
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String first = message.strip().lines().findFirst().orElse("");
        return first.strip();
    }

    /**
     * Writes the actor as a TensorFlow SavedModel into {@code dir} (inputs and outputs in the class comment): a
     * separate inference graph holding only the actor, with the current weights.
     */
    public void exportSavedModel(Path dir) {
        PolicySnapshot snapshot = snapshot();
        try (Graph exportGraph = new Graph()) {
            Ops tf = Ops.create(exportGraph);
            Placeholder<TFloat32> observations = placeholder(tf, OsiGraph.OBSERVATIONS, shape.featureCount());
            Placeholder<TFloat32> offloadMask = placeholder(tf, OsiGraph.OFFLOAD_MASK, shape.offloadChoices());
            Placeholder<TFloat32> serverMask = placeholder(tf, OsiGraph.SERVER_MASK, shape.serverChoices());
            Placeholder<TFloat32> stepsMask = placeholder(tf, OsiGraph.STEPS_MASK, shape.stepChoices());
            ActorNetwork actor = new ActorNetwork(tf, shape, observations, offloadMask, serverMask, stepsMask);
            Signature signature = Signature.builder()
                    .key(Signature.DEFAULT_KEY)
                    .methodName(PREDICT_METHOD)
                    .input(OsiGraph.OBSERVATIONS, observations)
                    .input(OsiGraph.OFFLOAD_MASK, offloadMask)
                    .input(OsiGraph.SERVER_MASK, serverMask)
                    .input(OsiGraph.STEPS_MASK, stepsMask)
                    .output(OsiGraph.OFFLOAD_PROBS, actor.offloadProbs)
                    .output(OsiGraph.SERVER_PROBS, actor.serverProbs)
                    .output(OsiGraph.STEPS_PROBS, actor.stepsProbs)
                    .build();
            try (Session exportSession = new Session(exportGraph, sessionConfig())) {
                List<float[]> weights = new ArrayList<>();
                List<float[]> biases = new ArrayList<>();
                for (int k = 0; k < snapshot.layerCount(); k++) {
                    weights.add(snapshot.weights(k));
                    biases.add(snapshot.biases(k));
                }
                load(exportSession, actor.layers, weights, biases);
                Files.createDirectories(dir);
                SavedModelBundle.exporter(dir.toAbsolutePath().toString())
                        .withSession(exportSession)
                        .withSignature(signature)
                        .export();
            }
        } catch (IOException e) {
            throw new CheckpointException(dir, "cannot export the SavedModel: " + oneLine(e), e);
        }
        LOG.info("Exported the actor (policy version {}) as a SavedModel to {}", version, dir);
    }

    /**
     * The SavedModel signature's method name: TensorFlow Serving's predict method, which takes named inputs and gives
     * named outputs (without it {@code saved_model_cli show} lists an empty method name).
     */
    public static final String PREDICT_METHOD = "tensorflow/serving/predict";

    private static Placeholder<TFloat32> placeholder(Ops tf, String name, int width) {
        return tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, width)));
    }

    @Override
    public void close() {
        try {
            session.close();
        } finally {
            graph.close();
        }
    }
}
