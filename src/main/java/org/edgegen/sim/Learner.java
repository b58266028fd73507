package org.edgegen.sim;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.edgegen.cluster.CborSerializable;
import org.edgegen.cluster.Wire;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.policy.neural.PolicySnapshot;
import org.edgegen.training.EpisodeExperience;
import org.edgegen.training.PolicyTrainer;
import org.edgegen.training.RunInterruptedException;
import org.edgegen.training.RunSpec;
import org.edgegen.training.TrainListener;
import org.edgegen.training.Transition;

/**
 * The central learner of CTDE training. After each episode it gathers every user's trajectory and the
 * coordinator's per-slot view (shared mean cost, every server's load), has its {@link PolicyTrainer} learn from
 * them, hands the episode to the run's {@link TrainListener}, and sends the new weights once to every node's
 * {@link PolicyBoard}; when every board has installed them it tells the coordinator, which then starts the next
 * episode. So all users act with version v for a whole episode (synchronous, on-policy).
 *
 * <p>The update and the listener (which checkpoints and validates) block for a long time, so they run on the
 * {@value #BLOCKING_DISPATCHER} (a thread pool of their own, see application.conf), one episode at a time, and
 * hand their result back as a message; meanwhile the learner tells the coordinator every {@link #HEARTBEAT} that
 * it is still working, so the coordinator's wait for it never fails a healthy run.
 */
public final class Learner extends AbstractBehavior<Learner.Command> {

    /** Messages the learner understands. */
    public interface Command extends CborSerializable {}

    /** From the coordinator: publish the current weights before the first episode. */
    public record PublishInitial(ActorRef<SlotCoordinator.Command> replyTo) implements Command {}

    /** From the coordinator: an episode is over; here is what only the coordinator knows of it. */
    public record EpisodeDone(int episode, int attempt, List<SlotRecord> records, double[] meanCost,
            double[][] bsBacklogImageSteps, int[][] lastArrivals, int users,
            ActorRef<SlotCoordinator.Command> replyTo) implements Command {}

    /**
     * From a user: its decisions of the episode, in {@code parts} pieces of at most {@code edgegen.sim.chunk-size}
     * transitions (this is piece {@code part}; a user without decisions sends one empty piece).
     */
    public record Trajectory(int episode, int attempt, int userId, int part, int parts, List<Transition> transitions)
            implements Command {

        /** A trajectory in one piece. */
        public Trajectory(int episode, int attempt, int userId, List<Transition> transitions) {
            this(episode, attempt, userId, 0, 1, transitions);
        }
    }

    /**
     * From the coordinator, which gave up waiting for the trajectories of this attempt (a users node was removed,
     * or the wait ran out): if the learner has not started to learn from it, it drops the attempt (and every
     * trajectory of it or of an earlier attempt that still arrives) and answers
     * {@link SlotCoordinator.LearnerAbandoned}; if it has, it answers {@link SlotCoordinator.LearnerWorking}, and
     * its {@code Trained} (or {@code LearnerFailed}) follows as always.
     */
    public record Abandon(int episode, int attempt, ActorRef<SlotCoordinator.Command> replyTo) implements Command {}

    /** From a user whose trajectory could not be sent (too large, or not serializable): the run fails. */
    public record Unsendable(int episode, int attempt, String message) implements Command {}

    /** From a node's board: it installed the weights of this version. */
    public record PolicyInstalled(String runId, long version, ActorRef<PolicyBoard.Command> board)
            implements Command {}

    /** From the driver once the run is over. */
    public enum Stop implements Command { INSTANCE }

    private record BoardsChanged(Receptionist.Listing listing) implements Command {}

    /** The blocking work on one episode is over: its update, or the failure of the trainer or the listener. */
    private record Learned(EpisodeDone episode, PolicyTrainer.TrainingStep step, Throwable failure)
            implements Command, NoSerializationVerificationNeeded {}

    /** The heartbeat timer's tick while the blocking work runs. */
    private enum Beat implements Command { INSTANCE }

    /** The dispatcher of the update, the checkpoints and validation (configured in application.conf). */
    public static final String BLOCKING_DISPATCHER = "edgegen-blocking-dispatcher";
    /** How often the learner tells the coordinator that it is still working on an episode. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(10);

    private final RunSpec spec;
    private final PolicyTrainer trainer;
    private final TrainListener listener;
    private final Consumer<RuntimeException> onFailure;
    private final TimerScheduler<Command> timers;
    private final Executor blocking;
    private final int weightChunkFloats;
    /** The blocking work in progress. */
    private CompletableFuture<?> working = CompletableFuture.completedFuture(null);
    /** The episode the blocking work is on, while it runs: the heartbeat names it. */
    private EpisodeDone learning;
    private Set<ActorRef<PolicyBoard.Command>> boards = Set.of();
    private final TreeMap<Integer, EpisodeDone> done = new TreeMap<>();
    private final TreeMap<Long, Gathered> trajectories = new TreeMap<>();
    /** The attempt (its {@link #key}) learning last started on; -1 before the first. */
    private long started = -1;
    /** Trajectories of this attempt (its {@link #key}) and earlier ones are dropped: the coordinator re-runs it. */
    private long abandoned = -1;
    /** The coordinator of the run (known from its first message), told when a message cannot be sent. */
    private ActorRef<SlotCoordinator.Command> coordinator;
    private PolicySnapshot publishing;
    private final Set<ActorRef<PolicyBoard.Command>> acknowledged = new HashSet<>();
    private Runnable afterPublish;

    private Learner(ActorContext<Command> context, TimerScheduler<Command> timers, RunSpec spec,
            PolicyTrainer trainer, TrainListener listener, Consumer<RuntimeException> onFailure) {
        super(context);
        this.timers = timers;
        this.blocking = context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(BLOCKING_DISPATCHER));
        this.spec = spec;
        this.trainer = trainer;
        this.listener = listener;
        this.onFailure = onFailure;
        this.weightChunkFloats = ScenarioLoader.fromConfig(ConfigFactory.parseString(spec.scenarioHocon())).sim()
                .weightChunkFloats();
        ActorRef<Receptionist.Listing> adapter =
                context.messageAdapter(Receptionist.Listing.class, BoardsChanged::new);
        context.getSystem().receptionist().tell(Receptionist.subscribe(PolicyBoard.KEY, adapter));
    }

    /**
     * @param onFailure told of an exception of the trainer or the listener (e.g. a checkpoint that cannot be
     *                  written); the learner then fails the run at once instead of leaving it to time out
     */
    public static Behavior<Command> create(RunSpec spec, PolicyTrainer trainer, TrainListener listener,
            Consumer<RuntimeException> onFailure) {
        return Behaviors.setup(context -> Behaviors.withTimers(
                timers -> new Learner(context, timers, spec, trainer, listener, onFailure)));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(BoardsChanged.class, this::onBoards)
                .onMessage(PublishInitial.class, this::onPublishInitial)
                .onMessage(EpisodeDone.class, this::onEpisodeDone)
                .onMessage(Trajectory.class, this::onTrajectory)
                .onMessage(Abandon.class, this::onAbandon)
                .onMessage(Unsendable.class, unsendable -> {
                    fail(unsendable.message());
                    return Behaviors.same();
                })
                .onMessage(PolicyInstalled.class, this::onInstalled)
                .onMessage(Learned.class, this::onLearned)
                .onMessageEquals(Beat.INSTANCE, this::onBeat)
                .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                .build();
    }

    private static long key(int episode, int attempt) {
        return ((long) episode << 20) | attempt;
    }

    private Behavior<Command> onBoards(BoardsChanged changed) {
        boards = changed.listing().getServiceInstances(PolicyBoard.KEY);
        if (publishing != null) {
            sendToBoards();
            // a node that left (e.g. the learner's former node) no longer has to acknowledge
            publishedEverywhere();
        }
        return Behaviors.same();
    }

    /** The users' trajectories of one attempt gathered so far, in pieces. */
    private static final class Gathered {
        final java.util.Map<Integer, List<Trajectory>> byUser = new java.util.HashMap<>();
        int completeUsers;

        void add(Trajectory piece) {
            List<Trajectory> parts = byUser.computeIfAbsent(piece.userId(), u -> new ArrayList<>(piece.parts()));
            if (parts.size() < piece.parts()) {
                parts.add(piece);
                if (parts.size() == piece.parts()) {
                    completeUsers++;
                }
            }
        }

        /** Every user's transitions in user-id order, each in its pieces' order. */
        List<EpisodeExperience.UserTrajectory> users() {
            List<EpisodeExperience.UserTrajectory> users = new ArrayList<>(byUser.size());
            new TreeMap<>(byUser).forEach((user, parts) -> {
                List<Transition> transitions = new ArrayList<>();
                parts.stream().sorted((a, b) -> Integer.compare(a.part(), b.part()))
                        .forEach(p -> transitions.addAll(p.transitions()));
                users.add(new EpisodeExperience.UserTrajectory(user, transitions));
            });
            return users;
        }
    }

    /** A message of the run could not be sent across nodes: the run fails at once with this one line. */
    private void fail(String message) {
        getContext().getLog().error("{}", message);
        if (coordinator != null) {
            coordinator.tell(new SlotCoordinator.Unsendable(message));
        }
    }

    private Behavior<Command> onPublishInitial(PublishInitial initial) {
        coordinator = initial.replyTo();
        PolicySnapshot snapshot = trainer.snapshot();
        publish(snapshot, () -> initial.replyTo().tell(new SlotCoordinator.PolicyReady(snapshot.version())));
        return Behaviors.same();
    }

    private Behavior<Command> onEpisodeDone(EpisodeDone episodeDone) {
        coordinator = episodeDone.replyTo();
        done.put(episodeDone.episode(), episodeDone);
        // an aborted attempt's leftovers can go
        done.headMap(episodeDone.episode()).clear();
        trajectories.headMap(key(episodeDone.episode(), episodeDone.attempt())).clear();
        tryTrain(episodeDone);
        return Behaviors.same();
    }

    private Behavior<Command> onTrajectory(Trajectory trajectory) {
        long key = key(trajectory.episode(), trajectory.attempt());
        if (key <= abandoned) {
            return Behaviors.same();
        }
        trajectories.computeIfAbsent(key, k -> new Gathered())
                .add(trajectory);
        EpisodeDone episodeDone = done.get(trajectory.episode());
        if (episodeDone != null && episodeDone.attempt() == trajectory.attempt()) {
            tryTrain(episodeDone);
        }
        return Behaviors.same();
    }

    private Behavior<Command> onAbandon(Abandon abandon) {
        long key = key(abandon.episode(), abandon.attempt());
        if (key == started) {
            abandon.replyTo().tell(new SlotCoordinator.LearnerWorking(abandon.episode(), abandon.attempt()));
            return Behaviors.same();
        }
        abandoned = Math.max(abandoned, key);
        EpisodeDone pending = done.get(abandon.episode());
        if (pending != null && pending.attempt() <= abandon.attempt()) {
            done.remove(abandon.episode());
        }
        trajectories.headMap(key, true).clear();
        abandon.replyTo().tell(new SlotCoordinator.LearnerAbandoned(abandon.episode(), abandon.attempt()));
        return Behaviors.same();
    }

    private void tryTrain(EpisodeDone episodeDone) {
        long key = key(episodeDone.episode(), episodeDone.attempt());
        if (key <= abandoned) {
            return;
        }
        Gathered received = trajectories.getOrDefault(key, new Gathered());
        if (received.completeUsers < episodeDone.users()) {
            return;
        }
        List<EpisodeExperience.UserTrajectory> users = received.users();
        trajectories.remove(key);
        done.remove(episodeDone.episode());
        started = key;
        EpisodeExperience experience = new EpisodeExperience(episodeDone.episode(), users, episodeDone.meanCost(),
                episodeDone.bsBacklogImageSteps(), episodeDone.lastArrivals());
        learning = episodeDone;
        // the heartbeat is running before the work starts (a test on manual time relies on that order)
        timers.startTimerWithFixedDelay(Beat.INSTANCE, Beat.INSTANCE, HEARTBEAT);
        CompletableFuture<PolicyTrainer.TrainingStep> work = CompletableFuture.supplyAsync(() -> {
            PolicyTrainer.TrainingStep step = trainer.train(experience);
            listener.onEpisode(episodeDone.episode(), episodeDone.records(), step);
            return step;
        }, blocking);
        working = work;
        getContext().pipeToSelf(work, (step, failure) -> new Learned(episodeDone, step, failure));
    }

    private Behavior<Command> onBeat() {
        if (learning != null) {
            learning.replyTo().tell(new SlotCoordinator.LearnerWorking(learning.episode(), learning.attempt()));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onLearned(Learned learned) {
        timers.cancel(Beat.INSTANCE);
        learning = null;
        EpisodeDone episodeDone = learned.episode();
        if (learned.failure() != null) {
            Throwable cause = learned.failure() instanceof CompletionException wrapped && wrapped.getCause() != null
                    ? wrapped.getCause() : learned.failure();
            if (cause instanceof RunInterruptedException) {
                // the run's listener stops it (SIGINT, SIGTERM) after this episode: no failure to log
                getContext().getLog().debug("run stopped after episode {}", episodeDone.episode());
            } else {
                getContext().getLog().error("learning from episode {} failed: {}", episodeDone.episode(),
                        cause.toString());
            }
            onFailure.accept(cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause));
            episodeDone.replyTo().tell(new SlotCoordinator.LearnerFailed(episodeDone.episode(),
                    "learning from episode " + episodeDone.episode() + " failed: " + cause.getMessage()));
            return Behaviors.same();
        }
        PolicyTrainer.TrainingStep step = learned.step();
        publish(step.snapshot(), () -> episodeDone.replyTo().tell(new SlotCoordinator.Trained(
                episodeDone.episode(), episodeDone.attempt(), step.snapshot().version())));
        return Behaviors.same();
    }

    private void publish(PolicySnapshot snapshot, Runnable then) {
        publishing = snapshot;
        afterPublish = then;
        acknowledged.clear();
        sendToBoards();
    }

    private void sendToBoards() {
        for (ActorRef<PolicyBoard.Command> board : boards) {
            if (!acknowledged.contains(board)) {
                try {
                    PolicyBoard.send(getContext().getSystem(), board, spec.runId(), publishing,
                            getContext().getSelf(), weightChunkFloats);
                } catch (Wire.UnsendableException e) {
                    fail(e.getMessage());
                    return;
                }
            }
        }
    }

    private Behavior<Command> onInstalled(PolicyInstalled installed) {
        if (publishing == null || installed.version() != publishing.version()
                || !installed.runId().equals(spec.runId())) {
            return Behaviors.same();
        }
        acknowledged.add(installed.board());
        publishedEverywhere();
        return Behaviors.same();
    }

    /** Goes on once every node's board holds the weights being published. */
    private void publishedEverywhere() {
        if (publishing != null && !boards.isEmpty() && acknowledged.containsAll(boards)) {
            publishing = null;
            Runnable then = afterPublish;
            afterPublish = null;
            then.run();
        }
    }
}
