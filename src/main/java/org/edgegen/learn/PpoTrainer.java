package org.edgegen.learn;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.edgegen.config.LearnerSettings;
import org.edgegen.model.SystemModel;
import org.edgegen.model.cost.CostModel;
import org.edgegen.policy.neural.HeadMasks;
import org.edgegen.policy.neural.PolicySnapshot;
import org.edgegen.training.EpisodeExperience;
import org.edgegen.training.EpisodeExperience.UserTrajectory;
import org.edgegen.training.PolicyTrainer;
import org.edgegen.training.Transition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OSI trainer behind the learner actor (MAPPO): turns one episode's experience into one PPO update of a
 * {@link PpoLearner}. Per transition the reward is r = -meanCost(slot) - r^P ({@link CostModel#reward}) and the
 * centralised critic reads the agent's observation plus {@link GlobalState} of that slot; advantages are GAE(γ, λ)
 * along each user's own trajectory (γ = {@code learner.discount}, or {@code mdp.discount} when it is
 * {@code model}, per decision of that user, λ =
 * {@code learner.gae-lambda}), which ends with the episode (its last transition is terminal, no bootstrap). All
 * users' transitions form one batch. Not thread-safe: one owner calls it (the learner actor, or the direct loop).
 */
public final class PpoTrainer implements PolicyTrainer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PpoTrainer.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final SystemModel model;
    private final PpoLearner learner;
    private final double gamma;
    private final double lambda;
    private Optional<UpdateStats> lastUpdate = Optional.empty();

    /**
     * @param model    the scenario's model: observation and action space, cells, discount
     * @param settings the hyper-parameters
     * @param seed     the run seed (initial weights, minibatch order)
     */
    public PpoTrainer(SystemModel model, LearnerSettings settings, long seed) {
        this.model = model;
        this.learner = new PpoLearner(NetworkShape.of(model, settings), settings, seed);
        this.gamma = settings.discountOr(model.scenario().mdp().discount());
        this.lambda = settings.gaeLambda();
    }

    /**
     * A trainer holding a checkpoint's weights, built with the hyper-parameters the checkpoint records (so its
     * hidden sizes and critic need not be repeated in the scenario); the scenario's own settings when it records
     * none. Any problem with the checkpoint is a {@link CheckpointException}.
     */
    public static PpoTrainer restored(SystemModel model, LearnerSettings fallback, Path checkpointDir) {
        Optional<LearnerSettings> recorded = recordedSettings(checkpointDir);
        PpoTrainer trainer = new PpoTrainer(model, recorded.orElse(fallback), 0);
        try {
            trainer.restore(checkpointDir);
            return trainer;
        } catch (RuntimeException e) {
            trainer.close();
            throw e;
        }
    }

    /** The settings in a checkpoint's {@value PpoLearner#INFO_FILE}, if it can be read (restore reports why not). */
    private static Optional<LearnerSettings> recordedSettings(Path checkpointDir) {
        Path info = checkpointDir.resolve(PpoLearner.INFO_FILE);
        if (!Files.isRegularFile(info)) {
            return Optional.empty();
        }
        try {
            CheckpointInfo read = JSON.readValue(Files.readString(info, StandardCharsets.UTF_8), CheckpointInfo.class);
            return Optional.ofNullable(read.settings());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public PolicySnapshot snapshot() {
        return learner.snapshot();
    }

    /** The current policy version (updates done). */
    public long version() {
        return learner.version();
    }

    public NetworkShape shape() {
        return learner.shape();
    }

    public LearnerSettings settings() {
        return learner.settings();
    }

    /** The figures of the last update (also clip fraction and gradient norm), none before the first. */
    public Optional<UpdateStats> lastUpdate() {
        return lastUpdate;
    }

    /**
     * One PPO update from an episode. An episode in which nobody had a task leaves the policy as it is: the step
     * then carries the unchanged snapshot, NaN losses and 0 transitions.
     */
    @Override
    public TrainingStep train(EpisodeExperience experience) {
        Targets targets = targets(experience);
        if (targets.batch().size() == 0) {
            LOG.warn("episode {} has no transitions: the policy stays at version {}", experience.episode(),
                    learner.version());
            lastUpdate = Optional.empty();
            return new TrainingStep(learner.snapshot(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    0);
        }
        UpdateStats stats = learner.update(targets.batch());
        lastUpdate = Optional.of(stats);
        return new TrainingStep(learner.snapshot(), mean(targets.rewards()), stats.policyLoss(), stats.valueLoss(),
                stats.entropy(), stats.approxKl(), targets.batch().size());
    }

    /**
     * What an update learns from, in batch order (users in trajectory order, each in slot order): the batch with
     * its advantages and returns, and the rewards and critic values they came from.
     */
    record Targets(Batch batch, double[] rewards, double[] values, double[] advantages, double[] returns) {}

    /** Rewards, the critic's values, and GAE per user trajectory, for the current weights. */
    Targets targets(EpisodeExperience experience) {
        Batch.Builder builder = Batch.builder(learner.shape());
        List<UserTrajectory> trajectories = experience.trajectories();
        double[] rewards = new double[experience.transitionCount()];
        int[] ends = new int[trajectories.size()];
        int i = 0;
        long stale = 0;
        for (int u = 0; u < trajectories.size(); u++) {
            for (Transition t : trajectories.get(u).transitions()) {
                int slot = t.slot();
                if (slot < 0 || slot >= experience.meanCost().length) {
                    throw new IllegalArgumentException("user " + trajectories.get(u).userId() + " has a transition"
                            + " in slot " + slot + ", the episode has " + experience.meanCost().length + " slots");
                }
                double[] globalState = GlobalState.of(model, bs -> experience.bsBacklogImageSteps()[slot][bs],
                        bs -> experience.lastArrivals()[slot][bs]);
                builder.add(t.features(), globalState, new HeadMasks(t.offloadMask(), t.serverMask(), t.stepsMask()),
                        t.offloadIndex(), t.serverIndex(), t.stepIndex(), t.logProb());
                rewards[i++] = CostModel.reward(experience.meanCost()[slot], t.penalty());
                stale += t.policyVersion() == learner.version() ? 0 : 1;
            }
            ends[u] = i;
        }
        if (stale > 0) {
            LOG.warn("episode {}: {} of {} transitions were made by another policy version than {} (off-policy)",
                    experience.episode(), stale, i, learner.version());
        }
        Batch batch = builder.build();
        double[] values = learner.values(batch);
        double[] advantages = new double[batch.size()];
        double[] returns = new double[batch.size()];
        int start = 0;
        for (int end : ends) {
            int n = end - start;
            if (n > 0) {
                boolean[] dones = new boolean[n];
                dones[n - 1] = true;
                Gae.Targets gae = Gae.compute(slice(rewards, start, end), slice(values, start, end), dones, 0.0,
                        gamma, lambda);
                System.arraycopy(gae.advantages(), 0, advantages, start, n);
                System.arraycopy(gae.returns(), 0, returns, start, n);
            }
            start = end;
        }
        return new Targets(batch.withTargets(advantages, returns), rewards, values, advantages, returns);
    }

    private static double[] slice(double[] values, int from, int to) {
        return Arrays.copyOfRange(values, from, to);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Writes a checkpoint (weights, Adam's state, counters) into {@code dir}; see {@link PpoLearner#save}. */
    public void save(Path dir) {
        learner.save(dir);
    }

    /** Restores a checkpoint written by {@link #save}; see {@link PpoLearner#restore}. */
    public void restore(Path dir) {
        learner.restore(dir);
    }

    /** Exports the actor as a SavedModel (inputs and outputs in {@link PpoLearner}'s class comment). */
    public void exportSavedModel(Path dir) {
        learner.exportSavedModel(dir);
    }

    @Override
    public void close() {
        learner.close();
    }
}
