package org.edgegen.sim;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.edgegen.cluster.CborSerializable;
import org.edgegen.model.InputException;
import org.edgegen.model.SystemModel;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.SlotDraws;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.SlotState;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.policy.SlotContext;
import org.edgegen.training.PolicyTrainer;
import org.edgegen.training.RunReport;
import org.edgegen.training.RunSpec;
import org.edgegen.training.TrainJob;
import org.edgegen.training.TrainListener;
import org.edgegen.training.TrainerHost;

/**
 * The slot clock of a run (a cluster singleton). It starts episodes and slots, collects every BS's slot summary,
 * turns them into one {@link SlotRecord} per slot, and hands each finished episode to the run's listener. A slot
 * phase that does not complete within the timeout is reported, and the episode is re-run from its start (its
 * results are only delivered once the episode has completed), up to the configured number of attempts.
 */
public final class SlotCoordinator extends AbstractBehavior<SlotCoordinator.Command> {

    /** Messages the coordinator understands. */
    public interface Command extends CborSerializable {}

    /**
     * From the run's driver: run {@code episodes} episodes from {@code firstEpisode} on (a driver that lost the
     * coordinator's node goes on from its first undelivered episode) and report to {@code listener}.
     */
    public record StartRun(RunSpec spec, int episodes, double slotTimeoutSeconds, int maxEpisodeAttempts,
            ActorRef<RunEvent> listener, int firstEpisode) implements Command {

        /** A run from episode 0. */
        public StartRun(RunSpec spec, int episodes, double slotTimeoutSeconds, int maxEpisodeAttempts,
                ActorRef<RunEvent> listener) {
            this(spec, episodes, slotTimeoutSeconds, maxEpisodeAttempts, listener, 0);
        }
    }

    /**
     * From a cluster client: train the run with a learner on this node (the node's {@link TrainerHost} opens the
     * trainer, restoring a checkpoint if the job resumes), reporting every learned episode to {@code listener}.
     */
    public record StartHostedTraining(RunSpec spec, TrainJob job, double slotTimeoutSeconds, int maxEpisodeAttempts,
            ActorRef<RunEvent> listener) implements Command {}

    /**
     * From the training driver: play episodes {@code firstEpisode..firstEpisode+episodes-1}, and after each let the
     * learner update the policy before the next starts.
     */
    public record StartTraining(RunSpec spec, int firstEpisode, int episodes, double slotTimeoutSeconds,
            int maxEpisodeAttempts, ActorRef<RunEvent> listener, ActorRef<Learner.Command> learner)
            implements Command {}

    /** From the learner: every node holds policy version {@code version}. */
    public record PolicyReady(long version) implements Command {}

    /** From the learner: it learned from the episode and every node holds the new version. */
    public record Trained(int episode, int attempt, long version) implements Command {}

    /** From the learner: it could not learn from the episode; the run fails with this message. */
    public record LearnerFailed(int episode, String message) implements Command {}

    /** From a BS: it has set up the episode. */
    public record BsReady(int episode, int attempt, int bs, ActorRef<BaseStation.Command> ref) implements Command {}

    /**
     * From a BS: its slot is done. {@code outcomes} are its cell's tasks in user-id order; {@code cellUsers} and
     * {@code userBacklogsSeconds} give each cell user's local backlog for the next slot.
     */
    public record SlotSummary(int episode, int attempt, int slot, int bs, List<TaskOutcome> outcomes,
            double nextBacklogImageSteps, int arrivals, int[] cellUsers, double[] userBacklogsSeconds)
            implements Command {}

    private record PhaseTimeout(int episode, int attempt, int slot) implements Command {}

    /** What the coordinator tells the run's listener. */
    public interface RunEvent extends CborSerializable {}

    /**
     * The coordinator is alive and at this phase (slot -1: an episode's set-up, -2: learning); {@code soFar} counts
     * what the run survived up to now.
     */
    public record Progress(int episode, int attempt, int slot, RunReport soFar) implements RunEvent {}

    /** The coordinator took the run and starts at {@code firstEpisode}; a driver may watch {@code coordinator}. */
    public record Started(ActorRef<Command> coordinator, int firstEpisode) implements RunEvent {}

    /** A hosted training run learned from an episode: its slots and the update (sent to the client). */
    public record EpisodeLearned(int episode, List<SlotRecord> slots, PolicyTrainer.TrainingStep step)
            implements RunEvent {}

    /** A whole episode, delivered once it has completed. */
    public record EpisodeCompleted(int episode, List<SlotRecord> slots) implements RunEvent {}

    /** The run is over. */
    public record RunCompleted(RunReport report) implements RunEvent {}

    /** The run cannot go on; the message says why. {@code userError}: the request itself cannot be run. */
    public record RunFailed(String message, RunReport report, boolean userError) implements RunEvent {

        public RunFailed(String message, RunReport report) {
            this(message, report, false);
        }
    }

    /** Slot number of the episode set-up phase. */
    private static final int SETUP = -1;
    /** Slot number of the phases where the learner works (publishing weights, learning from an episode). */
    private static final int LEARNING = -2;

    private final TimerScheduler<Command> timers;
    private final RunContexts runs;
    private StartRun request;
    private ActorRef<Learner.Command> learner;
    /** The learner this coordinator started for a hosted training run (stopped when the run ends). */
    private ActorRef<Learner.Command> hostedLearner;
    private int learnersStarted;
    private int endEpisode;
    private final List<double[]> slotBacklogs = new ArrayList<>();
    private final List<int[]> slotArrivals = new ArrayList<>();
    private RunContext run;
    private SystemModel model;
    private int cells;
    private int episode;
    private int attempt;
    private int slot;
    private List<ActorRef<BaseStation.Command>> stations;
    private int readyCount;
    private final List<SlotSummary> summaries = new ArrayList<>();
    private final List<SlotRecord> records = new ArrayList<>();
    private double[] bsBacklogs;
    private int[] lastArrivals;
    private double[] userBacklogs;
    private long timeouts;
    private long episodesRerun;
    private long staleMessages;

    private SlotCoordinator(ActorContext<Command> context, TimerScheduler<Command> timers, RunContexts runs) {
        super(context);
        this.timers = timers;
        this.runs = runs;
    }

    public static Behavior<Command> create(RunContexts runs) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new SlotCoordinator(context, timers, runs)));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(StartRun.class, this::onStartRun)
                .onMessage(StartTraining.class, this::onStartTraining)
                .onMessage(StartHostedTraining.class, this::onStartHostedTraining)
                .onMessage(PolicyReady.class, this::onPolicyReady)
                .onMessage(Trained.class, this::onTrained)
                .onMessage(LearnerFailed.class, this::onLearnerFailed)
                .onMessage(BsReady.class, this::onBsReady)
                .onMessage(SlotSummary.class, this::onSlotSummary)
                .onMessage(PhaseTimeout.class, this::onTimeout)
                .build();
    }

    private Behavior<Command> onStartRun(StartRun start) {
        stopHostedLearner();
        begin(start, null, start.firstEpisode());
        start.listener().tell(new Started(getContext().getSelf(), start.firstEpisode()));
        startEpisode(start.firstEpisode(), 0);
        return this;
    }

    private Behavior<Command> onStartHostedTraining(StartHostedTraining start) {
        stopHostedLearner();
        request = null;
        learner = null;
        timers.cancel(PhaseTimeout.class);
        TrainerHost host = runs.trainerHost().orElse(null);
        if (host == null) {
            start.listener().tell(new RunFailed("the node hosting the coordinator ("
                    + getContext().getSystem().address() + ") cannot host a learner: start learner nodes with "
                    + "scripts/edgegen node", RunReport.CLEAN, true));
            return this;
        }
        TrainerHost.Session session;
        try {
            session = host.open(start.spec(), start.job());
        } catch (InputException e) {
            start.listener().tell(new RunFailed(e.getMessage(), RunReport.CLEAN, true));
            return this;
        } catch (RuntimeException e) {
            getContext().getLog().error("could not open the trainer of run {}", start.spec().runId(), e);
            start.listener().tell(new RunFailed("the learner node could not open the trainer: " + e,
                    RunReport.CLEAN));
            return this;
        }
        int first = session.firstEpisode();
        int end = start.job().endEpisode();
        ActorRef<RunEvent> events = start.listener();
        getContext().getLog().info("hosting the learner of run {} on {}: episodes {} to {}{}", start.spec().runId(),
                getContext().getSystem().address(), first, end - 1,
                start.job().recover() ? " (recovering after a lost learner node)" : "");
        if (first >= end) {
            session.close();
            events.tell(new Started(getContext().getSelf(), first));
            events.tell(new RunCompleted(RunReport.CLEAN));
            return this;
        }
        TrainListener hostListener = (episode, slots, step) -> {
            session.afterEpisode(episode, step);
            events.tell(new EpisodeLearned(episode, slots, step));
        };
        hostedLearner = getContext().spawn(Learner.create(start.spec(), session.trainer(), hostListener,
                failure -> { }, session::close), "learner-" + (++learnersStarted));
        return onStartTraining(new StartTraining(start.spec(), first, end - first, start.slotTimeoutSeconds(),
                start.maxEpisodeAttempts(), events, hostedLearner));
    }

    private void stopHostedLearner() {
        if (hostedLearner != null) {
            hostedLearner.tell(Learner.Stop.INSTANCE);
            hostedLearner = null;
        }
    }

    /** Tells the run's listener how it ended and forgets the run. */
    private void endRun(RunEvent outcome) {
        timers.cancel(PhaseTimeout.class);
        request.listener().tell(outcome);
        request = null;
        learner = null;
        stopHostedLearner();
    }

    private Behavior<Command> onStartTraining(StartTraining start) {
        begin(new StartRun(start.spec(), start.episodes(), start.slotTimeoutSeconds(), start.maxEpisodeAttempts(),
                start.listener()), start.learner(), start.firstEpisode());
        start.listener().tell(new Started(getContext().getSelf(), start.firstEpisode()));
        episode = start.firstEpisode();
        attempt = 0;
        slot = LEARNING;
        learner.tell(new Learner.PublishInitial(getContext().getSelf()));
        armTimer(learningTimeout());
        return this;
    }

    private Behavior<Command> onPolicyReady(PolicyReady ready) {
        if (request != null && learner != null && slot == LEARNING) {
            startEpisode(episode, 0);
        }
        return this;
    }

    private Behavior<Command> onTrained(Trained trained) {
        if (request == null || learner == null || slot != LEARNING || !current(trained.episode(), trained.attempt())) {
            return this;
        }
        nextEpisodeOrFinish();
        return this;
    }

    private Behavior<Command> onLearnerFailed(LearnerFailed failed) {
        if (request != null && learner != null) {
            endRun(new RunFailed(failed.message(), report()));
        }
        return this;
    }

    /** Learning may take much longer than a slot; a lost learner is still noticed. */
    private double learningTimeout() {
        return learningTimeoutSeconds(request.slotTimeoutSeconds());
    }

    /** The longest the coordinator waits for the learner, given the slot timeout. */
    static double learningTimeoutSeconds(double slotTimeoutSeconds) {
        return Math.max(120.0, 10 * slotTimeoutSeconds);
    }

    private void begin(StartRun start, ActorRef<Learner.Command> learnerRef, int firstEpisode) {
        request = start;
        learner = learnerRef;
        endEpisode = firstEpisode + start.episodes();
        run = runs.of(start.spec());
        model = run.model();
        cells = model.cellCount();
        timeouts = 0;
        episodesRerun = 0;
        staleMessages = 0;
    }

    private RunReport report() {
        return new RunReport(timeouts, episodesRerun, staleMessages);
    }

    private void startEpisode(int newEpisode, int newAttempt) {
        episode = newEpisode;
        attempt = newAttempt;
        slot = SETUP;
        readyCount = 0;
        stations = new ArrayList<>(Collections.nCopies(cells, null));
        summaries.clear();
        records.clear();
        slotBacklogs.clear();
        slotArrivals.clear();
        bsBacklogs = new double[cells];
        lastArrivals = new int[cells];
        userBacklogs = new double[model.userCount()];
        ClusterSharding sharding = ClusterSharding.get(getContext().getSystem());
        for (int bs = 0; bs < cells; bs++) {
            sharding.entityRefFor(BaseStation.TYPE_KEY, Integer.toString(bs)).tell(new BaseStation.StartEpisode(
                    request.spec(), episode, attempt, getContext().getSelf()));
        }
        armTimer(request.slotTimeoutSeconds());
    }

    private void armTimer(double seconds) {
        request.listener().tell(new Progress(episode, attempt, slot, report()));
        timers.startSingleTimer(PhaseTimeout.class, new PhaseTimeout(episode, attempt, slot),
                Duration.ofMillis(Math.round(seconds * 1000)));
    }

    private boolean current(int msgEpisode, int msgAttempt) {
        if (request != null && msgEpisode == episode && msgAttempt == attempt) {
            return true;
        }
        staleMessages++;
        return false;
    }

    private Behavior<Command> onBsReady(BsReady ready) {
        if (!current(ready.episode(), ready.attempt()) || slot != SETUP) {
            return this;
        }
        if (stations.get(ready.bs()) == null) {
            stations.set(ready.bs(), ready.ref());
            readyCount++;
        }
        if (readyCount == cells) {
            beginSlot(0);
        }
        return this;
    }

    private void beginSlot(int newSlot) {
        slot = newSlot;
        summaries.clear();
        List<Decision> assigned;
        try {
            if (run.perUserPolicy().isPresent() || run.neural()) {
                assigned = List.of();
            } else {
                // the exact search may take a while: tell the driver the run is alive before it starts
                request.listener().tell(new Progress(episode, attempt, slot, report()));
                assigned = jointDecisions();
            }
        } catch (InputException tooLarge) {
            endRun(new RunFailed(tooLarge.getMessage(), report(), true));
            return;
        }
        slotBacklogs.add(bsBacklogs.clone());
        slotArrivals.add(lastArrivals.clone());
        for (ActorRef<BaseStation.Command> station : stations) {
            station.tell(new BaseStation.BeginSlot(episode, attempt, slot, bsBacklogs.clone(), lastArrivals.clone(),
                    assigned));
        }
        armTimer(request.slotTimeoutSeconds());
    }

    /** For a joint policy (Opt) the coordinator decides for everybody, with full information of the slot. */
    private List<Decision> jointDecisions() {
        Deployment deployment = run.deployment(episode);
        SlotState state = new SlotState(userBacklogs, bsBacklogs, lastArrivals);
        SlotDraws draws = SlotDraws.draw(model, deployment, run.seed(), episode, slot);
        return List.of(run.jointPolicy().decide(new SlotContext(deployment, state, draws)));
    }

    private Behavior<Command> onSlotSummary(SlotSummary summary) {
        if (!current(summary.episode(), summary.attempt()) || summary.slot() != slot) {
            return this;
        }
        summaries.add(summary);
        if (summaries.size() < cells) {
            return this;
        }
        List<TaskOutcome> outcomes = new ArrayList<>();
        for (SlotSummary s : summaries) {
            outcomes.addAll(s.outcomes());
            bsBacklogs[s.bs()] = s.nextBacklogImageSteps();
            lastArrivals[s.bs()] = s.arrivals();
            for (int i = 0; i < s.cellUsers().length; i++) {
                userBacklogs[s.cellUsers()[i]] = s.userBacklogsSeconds()[i];
            }
        }
        outcomes.sort(Comparator.comparingInt(TaskOutcome::userId));
        records.add(new SlotRecord(episode, slot, outcomes, SlotRecord.meanCost(outcomes)));
        if (slot + 1 < model.slotsPerEpisode()) {
            beginSlot(slot + 1);
            return this;
        }
        timers.cancel(PhaseTimeout.class);
        if (learner == null) {
            request.listener().tell(new EpisodeCompleted(episode, List.copyOf(records)));
            nextEpisodeOrFinish();
            return this;
        }
        double[] meanCost = records.stream().mapToDouble(SlotRecord::meanCost).toArray();
        learner.tell(new Learner.EpisodeDone(episode, attempt, List.copyOf(records), meanCost,
                slotBacklogs.toArray(double[][]::new), slotArrivals.toArray(int[][]::new), model.userCount(),
                getContext().getSelf()));
        for (ActorRef<BaseStation.Command> station : stations) {
            station.tell(new BaseStation.EndEpisode(episode, attempt, learner));
        }
        slot = LEARNING;
        armTimer(learningTimeout());
        return this;
    }

    private void nextEpisodeOrFinish() {
        timers.cancel(PhaseTimeout.class);
        if (episode + 1 < endEpisode) {
            startEpisode(episode + 1, 0);
            return;
        }
        endRun(new RunCompleted(report()));
    }

    private Behavior<Command> onTimeout(PhaseTimeout timeout) {
        if (request == null || timeout.episode() != episode || timeout.attempt() != attempt
                || timeout.slot() != slot) {
            return this;
        }
        timeouts++;
        TreeSet<Integer> missing = new TreeSet<>();
        for (int bs = 0; bs < cells; bs++) {
            missing.add(bs);
        }
        if (slot == SETUP) {
            for (int bs = 0; bs < cells; bs++) {
                if (stations.get(bs) != null) {
                    missing.remove(bs);
                }
            }
        } else {
            summaries.forEach(s -> missing.remove(s.bs()));
        }
        if (slot == LEARNING) {
            endRun(new RunFailed(String.format("the learner did not finish with episode %d within %.0f s", episode,
                    learningTimeout()), report()));
            return this;
        }
        String phase = slot == SETUP ? "set-up" : "slot " + slot;
        getContext().getLog().warn("timeout: {} of episode {} (attempt {}) did not complete within {} s; no answer "
                + "from base stations {}", phase, episode, attempt + 1, request.slotTimeoutSeconds(), missing);
        if (attempt + 1 < request.maxEpisodeAttempts()) {
            episodesRerun++;
            getContext().getLog().warn("re-running episode {} from its start (attempt {} of {})", episode,
                    attempt + 2, request.maxEpisodeAttempts());
            startEpisode(episode, attempt + 1);
            return this;
        }
        endRun(new RunFailed(String.format(
                "episode %d failed %d times: %s did not complete within %s s (no answer from base stations %s); "
                        + "raise edgegen.sim.slot-timeout-s or edgegen.sim.max-episode-attempts if the run is "
                        + "just slow", episode, request.maxEpisodeAttempts(), phase, request.slotTimeoutSeconds(),
                missing), report()));
        return this;
    }
}
