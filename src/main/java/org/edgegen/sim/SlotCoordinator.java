package org.edgegen.sim;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.RecipientRef;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.BehaviorBuilder;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.ClusterEvent;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.edgegen.cluster.CborSerializable;
import org.edgegen.cluster.Roles;
import org.edgegen.cluster.Wire;
import org.edgegen.model.InputException;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.topology.Topology;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.SlotDraws;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.policy.SlotContext;
import org.edgegen.training.RunReport;
import org.edgegen.training.RunSpec;

/**
 * The slot clock of a run (a cluster singleton). It starts episodes and slots, collects every BS's slot summary,
 * turns them into one {@link SlotRecord} per slot, and hands each finished episode to the run's listener. A slot
 * phase that does not complete within the timeout is reported, and the episode is re-run from its start (its
 * results are only delivered once the episode has completed), up to the configured number of attempts.
 *
 * <p>One behaviour per phase: idle, setting up an episode, running a slot, and waiting for the learner (while
 * it publishes the first weights or learns from the episode just played); each takes the state it needs as
 * arguments (the {@link CoordinatedRun}, the {@code Attempt}, the {@link EpisodeSoFar}) and hands the next phase
 * its own. Over 350 lines because its protocol (the messages of the run's driver, the BSs and the learner, with the
 * pieces results and summaries cross nodes in: about 200 lines) is nested here, as for every actor.
 */
public final class SlotCoordinator {

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
     * From the training driver: play episodes {@code firstEpisode..firstEpisode+episodes-1}, and after each let the
     * learner update the policy before the next starts.
     */
    public record StartTraining(RunSpec spec, int firstEpisode, int episodes, double slotTimeoutSeconds,
            int maxEpisodeAttempts, ActorRef<RunEvent> listener, ActorRef<Learner.Command> learner)
            implements Command {}

    /**
     * From a stepper that chooses every user's action itself (the gRPC bridge): play episode {@code episode} one
     * slot at a time, each slot when its {@link PlaySlot} arrives, and report every slot with {@link SlotPlayed}.
     * The run's policy is {@link RunContext#EXTERNAL}. Local runs only: a {@code PlaySlot} holds every user's
     * decision.
     */
    public record StartStepped(RunSpec spec, int episode, double slotTimeoutSeconds, int maxEpisodeAttempts,
            ActorRef<RunEvent> listener) implements Command {}

    /** From the stepper of a {@link StartStepped} run: every user's decision of slot {@code slot}, in user order. */
    public record PlaySlot(int episode, int slot, List<Decision> decisions) implements Command {}

    /** From the learner: every node holds policy version {@code version}. */
    public record PolicyReady(long version) implements Command {}

    /** From the learner: it learned from the episode and every node holds the new version. */
    public record Trained(int episode, int attempt, long version) implements Command {}

    /**
     * From the learner while it works off the actor threads (an update, a checkpoint, validation): it is alive, so
     * the wait for it starts again. Sent every {@link Learner#HEARTBEAT}.
     */
    public record LearnerWorking(int episode, int attempt) implements Command {}

    /**
     * From the learner, the answer to a {@link Learner.Abandon}: it had not started to learn from that attempt, and
     * now never will (it drops the attempt's trajectories, and any that arrive later), so the episode can be re-run.
     * Had it started, it answers {@link LearnerWorking} instead.
     */
    public record LearnerAbandoned(int episode, int attempt) implements Command {}

    /** From the learner: it could not learn from the episode; the run fails with this message. */
    public record LearnerFailed(int episode, String message) implements Command {}

    /** From a BS: it has set up the episode. */
    public record BsReady(int episode, int attempt, int bs, ActorRef<BaseStation.Command> ref) implements Command {}

    /**
     * From a BS: its slot is done, in {@code parts} pieces (this is piece {@code part}) so that no message grows
     * with the users of a cell. {@code outcomes} are a run of its cell's tasks in user-id order (at most
     * {@code edgegen.sim.chunk-size} of them); {@code cellUsers} and {@code userBacklogsSeconds} give a run of at
     * most as many cell users' local backlogs for the next slot; every piece carries the server's next backlog and
     * its arrivals.
     */
    public record SlotSummary(int episode, int attempt, int slot, int bs, int part, int parts,
            List<TaskOutcome> outcomes, double nextBacklogImageSteps, int arrivals, int[] cellUsers,
            double[] userBacklogsSeconds) implements Command {

        /** A summary in one piece. */
        public SlotSummary(int episode, int attempt, int slot, int bs, List<TaskOutcome> outcomes,
                double nextBacklogImageSteps, int arrivals, int[] cellUsers, double[] userBacklogsSeconds) {
            this(episode, attempt, slot, bs, 0, 1, outcomes, nextBacklogImageSteps, arrivals, cellUsers,
                    userBacklogsSeconds);
        }

        /** A cell's summary in pieces of at most {@code chunk} outcomes and {@code chunk} users each. */
        static List<SlotSummary> pieces(int episode, int attempt, int slot, int bs, List<TaskOutcome> outcomes,
                double nextBacklogImageSteps, int arrivals, int[] cellUsers, double[] userBacklogsSeconds,
                int chunk) {
            int parts = Math.max(1, Math.max(Chunks.count(outcomes.size(), chunk),
                    Chunks.count(cellUsers.length, chunk)));
            List<SlotSummary> pieces = new ArrayList<>(parts);
            for (int part = 0; part < parts; part++) {
                int from = Math.min(outcomes.size(), part * chunk);
                int to = Math.min(outcomes.size(), from + chunk);
                int userFrom = Math.min(cellUsers.length, part * chunk);
                int userTo = Math.min(cellUsers.length, userFrom + chunk);
                pieces.add(new SlotSummary(episode, attempt, slot, bs, part, parts,
                        List.copyOf(outcomes.subList(from, to)), nextBacklogImageSteps, arrivals,
                        java.util.Arrays.copyOfRange(cellUsers, userFrom, userTo),
                        java.util.Arrays.copyOfRange(userBacklogsSeconds, userFrom, userTo)));
            }
            return pieces;
        }
    }

    /**
     * From a node's actor (a user, the learner's board) that could not send a message across nodes (it was over
     * the frame size, or not serializable): the run fails with {@code message} at once.
     */
    public record Unsendable(String message) implements Command {}

    private record PhaseTimeout(int episode, int attempt, int slot) implements Command {}

    /**
     * A node with the {@code users} role was removed from the cluster (downed, or left): from this node's cluster
     * events, never sent across nodes. Its {@code address} is a node address (bounded).
     */
    record UsersNodeRemoved(String address) implements Command {}

    /**
     * The listener (client driver) of run {@code runId} at {@code address} stopped: from a local watch only.
     * {@code remote}: the listener was on another node (a client's); else on this one, where the run itself ended.
     */
    private record ClientGone(String runId, String address, boolean remote) implements Command {}

    /**
     * From the run's side when it stops early (its listener was interrupted by SIGINT or SIGTERM): drop run
     * {@code runId} now, so that no further slot is started while the nodes shut down; answered when done (also
     * when the run is not, or no longer, this coordinator's).
     */
    public record StopRun(String runId, ActorRef<RunStopped> replyTo) implements Command {}

    /** The answer to {@link StopRun}. */
    public record RunStopped(String runId) implements CborSerializable {}

    /** What the coordinator tells the run's listener. */
    public interface RunEvent extends CborSerializable {}

    /**
     * The coordinator is alive and at this phase (slot -1: an episode's set-up, -2: learning); {@code soFar} counts
     * what the run survived up to now.
     */
    public record Progress(int episode, int attempt, int slot, RunReport soFar) implements RunEvent {}

    /** The coordinator took the run and starts at {@code firstEpisode}; a driver may watch {@code coordinator}. */
    public record Started(ActorRef<Command> coordinator, int firstEpisode) implements RunEvent {}

    /**
     * A piece of a finished episode's results: the mean cost and at most {@code edgegen.sim.chunk-size} outcomes
     * (in user-id order) of one slot; a slot with more active users comes in several pieces, {@code part} 0, 1, ...
     * An episode's pieces are sent, in order, only once it has completed, and just before its
     * {@link EpisodeCompleted}.
     */
    public record SlotPart(int episode, int attempt, int slot, double meanCost, int part,
            List<TaskOutcome> outcomes) implements RunEvent {}

    /** A whole episode has completed; its {@code pieces} {@link SlotPart}s came just before. */
    public record EpisodeCompleted(int episode, int attempt, int pieces) implements RunEvent {}

    /**
     * A slot of a {@link StartStepped} run is done: its outcomes (in user-id order), its mean cost, and the loads
     * the next slot starts from (every user's local backlog, every BS's backlog and arrivals). A slot re-played
     * after a timeout is reported again, with the same numbers.
     */
    public record SlotPlayed(int episode, int attempt, int slot, List<TaskOutcome> outcomes, double meanCost,
            double[] userBacklogsSeconds, double[] bsBacklogsImageSteps, int[] lastArrivals) implements RunEvent {}

    /** The run is over. */
    public record RunCompleted(RunReport report) implements RunEvent {}

    /** The run cannot go on; the message says why. {@code userError}: the request itself cannot be run. */
    public record RunFailed(String message, RunReport report, boolean userError) implements RunEvent {

        public RunFailed(String message, RunReport report) {
            this(message, report, false);
        }
    }

    /** The set-up's wait is started again at most this often (a re-arm also sends the driver a Progress). */
    private static final long REARM_NANOS = 1_000_000_000L;
    /** Slot number of the episode set-up phase in {@link Progress} and timeouts. */
    private static final int SETUP = -1;
    /** Slot number of the phases where the learner works (publishing weights, learning from an episode). */
    private static final int LEARNING = -2;

    /** Which attempt of which episode a phase belongs to; messages of any other are stale. */
    record Attempt(int episode, int attempt) {}

    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final RunContexts runs;
    private final IntFunction<RecipientRef<BaseStation.Command>> stationsById;
    /** Runs this coordinator stopped because their client was gone. */
    private long clientsLost;

    private SlotCoordinator(ActorContext<Command> context, TimerScheduler<Command> timers, RunContexts runs,
            IntFunction<RecipientRef<BaseStation.Command>> stationsById) {
        this.context = context;
        this.timers = timers;
        this.runs = runs;
        this.stationsById = stationsById;
        // the behaviours are built by Behaviors.receive: name the log after the actor, not after Akka's cell
        context.setLoggerName(SlotCoordinator.class);
    }

    /** The coordinator of this node's runs; it finds the base stations through Cluster Sharding. */
    public static Behavior<Command> create(RunContexts runs) {
        return Behaviors.setup(context -> {
            ClusterSharding sharding = ClusterSharding.get(context.getSystem());
            // a users node removed while the learner waits for an episode's trajectories took some with it
            ActorRef<ClusterEvent.MemberRemoved> removed = context.messageAdapter(ClusterEvent.MemberRemoved.class,
                    event -> new UsersNodeRemoved(event.member().hasRole(Roles.USERS)
                            ? event.member().address().toString() : ""));
            Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(removed,
                    ClusterEvent.MemberRemoved.class));
            return create(runs, bs -> sharding.entityRefFor(BaseStation.TYPE_KEY, Integer.toString(bs)));
        });
    }

    /** A coordinator that sends each episode's {@code StartEpisode} to {@code stationsById.apply(bs)}. */
    static Behavior<Command> create(RunContexts runs, IntFunction<RecipientRef<BaseStation.Command>> stationsById) {
        return Behaviors.setup(context -> Behaviors.withTimers(
                timers -> new SlotCoordinator(context, timers, runs, stationsById).idle()));
    }

    /** Entities an episode's set-up may take per slot timeout before its wait grows with them. */
    static final int SETUP_ENTITIES_PER_TIMEOUT = 10_000;

    /**
     * The longest an episode's set-up may go without a BS reporting ready: the slot timeout, times the users and
     * cells in units of {@link #SETUP_ENTITIES_PER_TIMEOUT} when there are more (creating and joining a hundred
     * thousand entities takes longer than any slot).
     */
    static double setupTimeoutSeconds(double slotTimeoutSeconds, int users, int cells) {
        return slotTimeoutSeconds * Math.max(1.0, (users + (double) cells) / SETUP_ENTITIES_PER_TIMEOUT);
    }

    /** The longest the coordinator waits for the learner without a sign of life, given the slot timeout. */
    static double learningTimeoutSeconds(double slotTimeoutSeconds) {
        return Math.max(120.0, 10 * slotTimeoutSeconds);
    }

    // ---- idle: no run ----

    private Behavior<Command> idle() {
        return starts(Optional.empty()).onAnyMessage(message -> Behaviors.same()).build();
    }

    /** What every phase takes first: a new run, which replaces the current one. */
    private BehaviorBuilder<Command> starts(Optional<CoordinatedRun> current) {
        return Behaviors.receive(Command.class)
                .onMessage(ClientGone.class, gone -> current.isPresent()
                        && current.get().request.spec().runId().equals(gone.runId())
                        ? clientGone(current.get(), gone) : Behaviors.same())
                .onMessage(StopRun.class, stop -> {
                    stop.replyTo().tell(new RunStopped(stop.runId()));
                    if (current.isEmpty() || !current.get().request.spec().runId().equals(stop.runId())) {
                        return Behaviors.same();
                    }
                    context.getLog().info("run {} stopped by its client", stop.runId());
                    timers.cancel(PhaseTimeout.class);
                    return idle();
                })
                .onMessage(StartRun.class, this::startRun)
                .onMessage(StartTraining.class, this::startTraining)
                .onMessage(StartStepped.class, this::startStepped);
    }

    /** What every phase of a run takes last: a failed learner ends it, other attempts' messages count as stale. */
    private Behavior<Command> closing(BehaviorBuilder<Command> phase, CoordinatedRun run, Attempt at) {
        return phase
                .onMessage(LearnerFailed.class, failed -> run.learner.isPresent()
                        ? endRun(run, new RunFailed(failed.message(), run.report()))
                        : Behaviors.same())
                .onMessage(Unsendable.class, failed -> unsendable(run, failed.message()))
                .onMessage(PlaySlot.class, play -> {
                    // a stepper's decisions that came before the slot's phase (while the episode was set up)
                    if (run.stepped && play.episode() == at.episode()
                            && play.slot() == run.steppedDecisions.size()) {
                        run.steppedDecisions.add(List.copyOf(play.decisions()));
                    }
                    return Behaviors.same();
                })
                .onMessage(BsReady.class, ready -> {
                    run.current(at, ready.episode(), ready.attempt());
                    return Behaviors.same();
                })
                .onMessage(SlotSummary.class, summary -> {
                    run.current(at, summary.episode(), summary.attempt());
                    return Behaviors.same();
                })
                .onAnyMessage(message -> Behaviors.same())
                .build();
    }

    private Behavior<Command> startRun(StartRun start) {
        CoordinatedRun run = watchingItsClient(new CoordinatedRun(start, Optional.empty(), start.firstEpisode(),
                runs.of(start.spec())));
        start.listener().tell(new Started(context.getSelf(), start.firstEpisode()));
        return settingUp(run, new Attempt(start.firstEpisode(), 0));
    }

    private Behavior<Command> startStepped(StartStepped start) {
        StartRun request = new StartRun(start.spec(), 1, start.slotTimeoutSeconds(), start.maxEpisodeAttempts(),
                start.listener(), start.episode());
        CoordinatedRun run = watchingItsClient(new CoordinatedRun(request, Optional.empty(), start.episode(),
                runs.of(start.spec()), true));
        start.listener().tell(new Started(context.getSelf(), start.episode()));
        return settingUp(run, new Attempt(start.episode(), 0));
    }

    private Behavior<Command> startTraining(StartTraining start) {
        StartRun request = new StartRun(start.spec(), start.episodes(), start.slotTimeoutSeconds(),
                start.maxEpisodeAttempts(), start.listener());
        CoordinatedRun run = watchingItsClient(new CoordinatedRun(request, Optional.of(start.learner()),
                start.firstEpisode(), runs.of(start.spec())));
        start.listener().tell(new Started(context.getSelf(), start.firstEpisode()));
        Attempt at = new Attempt(start.firstEpisode(), 0);
        start.learner().tell(new Learner.PublishInitial(context.getSelf()));
        return waitingForLearner(run, at, false);
    }

    /**
     * Watches the run's listener (its client's driver): when it is gone (the client's JVM was killed and its node
     * removed, or it stopped) the run is stopped, since nobody is left to write its files ({@link ClientGone}).
     */
    private CoordinatedRun watchingItsClient(CoordinatedRun run) {
        ActorRef<RunEvent> client = run.request.listener();
        context.unwatch(client);
        context.watchWith(client, new ClientGone(run.request.spec().runId(), client.path().address().toString(),
                client.path().address().hasGlobalScope()));
        return run;
    }

    /** The run's client is gone: stop the run here (its files are the client's) and say so in this node's log. */
    private Behavior<Command> clientGone(CoordinatedRun run, ClientGone gone) {
        if (!gone.remote()) {
            // a run played on this node (local mode, or a run of the run manager) whose driver stopped it (a stop
            // request, a failure): no client was lost, the StopRun that follows finds the run already dropped
            context.getLog().info("run {} stopped: its listener on this node ended", gone.runId());
        } else {
            clientsLost++;
            context.getLog().warn("fault: the driver of run {} at {} is gone (its node left the cluster); the run "
                    + "stops here, and the cluster's run manager, which played it on that node, goes on with it on "
                    + "the node that takes over ({} run(s) lost their driver on this coordinator)",
                    gone.runId(), gone.address(), clientsLost);
        }
        timers.cancel(PhaseTimeout.class);
        // the learner belongs to the client's run too: nobody needs it now
        run.learner.ifPresent(learner -> learner.tell(Learner.Stop.INSTANCE));
        return idle();
    }

    /** Tells the run's listener how it ended and forgets the run. */
    private Behavior<Command> endRun(CoordinatedRun run, RunEvent outcome) {
        timers.cancel(PhaseTimeout.class);
        run.request.listener().tell(outcome);
        return idle();
    }

    /** Starts the wait for a phase, then tells the driver the run is alive (so the timer runs when it hears). */
    private void arm(CoordinatedRun run, Attempt at, int slot, double seconds) {
        timers.startSingleTimer(PhaseTimeout.class, new PhaseTimeout(at.episode(), at.attempt(), slot),
                Duration.ofMillis(Math.round(seconds * 1000)));
        run.request.listener().tell(new Progress(at.episode(), at.attempt(), slot, run.report()));
    }

    private static boolean isFor(PhaseTimeout timeout, Attempt at, int slot) {
        return timeout.episode() == at.episode() && timeout.attempt() == at.attempt() && timeout.slot() == slot;
    }

    // ---- setting up an episode: every BS gathers its users and neighbours ----

    private Behavior<Command> settingUp(CoordinatedRun run, Attempt at) {
        for (int bs = 0; bs < run.cells(); bs++) {
            stationsById.apply(bs).tell(new BaseStation.StartEpisode(run.request.spec(), at.episode(), at.attempt(),
                    context.getSelf()));
        }
        arm(run, at, SETUP, run.setupTimeoutSeconds());
        return settingUp(run, at, new ArrayList<>(Collections.nCopies(run.cells(), null)), 0,
                new long[] {System.nanoTime()});
    }

    /**
     * The set-up waits for every BS's {@link BsReady}; each one that comes at least a second after the last re-arm
     * starts the wait again (and tells the driver the run is alive), so a large set-up that makes progress never
     * times out, and one that stalls for {@link CoordinatedRun#setupTimeoutSeconds} does.
     */
    private Behavior<Command> settingUp(CoordinatedRun run, Attempt at, List<ActorRef<BaseStation.Command>> stations,
            int ready, long[] armedNanos) {
        return closing(starts(Optional.of(run))
                .onMessage(BsReady.class, msg -> msg.episode() == at.episode() && msg.attempt() == at.attempt(),
                        msg -> {
                            if (stations.get(msg.bs()) != null) {
                                return Behaviors.same();
                            }
                            stations.set(msg.bs(), msg.ref());
                            if (ready + 1 < run.cells()) {
                                long now = System.nanoTime();
                                if (now - armedNanos[0] >= REARM_NANOS) {
                                    armedNanos[0] = now;
                                    arm(run, at, SETUP, run.setupTimeoutSeconds());
                                }
                                return settingUp(run, at, stations, ready + 1, armedNanos);
                            }
                            return beginSlot(run, at, List.copyOf(stations),
                                    new EpisodeSoFar(at.episode(), run.cells(), run.model.userCount()), 0);
                        })
                .onMessage(PhaseTimeout.class, timeout -> isFor(timeout, at, SETUP), timeout -> {
                    TreeSet<Integer> missing = new TreeSet<>();
                    for (int bs = 0; bs < run.cells(); bs++) {
                        if (stations.get(bs) == null) {
                            missing.add(bs);
                        }
                    }
                    return timedOut(run, at, "set-up", missing, run.setupTimeoutSeconds());
                }), run, at);
    }

    // ---- running a slot: the BSs play it and each sends its summary ----

    private Behavior<Command> beginSlot(CoordinatedRun run, Attempt at, List<ActorRef<BaseStation.Command>> stations,
            EpisodeSoFar soFar, int slot) {
        List<Decision> assigned;
        try {
            if (run.stepped) {
                if (slot >= run.steppedDecisions.size()) {
                    return awaitingDecisions(run, at, stations, soFar, slot);
                }
                // the stepper's decisions (on a re-run after a timeout, the ones it gave the first time)
                assigned = run.steppedDecisions.get(slot);
            } else if (run.context.perUserPolicy().isPresent() || run.context.neural()) {
                assigned = List.of();
            } else {
                // the exact search may take a while: tell the driver the run is alive before it starts
                run.request.listener().tell(new Progress(at.episode(), at.attempt(), slot, run.report()));
                assigned = jointDecisions(run, at, soFar, slot);
            }
        } catch (InputException tooLarge) {
            return endRun(run, new RunFailed(tooLarge.getMessage(), run.report(), true));
        }
        soFar.beginSlot();
        Deployment deployment = assigned.isEmpty() ? null : run.context.deployment(at.episode());
        // Each BS gets the loads of its own users' candidate servers only (itself and its neighbours): every BS's
        // load in every BeginSlot and SlotStart was B values per message, N·B per slot across the wire.
        double[] bsBacklogs = soFar.bsBacklogs();
        int[] lastArrivals = soFar.lastArrivals();
        Topology topology = run.context.model().topology();
        for (int bs = 0; bs < stations.size(); bs++) {
            List<Integer> servers = topology.candidates(bs);
            double[] candidateBacklogs = new double[servers.size()];
            int[] candidateArrivals = new int[servers.size()];
            for (int k = 0; k < servers.size(); k++) {
                candidateBacklogs[k] = bsBacklogs[servers.get(k)];
                candidateArrivals[k] = lastArrivals[servers.get(k)];
            }
            // a joint policy's decisions: each BS gets its own cell's, in cell-user order
            List<Decision> cell = List.of();
            if (deployment != null) {
                int[] cellUsers = deployment.usersOfCell(bs);
                Decision[] ofCell = new Decision[cellUsers.length];
                for (int i = 0; i < cellUsers.length; i++) {
                    ofCell[i] = assigned.get(cellUsers[i]);
                }
                cell = List.of(ofCell);
            }
            stations.get(bs).tell(new BaseStation.BeginSlot(at.episode(), at.attempt(), slot, candidateBacklogs,
                    candidateArrivals, cell));
        }
        arm(run, at, slot, run.request.slotTimeoutSeconds());
        return runningSlot(run, at, stations, soFar, slot, new SlotPieces(run.cells()));
    }

    /**
     * A stepped run waits for the stepper's decisions of {@code slot}, without a timeout: the stepper's caller may
     * take as long as it likes between slots (a new run replaces this one).
     */
    private Behavior<Command> awaitingDecisions(CoordinatedRun run, Attempt at,
            List<ActorRef<BaseStation.Command>> stations, EpisodeSoFar soFar, int slot) {
        timers.cancel(PhaseTimeout.class);
        return closing(starts(Optional.of(run))
                .onMessage(PlaySlot.class, play -> play.episode() == at.episode() && play.slot() == slot, play -> {
                    if (play.decisions().size() != run.model.userCount()) {
                        return endRun(run, new RunFailed(play.decisions().size() + " decisions for "
                                + run.model.userCount() + " users", run.report(), true));
                    }
                    run.steppedDecisions.add(List.copyOf(play.decisions()));
                    return beginSlot(run, at, stations, soFar, slot);
                }), run, at);
    }

    /** The pieces of one slot's summaries received so far (owned by that slot's phase). */
    private static final class SlotPieces {
        final List<SlotSummary> summaries = new ArrayList<>();
        final int[] received;
        final boolean[] complete;
        int completeCells;

        SlotPieces(int cells) {
            received = new int[cells];
            complete = new boolean[cells];
        }

        /** Whether this piece completed its BS's summary. */
        boolean add(SlotSummary piece) {
            if (complete[piece.bs()]) {
                return false;
            }
            summaries.add(piece);
            if (++received[piece.bs()] == piece.parts()) {
                complete[piece.bs()] = true;
                completeCells++;
                return true;
            }
            return false;
        }
    }

    /** For a joint policy (Opt) the coordinator decides for everybody, with full information of the slot. */
    private static List<Decision> jointDecisions(CoordinatedRun run, Attempt at, EpisodeSoFar soFar, int slot) {
        Deployment deployment = run.context.deployment(at.episode());
        SlotDraws draws = SlotDraws.draw(run.model, deployment, run.context.seed(), at.episode(), slot);
        return List.of(run.context.jointPolicy().decide(new SlotContext(deployment, soFar.state(), draws)));
    }

    private Behavior<Command> runningSlot(CoordinatedRun run, Attempt at, List<ActorRef<BaseStation.Command>> stations,
            EpisodeSoFar soFar, int slot, SlotPieces pieces) {
        return closing(starts(Optional.of(run))
                .onMessage(SlotSummary.class, msg -> msg.episode() == at.episode() && msg.attempt() == at.attempt(),
                        msg -> {
                            if (msg.slot() != slot) {
                                return Behaviors.same();
                            }
                            if (!pieces.add(msg) || pieces.completeCells < run.cells()) {
                                return Behaviors.same();
                            }
                            soFar.endSlot(slot, pieces.summaries);
                            if (run.stepped) {
                                run.request.listener().tell(soFar.played(at.attempt(), slot));
                            }
                            if (slot + 1 < run.model.slotsPerEpisode()) {
                                return beginSlot(run, at, stations, soFar, slot + 1);
                            }
                            return episodeOver(run, at, stations, soFar);
                        })
                .onMessage(PhaseTimeout.class, timeout -> isFor(timeout, at, slot), timeout -> {
                    TreeSet<Integer> missing = new TreeSet<>();
                    for (int bs = 0; bs < run.cells(); bs++) {
                        if (!pieces.complete[bs]) {
                            missing.add(bs);
                        }
                    }
                    return timedOut(run, at, "slot " + slot, missing, run.request.slotTimeoutSeconds());
                }), run, at);
    }

    private Behavior<Command> episodeOver(CoordinatedRun run, Attempt at, List<ActorRef<BaseStation.Command>> stations,
            EpisodeSoFar soFar) {
        timers.cancel(PhaseTimeout.class);
        if (run.learner.isEmpty()) {
            ActorRef<RunEvent> listener = run.request.listener();
            List<SlotPart> pieces = Chunks.slotParts(at.episode(), at.attempt(), soFar.records(),
                    run.context.sim().chunkSize());
            try {
                for (SlotPart piece : pieces) {
                    Wire.check(context.getSystem(), listener, piece);
                }
            } catch (Wire.UnsendableException e) {
                return unsendable(run, e.getMessage());
            }
            pieces.forEach(listener::tell);
            listener.tell(new EpisodeCompleted(at.episode(), at.attempt(), pieces.size()));
            return nextEpisodeOrFinish(run, at);
        }
        ActorRef<Learner.Command> learner = run.learner.get();
        Learner.EpisodeDone episodeDone = new Learner.EpisodeDone(at.episode(), at.attempt(), soFar.records(),
                soFar.meanCosts(), soFar.slotBacklogs(), soFar.slotArrivals(), run.model.userCount(),
                context.getSelf());
        try {
            // the learner lives on this node (a child, or the local run's), so this passes unless that changes
            Wire.check(context.getSystem(), learner, episodeDone);
        } catch (Wire.UnsendableException e) {
            return unsendable(run, e.getMessage());
        }
        learner.tell(episodeDone);
        for (ActorRef<BaseStation.Command> station : stations) {
            station.tell(new BaseStation.EndEpisode(at.episode(), at.attempt(), learner));
        }
        return waitingForLearner(run, at, true);
    }

    /** A message of the run could not cross nodes: the run fails at once, saying which and how large. */
    private Behavior<Command> unsendable(CoordinatedRun run, String message) {
        context.getLog().error("{}", message);
        return endRun(run, new RunFailed(message, run.report()));
    }

    private Behavior<Command> nextEpisodeOrFinish(CoordinatedRun run, Attempt at) {
        timers.cancel(PhaseTimeout.class);
        if (at.episode() + 1 < run.endEpisode) {
            return settingUp(run, new Attempt(at.episode() + 1, 0));
        }
        return endRun(run, new RunCompleted(run.report()));
    }

    /** A phase did not complete in time: re-run the episode from its start, or fail the run after the last try. */
    private Behavior<Command> timedOut(CoordinatedRun run, Attempt at, String phase, TreeSet<Integer> missing,
            double seconds) {
        run.timeouts++;
        int attempts = run.request.maxEpisodeAttempts();
        context.getLog().warn("timeout: {} of episode {} (attempt {}) did not complete within {} s; no answer "
                + "from base stations {}", phase, at.episode(), at.attempt() + 1, seconds,
                missing);
        if (at.attempt() + 1 < attempts) {
            run.episodesRerun++;
            context.getLog().warn("re-running episode {} from its start (attempt {} of {})", at.episode(),
                    at.attempt() + 2, attempts);
            return settingUp(run, new Attempt(at.episode(), at.attempt() + 1));
        }
        return endRun(run, new RunFailed(String.format(
                "episode %d failed %d times: %s did not complete within %s s (no answer from base stations %s); "
                        + "raise edgegen.sim.slot-timeout-s or edgegen.sim.max-episode-attempts if the run is "
                        + "just slow", at.episode(), attempts, phase, seconds, missing),
                run.report()));
    }

    // ---- waiting for the learner: it publishes the weights, or learns from the episode just played ----

    /**
     * The learner publishes the first weights ({@code learning} false: {@code PolicyReady} starts the episode of
     * {@code at}) or learns from the episode of {@code at} ({@code Trained} goes on with the next). Each
     * {@code LearnerWorking} heartbeat starts the wait again, so a long update never fails a healthy run, while a
     * learner that is gone still ends it after {@link #learningTimeoutSeconds}. A learner that never said it was
     * working on the episode may still wait for a user's trajectory, which a lost node took with it: the episode is
     * then re-run from its start (a timeout and a re-run, as for a slot), until its attempts are used up; at once
     * when a {@code users} node is removed from the cluster during that wait ({@link UsersNodeRemoved}), not after
     * the whole limit.
     *
     * <p>Before a re-run the coordinator asks the learner to abandon the attempt ({@link Learner.Abandon}), and
     * re-runs only on its {@link LearnerAbandoned}. The learner may have every trajectory and have started to learn
     * with its first heartbeat still ahead (it beats every {@link Learner#HEARTBEAT}); it then answers
     * {@link LearnerWorking}, the wait goes on, and no episode is learned twice.
     */
    private Behavior<Command> waitingForLearner(CoordinatedRun run, Attempt at, boolean learning) {
        arm(run, at, LEARNING, run.learningTimeoutSeconds());
        boolean[] working = {false};
        // why the coordinator asked the learner to abandon the attempt (null: it has not asked)
        String[] abandoning = {null};
        BehaviorBuilder<Command> phase = starts(Optional.of(run))
                .onMessage(LearnerWorking.class, beat -> beat.episode() == at.episode()
                        && beat.attempt() == at.attempt(), beat -> {
                            working[0] = true;
                            abandoning[0] = null;
                            arm(run, at, LEARNING, run.learningTimeoutSeconds());
                            return Behaviors.same();
                        });
        if (learning) {
            phase = phase.onMessage(Trained.class, trained -> run.current(at, trained.episode(), trained.attempt())
                    ? nextEpisodeOrFinish(run, at)
                    : Behaviors.same());
        } else {
            phase = phase.onMessage(PolicyReady.class, ready -> settingUp(run, at));
        }
        if (learning) {
            phase = phase.onMessage(UsersNodeRemoved.class,
                    removed -> !working[0] && abandoning[0] == null && !removed.address().isEmpty(),
                    removed -> {
                        abandoning[0] = removed.address();
                        run.learner.get().tell(new Learner.Abandon(at.episode(), at.attempt(), context.getSelf()));
                        return Behaviors.same();
                    })
                    .onMessage(LearnerAbandoned.class, gone -> abandoning[0] != null
                            && run.current(at, gone.episode(), gone.attempt()),
                            gone -> abandoned(run, at, abandoning[0]));
        }
        return closing(phase.onMessage(PhaseTimeout.class, timeout -> isFor(timeout, at, LEARNING),
                timeout -> {
                    if (learning && !working[0] && abandoning[0] == null
                            && at.attempt() + 1 < run.request.maxEpisodeAttempts()) {
                        // the learner answers at once: the limit only guards against one that is gone
                        abandoning[0] = "";
                        run.learner.get().tell(new Learner.Abandon(at.episode(), at.attempt(), context.getSelf()));
                        arm(run, at, LEARNING, run.learningTimeoutSeconds());
                        return Behaviors.same();
                    }
                    run.timeouts++;
                    return endRun(run, new RunFailed(String.format(
                            "the learner did not finish with episode %d within %.0f s", at.episode(),
                            run.learningTimeoutSeconds()), run.report()));
                }), run, at);
    }

    /**
     * The learner abandoned attempt {@code at}, which a lost trajectory kept it from starting: re-run the episode, or
     * fail the run after its last attempt. {@code removedNode} names the {@code users} node whose removal cut the
     * wait short, or is empty when the wait ran out.
     */
    private Behavior<Command> abandoned(CoordinatedRun run, Attempt at, String removedNode) {
        run.timeouts++;
        int attempts = run.request.maxEpisodeAttempts();
        boolean removal = !removedNode.isEmpty();
        if (at.attempt() + 1 < attempts) {
            run.episodesRerun++;
            if (removal) {
                context.getLog().warn("fault: users node {} was removed from the cluster while the learner waited "
                        + "for the trajectories of episode {} (attempt {}); re-running the episode from its start "
                        + "now (attempt {} of {}), not after the learner's {} s limit", removedNode, at.episode(),
                        at.attempt() + 1, at.attempt() + 2, attempts, run.learningTimeoutSeconds());
            } else {
                context.getLog().warn("timeout: the learner did not start learning from episode {} (attempt {}) "
                        + "within {} s: a user's trajectory is missing (was its node lost?); re-running the episode "
                        + "from its start (attempt {} of {})", at.episode(), at.attempt() + 1,
                        run.learningTimeoutSeconds(), at.attempt() + 2, attempts);
            }
            return settingUp(run, new Attempt(at.episode(), at.attempt() + 1));
        }
        return endRun(run, new RunFailed(String.format("episode %d failed %d times: users node %s was removed from "
                + "the cluster while the learner waited for its trajectories; raise edgegen.sim.max-episode-attempts "
                + "if nodes come and go", at.episode(), attempts, removedNode), run.report()));
    }
}
