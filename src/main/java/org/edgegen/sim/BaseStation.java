package org.edgegen.sim;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.cluster.sharding.typed.ClusterShardingSettings;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.edgegen.cluster.CborSerializable;
import org.edgegen.cluster.Roles;
import org.edgegen.cluster.Wire;
import org.edgegen.model.SystemModel;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.queue.Arrival;
import org.edgegen.model.queue.Service;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.Delivery;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.model.task.Task;
import org.edgegen.training.RunSpec;

/**
 * One base station with its edge server (a sharded entity keyed by BS id). It owns the server queue and the
 * cell's radio: it samples each user's fading, shares the uplink among the cell's offloaders, relays tasks to and
 * from its neighbours over the backhaul, serves its queue in (arrival time, user id) order, shares the downlink
 * and reports the slot to the coordinator. It resolves its queue only when it has its own cell's decisions and one
 * batch from every neighbour, so no global barrier is needed inside a slot. With inter-cell interference on it also
 * tells every other BS who transmits on its uplink and whether it transmits on its downlink, and waits for theirs.
 *
 * <p>The numbers come from the model's per-cell steps, run on what the BS gathered ({@link CellSlot}); this class
 * only decides when a step's inputs are in and carries the results. It is longer than 350 lines because its
 * protocol (fifteen messages) is nested in it, as in every actor of the project, each with its handler.
 */
public final class BaseStation extends AbstractBehavior<BaseStation.Command> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "BaseStation");

    /** Messages a base station understands. */
    public interface Command extends CborSerializable {}

    /** From the coordinator (through sharding): set up an episode. */
    public record StartEpisode(RunSpec spec, int episode, int attempt, ActorRef<SlotCoordinator.Command> coordinator)
            implements Command {}

    /** From a user of the cell whose node does not know the run yet: send it the run's spec. */
    public record SpecWanted(String runId, int episode, int attempt, ActorRef<UserDevice.Command> user)
            implements Command {}

    /** From a user of the cell: it has joined the episode. */
    public record UserJoined(int episode, int attempt, int userId, ActorRef<UserDevice.Command> user)
            implements Command {}

    /**
     * From a peer BS (through sharding): its reference for this run's episode and attempt. The peers are the
     * neighbours, and with inter-cell interference on every other BS.
     */
    public record NeighbourHello(String runId, int episode, int attempt, int bs, ActorRef<Command> neighbour)
            implements Command {}

    /**
     * From the coordinator: start a slot with the load of the servers this cell's users may choose and, for a joint
     * policy, the decisions. The loads are those of S_n for a user homed here ({@code Topology.candidates}: this
     * BS, then its neighbours), in that order, so the message is bounded by the neighbour count, not by B. The
     * arrays are shared with the users' {@code SlotStart}s: read only.
     */
    public record BeginSlot(int episode, int attempt, int slot, double[] candidateBacklogImageSteps,
            int[] candidateLastArrivals, List<Decision> assigned) implements Command {}

    /** From a user: no task this slot. */
    public record NoTask(int episode, int attempt, int slot, int userId, double nextBacklogSeconds)
            implements Command {}

    /** From a user: its task is settled without the network (generated locally, or an invalid action). */
    public record Settled(int episode, int attempt, int slot, TaskOutcome outcome, double nextBacklogSeconds)
            implements Command {}

    /** From a user: generate this task at {@code targetBs} with {@code steps} steps. */
    public record OffloadRequest(int episode, int attempt, int slot, int userId, Task task, int targetBs, int steps,
            double nextBacklogSeconds) implements Command {}

    /**
     * From a neighbour: the tasks of its cell it relays here this slot (possibly none: every neighbour sends one
     * batch per slot, so a BS knows when its queue's arrivals are all in).
     */
    public record RelayBatch(int episode, int attempt, int slot, int fromBs, List<Arrival> arrivals)
            implements Command {}

    /**
     * From a neighbour this BS relayed tasks to in the slot: how it served them. A neighbour that got an empty
     * batch sends none, and none is awaited from it.
     */
    public record RelayResults(int episode, int attempt, int slot, int fromBs, List<Service> services)
            implements Command {}

    /**
     * From every other BS, with inter-cell interference on: the users of its cell that transmit on the uplink in this
     * slot (possibly none), so this BS can add their interference.
     */
    public record Transmitters(int episode, int attempt, int slot, int fromBs, int[] userIds) implements Command {}

    /**
     * From every other BS, with inter-cell interference on: whether it transmits results on its downlink in this
     * slot, so this BS's users can add its interference.
     */
    public record DownlinkActive(int episode, int attempt, int slot, int fromBs, boolean transmitting)
            implements Command {}

    /** From the coordinator after the last slot of a training episode: tell every user of the cell. */
    public record EndEpisode(int episode, int attempt, ActorRef<Learner.Command> learner) implements Command {}

    /** From a user that offloaded: its task's outcome. */
    public record UserOutcome(int episode, int attempt, int slot, TaskOutcome outcome) implements Command {}

    private final int bsId;
    private final RunContexts runs;
    private RunContext run;
    private SystemModel model;
    private Deployment deployment;
    private int episode = -1;
    private int attempt = -1;
    private ActorRef<SlotCoordinator.Command> coordinator;
    private int[] cellUsers = new int[0];
    private List<Integer> neighbours = List.of();
    /** The BSs this one exchanges messages with: its neighbours, or with inter-cell interference on all others. */
    private List<Integer> peers = List.of();
    /** The other BSs that report their transmitters each slot (none with inter-cell interference off). */
    private List<Integer> interferers = List.of();
    /** The references of the cell's users that have joined, by position in {@link #cellUsers}. */
    private ActorRef<UserDevice.Command>[] users = newUserRefs(0);
    private int usersJoined;
    private final Map<Integer, ActorRef<Command>> peerRefs = new HashMap<>();
    private boolean ready;
    private double backlogImageSteps;
    private final Map<Integer, CellSlot> slots = new TreeMap<>();
    /** The entry of {@link #slots} last looked up: nearly every message is for the slot being played. */
    private CellSlot lastWork;

    private BaseStation(ActorContext<Command> context, int bsId, RunContexts runs) {
        super(context);
        this.bsId = bsId;
        this.runs = runs;
    }

    public static Behavior<Command> create(int bsId, RunContexts runs) {
        return Behaviors.setup(context -> new BaseStation(context, bsId, runs));
    }

    /** Registers the BS entities with Cluster Sharding on this node. */
    public static void init(ActorSystem<?> system, RunContexts runs) {
        // within an episode entities talk through the references they exchanged, which sharding does not see:
        // its idle timeout would stop them in the middle of any episode longer than the timeout
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY,
                entity -> create(Integer.parseInt(entity.getEntityId()), runs))
                .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy())
                .withRole(Roles.EDGE));
    }

    @Override
    public Receive<Command> createReceive() {
        // Handlers return Behaviors.same(), never this: sharding wraps an entity in an interceptor, and a returned
        // behaviour other than same() makes Akka build a new interceptor and scan the stack on every message.
        // the per-slot messages first, the most frequent first: the builder tries its cases in order
        return newReceiveBuilder()
                .onMessage(RelayBatch.class, this::onRelayBatch)
                .onMessage(DownlinkActive.class, this::onDownlinkActive)
                .onMessage(Transmitters.class, this::onTransmitters)
                .onMessage(NoTask.class, m -> onDecision(m.episode(), m.attempt(), m.slot(), w -> w.noTask(m)))
                .onMessage(UserOutcome.class, this::onUserOutcome)
                .onMessage(Settled.class, m -> onDecision(m.episode(), m.attempt(), m.slot(), w -> w.settled(m)))
                .onMessage(OffloadRequest.class,
                        m -> onDecision(m.episode(), m.attempt(), m.slot(), w -> w.offload(m)))
                .onMessage(BeginSlot.class, this::onBeginSlot)
                .onMessage(RelayResults.class, this::onRelayResults)
                .onMessage(StartEpisode.class, this::onStartEpisode)
                .onMessage(UserJoined.class, this::onUserJoined)
                .onMessage(SpecWanted.class, this::onSpecWanted)
                .onMessage(NeighbourHello.class, this::onNeighbourHello)
                .onMessage(EndEpisode.class, this::onEndEpisode)
                .build();
    }

    private Behavior<Command> onEndEpisode(EndEpisode end) {
        if (current(end.episode(), end.attempt())) {
            for (ActorRef<UserDevice.Command> user : users) {
                user.tell(new UserDevice.EndEpisode(end.episode(), end.attempt(), end.learner()));
            }
        }
        return Behaviors.same();
    }

    private boolean current(int msgEpisode, int msgAttempt) {
        return msgEpisode == episode && msgAttempt == attempt;
    }

    private Behavior<Command> onStartEpisode(StartEpisode start) {
        // the same attempt again: a coordinator restarted after its node was lost; the neighbours' hellos that
        // reached this BS first are kept (an outdated reference only costs a slot timeout and a re-run)
        boolean sameAttempt = run != null && run.spec().runId().equals(start.spec().runId())
                && episode == start.episode() && attempt == start.attempt();
        String runId = start.spec().runId();
        pendingHellos.removeIf(hello -> !hello.runId().equals(runId));
        run = runs.of(start.spec());
        model = run.model();
        episode = start.episode();
        attempt = start.attempt();
        coordinator = start.coordinator();
        deployment = run.deployment(episode);
        cellUsers = deployment.usersOfCell(bsId);
        neighbours = model.topology().neighbours(bsId);
        interferers = model.radio().interCellInterference() ? otherCells() : List.of();
        peers = interferers.isEmpty() ? neighbours : interferers;
        users = newUserRefs(cellUsers.length);
        usersJoined = 0;
        if (!sameAttempt) {
            peerRefs.clear();
        }
        slots.clear();
        lastWork = null;
        ready = false;
        backlogImageSteps = 0.0;
        ClusterSharding sharding = ClusterSharding.get(getContext().getSystem());
        for (int user : cellUsers) {
            sharding.entityRefFor(UserDevice.TYPE_KEY, Integer.toString(user))
                    .tell(new UserDevice.JoinEpisode(runId, episode, attempt, getContext().getSelf()));
        }
        for (int peer : peers) {
            sharding.entityRefFor(TYPE_KEY, Integer.toString(peer))
                    .tell(new NeighbourHello(runId, episode, attempt, bsId, getContext().getSelf()));
        }
        checkReady();
        return Behaviors.same();
    }

    @SuppressWarnings("unchecked")
    private static ActorRef<UserDevice.Command>[] newUserRefs(int size) {
        return (ActorRef<UserDevice.Command>[]) new ActorRef<?>[size];
    }

    private List<Integer> otherCells() {
        List<Integer> others = new ArrayList<>();
        for (int b = 0; b < model.cellCount(); b++) {
            if (b != bsId) {
                others.add(b);
            }
        }
        return List.copyOf(others);
    }

    private Behavior<Command> onSpecWanted(SpecWanted wanted) {
        // a request of an older episode or run is dropped: its user gets this episode's JoinEpisode too
        if (run != null && run.spec().runId().equals(wanted.runId())
                && current(wanted.episode(), wanted.attempt())) {
            wanted.user().tell(new UserDevice.JoinEpisodeWithSpec(run.spec(), episode, attempt,
                    getContext().getSelf()));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onUserJoined(UserJoined joined) {
        if (current(joined.episode(), joined.attempt())) {
            int position = deployment.positionInCell(joined.userId());
            if (users[position] == null) {
                usersJoined++;
            }
            users[position] = joined.user();
            checkReady();
        }
        return Behaviors.same();
    }

    /**
     * A neighbour's reference is kept until this BS is at the hello's run, episode and attempt: a neighbour may start
     * an episode (of a new run, too) before this BS does.
     */
    private Behavior<Command> onNeighbourHello(NeighbourHello hello) {
        pendingHellos.add(hello);
        if (run != null) {
            checkReady();
        }
        return Behaviors.same();
    }

    private final List<NeighbourHello> pendingHellos = new ArrayList<>();

    private void checkReady() {
        String runId = run.spec().runId();
        for (var it = pendingHellos.iterator(); it.hasNext(); ) {
            NeighbourHello hello = it.next();
            if (!hello.runId().equals(runId)) {
                continue;
            }
            if (current(hello.episode(), hello.attempt())) {
                peerRefs.put(hello.bs(), hello.neighbour());
                it.remove();
            } else if (hello.episode() < episode || (hello.episode() == episode && hello.attempt() < attempt)) {
                it.remove();
            }
        }
        if (!ready && coordinator != null && usersJoined == cellUsers.length
                && peerRefs.size() == peers.size()) {
            ready = true;
            coordinator.tell(new SlotCoordinator.BsReady(episode, attempt, bsId, getContext().getSelf()));
        }
    }

    private CellSlot work(int slot) {
        if (lastWork != null && lastWork.slot == slot) {
            return lastWork;
        }
        lastWork = slots.computeIfAbsent(slot, l -> new CellSlot(l, bsId, episode, run, deployment, cellUsers,
                neighbours.size(), interferers.size()));
        return lastWork;
    }

    private Behavior<Command> onBeginSlot(BeginSlot begin) {
        if (!current(begin.episode(), begin.attempt())) {
            return Behaviors.same();
        }
        CellSlot work = work(begin.slot());
        for (int i = 0; i < cellUsers.length; i++) {
            int user = cellUsers[i];
            Decision assigned = begin.assigned().isEmpty() ? Decision.NONE : begin.assigned().get(i);
            users[i].tell(new UserDevice.SlotStart(episode, attempt, begin.slot(), work.homeGain(user),
                    begin.candidateBacklogImageSteps(), begin.candidateLastArrivals(), assigned));
        }
        if (cellUsers.length == 0) {
            onCellDecided(work);
        }
        return Behaviors.same();
    }

    private Behavior<Command> onDecision(int msgEpisode, int msgAttempt, int slot,
            java.util.function.Consumer<CellSlot> record) {
        if (!current(msgEpisode, msgAttempt)) {
            return Behaviors.same();
        }
        CellSlot work = work(slot);
        record.accept(work);
        if (work.cellDecided()) {
            onCellDecided(work);
        }
        return Behaviors.same();
    }

    /** K^U is known: tell the other cells who transmits (with interference on), then upload. */
    private void onCellDecided(CellSlot work) {
        if (!interferers.isEmpty()) {
            int[] transmitters = work.transmitters();
            for (int other : interferers) {
                peerRefs.get(other).tell(new Transmitters(episode, attempt, work.slot, bsId, transmitters));
            }
        }
        tryUplink(work);
    }

    private Behavior<Command> onTransmitters(Transmitters transmitters) {
        if (current(transmitters.episode(), transmitters.attempt())) {
            CellSlot work = work(transmitters.slot());
            work.addTransmitters(transmitters.userIds());
            tryUplink(work);
        }
        return Behaviors.same();
    }

    /** With the cell's decisions and every other cell's transmitters in: upload and relay to the neighbours. */
    private void tryUplink(CellSlot work) {
        if (!work.readyToUplink()) {
            return;
        }
        Map<Integer, List<Arrival>> relayOut = work.uplink();
        for (int neighbour : neighbours) {
            peerRefs.get(neighbour).tell(new RelayBatch(episode, attempt, work.slot, bsId,
                    relayOut.getOrDefault(neighbour, List.of())));
        }
        tryServe(work);
    }

    private Behavior<Command> onRelayBatch(RelayBatch batch) {
        if (current(batch.episode(), batch.attempt())) {
            CellSlot work = work(batch.slot());
            work.addBatch(batch.fromBs(), batch.arrivals());
            tryServe(work);
        }
        return Behaviors.same();
    }

    /** With the cell's uploads and every neighbour's batch in, serve the queue and send results back. */
    private void tryServe(CellSlot work) {
        if (!work.readyToServe()) {
            return;
        }
        Map<Integer, List<Service>> relayBack = work.serve(backlogImageSteps);
        // only to the neighbours that relayed tasks here: one whose batch was empty waits for no results
        for (int neighbour : work.relayedFrom()) {
            peerRefs.get(neighbour).tell(new RelayResults(episode, attempt, work.slot, bsId,
                    relayBack.getOrDefault(neighbour, List.of())));
        }
        tryKnowDownlink(work);
    }

    private Behavior<Command> onRelayResults(RelayResults results) {
        if (current(results.episode(), results.attempt())) {
            CellSlot work = work(results.slot());
            work.addResults(results.services());
            tryKnowDownlink(work);
        }
        return Behaviors.same();
    }

    /** With every own offloader's service known, K^D is known: tell the other cells (with interference on). */
    private void tryKnowDownlink(CellSlot work) {
        if (!work.readyToKnowDownlink()) {
            return;
        }
        boolean transmitting = work.knowDownlink();
        for (int other : interferers) {
            peerRefs.get(other).tell(new DownlinkActive(episode, attempt, work.slot, bsId, transmitting));
        }
        tryDeliver(work);
    }

    private Behavior<Command> onDownlinkActive(DownlinkActive active) {
        if (current(active.episode(), active.attempt())) {
            CellSlot work = work(active.slot());
            work.addDownlinkNotice(active.fromBs(), active.transmitting());
            tryDeliver(work);
        }
        return Behaviors.same();
    }

    /** With K^D and every other cell's downlink activity known: share the downlink and tell each user. */
    private void tryDeliver(CellSlot work) {
        if (!work.readyToDeliver()) {
            return;
        }
        for (Delivery delivery : work.deliver()) {
            users[deployment.positionInCell(delivery.userId())].tell(new UserDevice.TaskResult(episode, attempt,
                    work.slot, delivery.trace(), delivery.dropped()));
        }
        trySummarise(work);
    }

    private Behavior<Command> onUserOutcome(UserOutcome outcome) {
        if (current(outcome.episode(), outcome.attempt())) {
            CellSlot work = work(outcome.slot());
            work.addOutcome(outcome.outcome());
            trySummarise(work);
        }
        return Behaviors.same();
    }

    /** Every task of the cell has its outcome: report the slot and carry the backlog over. */
    private void trySummarise(CellSlot work) {
        if (!work.complete()) {
            return;
        }
        backlogImageSteps = work.nextBacklogImageSteps();
        List<SlotCoordinator.SlotSummary> pieces = SlotCoordinator.SlotSummary.pieces(episode, attempt, work.slot,
                bsId, work.outcomes(), work.nextBacklogImageSteps(), work.arrivalCount(), cellUsers,
                work.nextUserBacklog(), run.sim().chunkSize());
        try {
            for (SlotCoordinator.SlotSummary piece : pieces) {
                Wire.check(getContext().getSystem(), coordinator, piece);
            }
            pieces.forEach(coordinator::tell);
        } catch (Wire.UnsendableException e) {
            getContext().getLog().error("{}", e.getMessage());
            coordinator.tell(new SlotCoordinator.Unsendable(e.getMessage()));
        }
        slots.remove(work.slot);
        if (lastWork == work) {
            lastWork = null;
        }
    }
}
