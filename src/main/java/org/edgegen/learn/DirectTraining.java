package org.edgegen.learn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.edgegen.model.SystemModel;
import org.edgegen.model.TrainingLoads;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.SlotState;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.policy.DecentralisedPolicy;
import org.edgegen.policy.Decisions;
import org.edgegen.policy.EpisodeLoop;
import org.edgegen.policy.JointPolicy;
import org.edgegen.policy.Observation;
import org.edgegen.policy.ObservationBuilder;
import org.edgegen.policy.SlotContext;
import org.edgegen.policy.neural.HeadMasks;
import org.edgegen.policy.neural.NeuralPolicy;
import org.edgegen.policy.neural.PolicySample;
import org.edgegen.policy.neural.PolicySnapshot;
import org.edgegen.training.EpisodeExperience;
import org.edgegen.training.EpisodeExperience.UserTrajectory;
import org.edgegen.training.PolicyTrainer;
import org.edgegen.training.RunReport;
import org.edgegen.training.TrainListener;
import org.edgegen.training.TrainRequest;
import org.edgegen.training.Transition;

/**
 * Training without actors, in the calling thread: each episode is played by {@link EpisodeLoop} (at the load the
 * scenario's {@link TrainingLoads} draws for it, if any) with every user
 * sampling its action from the current policy ({@link NeuralPolicy} in stochastic mode, on the user's own
 * observation and policy random stream, as a user actor does), turned into the {@link EpisodeExperience} the
 * learner actor assembles, and learned from before the next episode. The single-threaded reference of the actor
 * engine's training: the same request gives the same slot records, experiences and updates.
 */
public final class DirectTraining {

    /** An episode played with one policy version: its slot records and what the learner learns from. */
    public record PlayedEpisode(List<SlotRecord> records, EpisodeExperience experience) {}

    private DirectTraining() {}

    /** Plays and learns from episodes {@code firstEpisode ..} of the request, calling the listener after each. */
    public static RunReport train(TrainRequest request, PolicyTrainer trainer, TrainListener listener) {
        SystemModel base = SystemModel.of(request.scenario().scenario());
        TrainingLoads loads = request.scenario().training();
        ObservationBuilder baseObservations = new ObservationBuilder(base);
        EpisodeLoop baseLoop = new EpisodeLoop(base);
        for (int episode = request.firstEpisode(); episode < request.firstEpisode() + request.episodes(); episode++) {
            PlayedEpisode played;
            if (loads.draws()) {
                // The episode's own load (edgegen.training.*-range): a model is cheap to derive (no per-user state).
                SystemModel model = SystemModel.of(loads.scenarioOf(base.scenario(), request.seed(), episode));
                played = play(model, trainer.snapshot(), request.seed(), episode);
            } else {
                played = play(base, baseObservations, baseLoop, trainer.snapshot(), request.seed(), episode);
            }
            PolicyTrainer.TrainingStep step = trainer.train(played.experience());
            listener.onEpisode(episode, played.records(), step);
        }
        return RunReport.CLEAN;
    }

    /** Plays one episode with every user sampling from {@code snapshot}. */
    public static PlayedEpisode play(SystemModel model, PolicySnapshot snapshot, long seed, int episode) {
        return play(model, new ObservationBuilder(model), new EpisodeLoop(model), snapshot, seed, episode);
    }

    private static PlayedEpisode play(SystemModel model, ObservationBuilder observations, EpisodeLoop loop,
            PolicySnapshot snapshot, long seed, int episode) {
        NeuralPolicy policy = NeuralPolicy.stochastic(snapshot, observations);
        Recorder recorder = new Recorder(model, policy::sample, policy.name(), observations, model.userCount(),
                model.slotsPerEpisode(), model.cellCount());
        List<SlotRecord> records = loop.play(recorder, seed, episode);
        return new PlayedEpisode(records, recorder.experience(episode, records));
    }

    /**
     * Plays one episode with every user acting by a decentralised {@code policy} (a baseline), recorded as the
     * learner's experience: its actions as head indices, with log-probability 0 and policy version -1.
     */
    public static PlayedEpisode playBaseline(SystemModel model, org.edgegen.policy.Policy policy, long seed,
            int episode) {
        ObservationBuilder observations = new ObservationBuilder(model);
        org.edgegen.policy.ActionSpace space = observations.actionSpace();
        Chooser chooser = (observation, random) -> {
            org.edgegen.policy.Action action = policy.act(observation, random);
            int x = action.offload() ? 1 : 0;
            return new PolicySample(action, x, x == 1 ? action.server() : 0, space.steps().indexOf(action.steps()),
                    0.0, -1);
        };
        Recorder recorder = new Recorder(model, chooser, policy.name(), observations, model.userCount(),
                model.slotsPerEpisode(), model.cellCount());
        List<SlotRecord> records = new EpisodeLoop(model).play(recorder, seed, episode);
        return new PlayedEpisode(records, recorder.experience(episode, records));
    }

    /** A user's choice with its head indices. */
    @FunctionalInterface
    private interface Chooser {
        PolicySample sample(Observation observation, java.util.SplittableRandom random);
    }

    /** The joint policy of the users' copies, keeping each decision and each slot's loads for the learner. */
    private static final class Recorder implements JointPolicy {

        private record Pending(Observation observation, PolicySample sample) {}

        private final SystemModel model;
        private final Chooser policy;
        private final String name;
        private final ObservationBuilder observations;
        private final Pending[][] pending;
        private final double[][] backlogs;
        private final int[][] arrivals;

        Recorder(SystemModel model, Chooser policy, String name, ObservationBuilder observations, int users,
                int slots, int cells) {
            this.model = model;
            this.policy = policy;
            this.name = name;
            this.observations = observations;
            this.pending = new Pending[slots][users];
            this.backlogs = new double[slots][cells];
            this.arrivals = new int[slots][cells];
        }

        @Override
        public Decision[] decide(SlotContext context) {
            Deployment deployment = context.deployment();
            SlotState state = context.state();
            int slot = context.draws().slot();
            for (int b = 0; b < state.cellCount(); b++) {
                backlogs[slot][b] = state.bsBacklogImageSteps(b);
                arrivals[slot][b] = state.lastArrivalCount(b);
            }
            Decision[] decisions = new Decision[deployment.userCount()];
            Arrays.fill(decisions, Decision.NONE);
            for (int n = 0; n < decisions.length; n++) {
                if (context.draws().hasTask(n)) {
                    Observation observation = observations.observe(deployment, state, context.draws(), n);
                    PolicySample sample = policy.sample(observation, DecentralisedPolicy.randomFor(
                            context.draws().seed(), context.draws().episode(), n, slot));
                    pending[slot][n] = new Pending(observation, sample);
                    decisions[n] = Decisions.of(sample.action(), deployment.user(n));
                }
            }
            return decisions;
        }

        /** Every user's transitions (possibly none), with the penalty of each decision's outcome. */
        EpisodeExperience experience(int episode, List<SlotRecord> records) {
            int users = pending.length == 0 ? 0 : pending[0].length;
            List<List<Transition>> byUser = new ArrayList<>(users);
            for (int n = 0; n < users; n++) {
                byUser.add(new ArrayList<>());
            }
            double[] meanCost = new double[records.size()];
            for (SlotRecord record : records) {
                int slot = record.slot();
                meanCost[slot] = record.meanCost();
                for (TaskOutcome outcome : record.outcomes()) {
                    Pending p = pending[slot][outcome.userId()];
                    HeadMasks masks = HeadMasks.of(p.observation(), observations.actionSpace());
                    PolicySample s = p.sample();
                    byUser.get(outcome.userId()).add(new Transition(slot, p.observation().features(),
                            masks.offload(), masks.server(), masks.steps(), s.offloadIndex(), s.serverIndex(),
                            s.stepIndex(), s.logProb(), s.version(), outcome.penalty(),
                            Transition.Credit.of(model, p.observation().task().orElseThrow(), outcome)));
                }
            }
            List<UserTrajectory> trajectories = new ArrayList<>(users);
            for (int n = 0; n < users; n++) {
                trajectories.add(new UserTrajectory(n, List.copyOf(byUser.get(n))));
            }
            return new EpisodeExperience(episode, trajectories, meanCost, backlogs, arrivals);
        }

        @Override
        public String name() {
            return name;
        }
    }
}
