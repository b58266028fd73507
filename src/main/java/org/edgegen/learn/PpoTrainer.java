package org.edgegen.learn;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntUnaryOperator;
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
 * centralised critic reads the agent's observation plus {@link GlobalState} of that slot (with
 * {@code critic = centralised-tasks} also the slot's tasks in the network, counted from the episode); advantages
 * are GAE(γ, λ) along each user's own trajectory (γ = {@code learner.discount}, or {@code mdp.discount} when it is
 * {@code model}, per decision of that user, λ =
 * {@code learner.gae-lambda}), which ends with the episode (its last transition is terminal, no bootstrap). All
 * users' transitions form one batch. Not thread-safe: one owner calls it (the learner actor, or the direct loop).
 * It is longer than 350 lines because the learner levers that shape an update (episodes per update, value
 * normalisation, the warm start's cloning) all act on the one batch this class assembles.
 */
public final class PpoTrainer implements PolicyTrainer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PpoTrainer.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final SystemModel model;
    private final PpoLearner learner;
    private final double gamma;
    private final double lambda;
    private final int episodesPerUpdate;
    /** Whether the critic's global state ends with the slot's tasks in the network. */
    private final boolean readsSlotTasks;
    /** Present when the critic learns normalised returns. */
    private final ValueNorm valueNorm;
    /** Episodes gathered since the last update (fewer than episodes-per-update). */
    private final List<EpisodeExperience> gathered = new ArrayList<>();
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
        this.episodesPerUpdate = settings.episodesPerUpdate();
        this.readsSlotTasks = settings.critic().readsSlotTasks();
        this.valueNorm = settings.normalisesValues() ? new ValueNorm() : null;
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
     * Learns from an episode: gathers it, and once {@code episodes-per-update} episodes are gathered (1 by default:
     * every episode), makes one PPO update from all of them. An episode that completes no update leaves the policy
     * as it is: the step then carries the unchanged snapshot, this episode's mean reward, NaN losses and its
     * transition count. An update without any transition (nobody had a task) leaves the policy as it is too, with
     * NaN figures and 0 transitions.
     */
    @Override
    public TrainingStep train(EpisodeExperience experience) {
        gathered.add(experience);
        if (gathered.size() < episodesPerUpdate) {
            double[] rewards = rewards(experience);
            return new TrainingStep(learner.snapshot(), rewards.length == 0 ? Double.NaN : mean(rewards),
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, rewards.length);
        }
        List<EpisodeExperience> episodes = List.copyOf(gathered);
        gathered.clear();
        Targets targets = targets(episodes);
        if (targets.batch().size() == 0) {
            LOG.warn("episode {} has no transitions: the policy stays at version {}", experience.episode(),
                    learner.version());
            lastUpdate = Optional.empty();
            return new TrainingStep(learner.snapshot(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    0);
        }
        Batch batch = targets.batch();
        if (valueNorm != null) {
            valueNorm.update(targets.returns());
            batch = batch.withReturns(valueNorm.normalise(targets.returns()));
        }
        UpdateStats stats = learner.update(batch);
        lastUpdate = Optional.of(stats);
        double[] own = rewards(experience);
        return new TrainingStep(learner.snapshot(), own.length == 0 ? Double.NaN : mean(own), stats.policyLoss(),
                stats.valueLoss(), stats.entropy(), stats.approxKl(), own.length);
    }

    /** Episodes gathered towards the next update (lost if the run stops before it: not in checkpoints). */
    public int gatheredEpisodes() {
        return gathered.size();
    }

    /**
     * The warm start ({@code edgegen.learner.warm-start}): plays {@code warm-start-episodes} episodes of the
     * baseline on the run seed (episodes 0..), then clones its actions into the actor for
     * {@code warm-start-epochs} passes ({@link PpoLearner#cloneActions}) while the critic learns the baseline's
     * discounted returns (γ of the advantages, no bootstrap). Actions the network's masks forbid are left out.
     * Nothing happens when the settings ask for no warm start, or when the learner has already been updated
     * (a resumed run).
     *
     * @return the cross-entropy before the first and after the last pass, or empty when nothing was done
     */
    public Optional<double[]> warmStart(long runSeed) {
        LearnerSettings settings = learner.settings();
        if (!settings.warmStarts() || learner.version() > 0 || learner.gradientSteps() > 0) {
            return Optional.empty();
        }
        org.edgegen.policy.Policy baseline = new org.edgegen.policy.PolicyCatalog(model)
                .perUser(settings.warmStart())
                .orElseThrow(() -> new IllegalArgumentException("no decentralised baseline " + settings.warmStart()));
        List<EpisodeExperience> episodes = new ArrayList<>();
        for (int e = 0; e < settings.warmStartEpisodes(); e++) {
            episodes.add(DirectTraining.playBaseline(model, baseline, runSeed, e).experience());
        }
        Batch.Builder builder = Batch.builder(learner.shape());
        List<Double> returns = new ArrayList<>();
        int skipped = 0;
        for (EpisodeExperience experience : episodes) {
            double[] credited = trainingRewards(experience);
            SlotGlobalStates globalStates = new SlotGlobalStates(experience);
            int offset = 0;
            for (UserTrajectory trajectory : experience.trajectories()) {
                List<Transition> transitions = trajectory.transitions();
                double[] rewards = Arrays.copyOfRange(credited, offset, offset + transitions.size());
                offset += transitions.size();
                double[] discounted = new double[rewards.length];
                double next = 0;
                for (int k = rewards.length - 1; k >= 0; k--) {
                    next = rewards[k] + gamma * next;
                    discounted[k] = next;
                }
                for (int k = 0; k < rewards.length; k++) {
                    Transition t = transitions.get(k);
                    HeadMasks masks = new HeadMasks(t.offloadMask(), t.serverMask(), t.stepsMask());
                    boolean allowed = masks.offloadValid(t.offloadIndex()) && masks.stepsValid(t.stepIndex())
                            && (t.offloadIndex() == 0 || masks.serverValid(t.serverIndex()));
                    if (!allowed) {
                        skipped++;
                        continue;
                    }
                    builder.add(t.features(), globalStates.of(t.slot()), masks, t.offloadIndex(), t.serverIndex(), t.stepIndex(),
                            0.0);
                    returns.add(discounted[k]);
                }
            }
        }
        if (builder.size() == 0) {
            LOG.warn("warm start from {}: no decisions to imitate", settings.warmStart());
            return Optional.empty();
        }
        double[] targets = returns.stream().mapToDouble(Double::doubleValue).toArray();
        Batch batch = builder.build().withTargets(new double[targets.length], targets);
        if (valueNorm != null) {
            valueNorm.update(targets);
            batch = batch.withReturns(valueNorm.normalise(targets));
        }
        double[] crossEntropy = learner.cloneActions(batch, settings.warmStartEpochs());
        LOG.info("warm start from {}: {} decisions of {} episodes ({} masked, left out), {} passes, cross-entropy "
                + "{} -> {}", settings.warmStart(), builder.size(), episodes.size(), skipped,
                settings.warmStartEpochs(), crossEntropy[0], crossEntropy[crossEntropy.length - 1]);
        return Optional.of(new double[] {crossEntropy[0], crossEntropy[crossEntropy.length - 1]});
    }

    /**
     * The rewards the update learns from, in batch order: the seed's ({@link #rewards}) or, with
     * {@code edgegen.learner.credit = marginal} or {@code marginal-radio}, {@link MarginalCredit}'s.
     */
    private double[] trainingRewards(EpisodeExperience experience) {
        double[] shared = rewards(experience);
        return learner.settings().creditsMarginally()
                ? MarginalCredit.rewards(model, experience, learner.settings().creditsUplinkShare()) : shared;
    }

    /**
     * The critic's global state of each slot of one episode, built once per slot on first use (every user acting in
     * that slot reads the same): {@link GlobalState#of}, or with {@code critic = centralised-tasks}
     * {@link GlobalState#withSlotTasks} of the slot's transitions of all users. The slots must be those of the
     * episode ({@link #rewards} checks them first).
     */
    private final class SlotGlobalStates {

        private final EpisodeExperience experience;
        private final double[][] bySlot;
        /** Per slot, the tasks in the whole network (empty when the critic does not read them). */
        private final int[] slotTasks;

        SlotGlobalStates(EpisodeExperience experience) {
            this.experience = experience;
            this.bySlot = new double[experience.meanCost().length][];
            this.slotTasks = readsSlotTasks ? new int[experience.meanCost().length] : new int[0];
            if (readsSlotTasks) {
                for (UserTrajectory trajectory : experience.trajectories()) {
                    for (Transition t : trajectory.transitions()) {
                        slotTasks[t.slot()]++;
                    }
                }
            }
        }

        double[] of(int slot) {
            if (bySlot[slot] == null) {
                IntToDoubleFunction backlog = bs -> experience.bsBacklogImageSteps()[slot][bs];
                IntUnaryOperator arrivals = bs -> experience.lastArrivals()[slot][bs];
                bySlot[slot] = readsSlotTasks ? GlobalState.withSlotTasks(model, backlog, arrivals, slotTasks[slot])
                        : GlobalState.of(model, backlog, arrivals);
            }
            return bySlot[slot];
        }
    }

    /** r = -meanCost(slot) - r^P of every transition of an episode, users in order. */
    private static double[] rewards(EpisodeExperience experience) {
        double[] rewards = new double[experience.transitionCount()];
        int i = 0;
        for (UserTrajectory trajectory : experience.trajectories()) {
            for (Transition t : trajectory.transitions()) {
                int slot = t.slot();
                if (slot < 0 || slot >= experience.meanCost().length) {
                    throw new IllegalArgumentException("user " + trajectory.userId() + " has a transition"
                            + " in slot " + slot + ", the episode has " + experience.meanCost().length + " slots");
                }
                rewards[i++] = CostModel.reward(experience.meanCost()[slot], t.penalty());
            }
        }
        return rewards;
    }

    /**
     * What an update learns from, in batch order (users in trajectory order, each in slot order): the batch with
     * its advantages and returns, and the rewards and critic values they came from.
     */
    record Targets(Batch batch, double[] rewards, double[] values, double[] advantages, double[] returns) {}

    /** Rewards, the critic's values, and GAE per user trajectory, for the current weights. */
    Targets targets(EpisodeExperience experience) {
        return targets(List.of(experience));
    }

    /**
     * The same for several episodes played with the current policy: one batch, episodes in order (each transition
     * tagged with its episode, for {@code advantage-normalisation = episode}), and GAE along each user's trajectory
     * within each episode.
     */
    Targets targets(List<EpisodeExperience> experiences) {
        Batch.Builder builder = Batch.builder(learner.shape());
        int total = experiences.stream().mapToInt(EpisodeExperience::transitionCount).sum();
        int trajectoryCount = experiences.stream().mapToInt(e -> e.trajectories().size()).sum();
        double[] rewards = new double[total];
        int[] ends = new int[trajectoryCount];
        int i = 0;
        int e = 0;
        long stale = 0;
        for (EpisodeExperience experience : experiences) {
            List<UserTrajectory> trajectories = experience.trajectories();
            double[] credited = trainingRewards(experience);
            SlotGlobalStates globalStates = new SlotGlobalStates(experience);
            builder.episode(experience.episode());
            int k = 0;
            for (int u = 0; u < trajectories.size(); u++) {
                for (Transition t : trajectories.get(u).transitions()) {
                    int slot = t.slot();
                    if (slot < 0 || slot >= experience.meanCost().length) {
                        throw new IllegalArgumentException("user " + trajectories.get(u).userId()
                                + " has a transition in slot " + slot + ", the episode has "
                                + experience.meanCost().length + " slots");
                    }
                    builder.add(t.features(), globalStates.of(slot),
                            new HeadMasks(t.offloadMask(), t.serverMask(), t.stepsMask()), t.offloadIndex(),
                            t.serverIndex(), t.stepIndex(), t.logProb());
                    rewards[i++] = credited[k++];
                    stale += t.policyVersion() == learner.version() ? 0 : 1;
                }
                ends[e++] = i;
            }
        }
        if (stale > 0) {
            LOG.warn("episode {}: {} of {} transitions were made by another policy version than {} (off-policy)",
                    experiences.get(experiences.size() - 1).episode(), stale, i, learner.version());
        }
        Batch batch = builder.build();
        double[] values = learner.values(batch);
        if (valueNorm != null) {
            valueNorm.denormalise(values);
        }
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
        if (valueNorm != null) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new CheckpointException(dir, "cannot create the directory: " + PpoLearner.oneLine(e), e);
            }
            valueNorm.save(dir);
        }
        learner.save(dir);
    }

    /** Restores a checkpoint written by {@link #save}; see {@link PpoLearner#restore}. */
    public void restore(Path dir) {
        learner.restore(dir);
        if (valueNorm != null) {
            valueNorm.restore(dir);
        }
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
