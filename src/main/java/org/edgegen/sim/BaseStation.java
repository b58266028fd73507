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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.edgegen.cluster.CborSerializable;
import org.edgegen.cluster.Roles;
import org.edgegen.model.SystemModel;
import org.edgegen.model.channel.Radio;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.processing.Processing;
import org.edgegen.model.queue.Arrival;
import org.edgegen.model.queue.ServerQueue;
import org.edgegen.model.queue.Service;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.SlotDraws;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.model.task.Task;
import org.edgegen.training.RunSpec;

/**
 * One base station with its edge server (a sharded entity keyed by BS id). It owns the server queue and the
 * cell's radio: it samples each user's fading, shares the uplink among the cell's offloaders, relays tasks to and
 * from its neighbours over the backhaul, serves its queue in (arrival time, user id) order, shares the downlink
 * and reports the slot to the coordinator. It resolves its queue only when it has its own cell's decisions and one
 * batch from every neighbour, so no global barrier is needed inside a slot.
 */
public final class BaseStation extends AbstractBehavior<BaseStation.Command> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "BaseStation");

    /** Messages a base station understands. */
    public interface Command extends CborSerializable {}

    /** From the coordinator (through sharding): set up an episode. */
    public record StartEpisode(RunSpec spec, int episode, int attempt, ActorRef<SlotCoordinator.Command> coordinator)
            implements Command {}

    /** From a user of the cell: it has joined the episode. */
    public record UserJoined(int episode, int attempt, int userId, ActorRef<UserDevice.Command> user)
            implements Command {}

    /** From a neighbour BS (through sharding): its reference for this run's episode and attempt. */
    public record NeighbourHello(String runId, int episode, int attempt, int bs, ActorRef<Command> neighbour)
            implements Command {}

    /** From the coordinator: start a slot with the load of every server and, for a joint policy, the decisions. */
    public record BeginSlot(int episode, int attempt, int slot, double[] bsBacklogImageSteps, int[] lastArrivals,
            List<Decision> assigned) implements Command {}

    /** From a user: no task this slot. */
    public record NoTask(int episode, int attempt, int slot, int userId, double nextBacklogSeconds)
            implements Command {}

    /** From a user: its task is settled without the network (generated locally, or an invalid action). */
    public record Settled(int episode, int attempt, int slot, TaskOutcome outcome, double nextBacklogSeconds)
            implements Command {}

    /** From a user: generate this task at {@code targetBs} with {@code steps} steps. */
    public record OffloadRequest(int episode, int attempt, int slot, int userId, Task task, int targetBs, int steps,
            double nextBacklogSeconds) implements Command {}

    /** From a neighbour: the tasks of its cell it relays here this slot (possibly none). */
    public record RelayBatch(int episode, int attempt, int slot, int fromBs, List<Arrival> arrivals)
            implements Command {}

    /** From a neighbour: how it served the tasks this BS relayed to it (possibly none). */
    public record RelayResults(int episode, int attempt, int slot, int fromBs, List<Service> services)
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
    /** Position of each user in {@link #cellUsers}, or -1 for users of other cells; indexed by user id. */
    private int[] cellIndex = new int[0];
    private List<Integer> neighbours = List.of();
    private final Map<Integer, ActorRef<UserDevice.Command>> users = new HashMap<>();
    private final Map<Integer, ActorRef<Command>> neighbourRefs = new HashMap<>();
    private boolean ready;
    private double backlogImageSteps;
    private final Map<Integer, SlotWork> slots = new TreeMap<>();

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
        return newReceiveBuilder()
                .onMessage(StartEpisode.class, this::onStartEpisode)
                .onMessage(UserJoined.class, this::onUserJoined)
                .onMessage(NeighbourHello.class, this::onNeighbourHello)
                .onMessage(BeginSlot.class, this::onBeginSlot)
                .onMessage(NoTask.class, m -> onDecision(m.episode(), m.attempt(), m.slot(), w -> w.noTask(m)))
                .onMessage(Settled.class, m -> onDecision(m.episode(), m.attempt(), m.slot(), w -> w.settled(m)))
                .onMessage(OffloadRequest.class,
                        m -> onDecision(m.episode(), m.attempt(), m.slot(), w -> w.offload(m)))
                .onMessage(RelayBatch.class, this::onRelayBatch)
                .onMessage(RelayResults.class, this::onRelayResults)
                .onMessage(UserOutcome.class, this::onUserOutcome)
                .onMessage(EndEpisode.class, this::onEndEpisode)
                .build();
    }

    private Behavior<Command> onEndEpisode(EndEpisode end) {
        if (current(end.episode(), end.attempt())) {
            for (int user : cellUsers) {
                users.get(user).tell(new UserDevice.EndEpisode(end.episode(), end.attempt(), end.learner()));
            }
        }
        return this;
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
        cellIndex = new int[deployment.userCount()];
        java.util.Arrays.fill(cellIndex, -1);
        for (int i = 0; i < cellUsers.length; i++) {
            cellIndex[cellUsers[i]] = i;
        }
        neighbours = model.topology().neighbours(bsId);
        users.clear();
        if (!sameAttempt) {
            neighbourRefs.clear();
        }
        slots.clear();
        ready = false;
        backlogImageSteps = 0.0;
        ClusterSharding sharding = ClusterSharding.get(getContext().getSystem());
        for (int user : cellUsers) {
            sharding.entityRefFor(UserDevice.TYPE_KEY, Integer.toString(user))
                    .tell(new UserDevice.JoinEpisode(start.spec(), episode, attempt, getContext().getSelf()));
        }
        for (int neighbour : neighbours) {
            sharding.entityRefFor(TYPE_KEY, Integer.toString(neighbour))
                    .tell(new NeighbourHello(runId, episode, attempt, bsId, getContext().getSelf()));
        }
        checkReady();
        return this;
    }

    private Behavior<Command> onUserJoined(UserJoined joined) {
        if (current(joined.episode(), joined.attempt())) {
            users.put(joined.userId(), joined.user());
            checkReady();
        }
        return this;
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
        return this;
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
                neighbourRefs.put(hello.bs(), hello.neighbour());
                it.remove();
            } else if (hello.episode() < episode || (hello.episode() == episode && hello.attempt() < attempt)) {
                it.remove();
            }
        }
        if (!ready && coordinator != null && users.size() == cellUsers.length
                && neighbourRefs.size() == neighbours.size()) {
            ready = true;
            coordinator.tell(new SlotCoordinator.BsReady(episode, attempt, bsId, getContext().getSelf()));
        }
    }

    private SlotWork work(int slot) {
        return slots.computeIfAbsent(slot, l -> new SlotWork(l, cellUsers.length, cellIndex));
    }

    private Behavior<Command> onBeginSlot(BeginSlot begin) {
        if (!current(begin.episode(), begin.attempt())) {
            return this;
        }
        SlotWork work = work(begin.slot());
        for (int user : cellUsers) {
            double gain = SlotDraws.gain(deployment, run.seed(), episode, begin.slot(), user, bsId);
            work.homeGain[cellIndex[user]] = gain;
            Decision assigned = begin.assigned().isEmpty() ? Decision.NONE : begin.assigned().get(user);
            users.get(user).tell(new UserDevice.SlotStart(episode, attempt, begin.slot(), gain,
                    begin.bsBacklogImageSteps(), begin.lastArrivals(), assigned));
        }
        if (cellUsers.length == 0) {
            onCellDecided(work);
        }
        return this;
    }

    private Behavior<Command> onDecision(int msgEpisode, int msgAttempt, int slot,
            java.util.function.Consumer<SlotWork> record) {
        if (!current(msgEpisode, msgAttempt)) {
            return this;
        }
        SlotWork work = work(slot);
        record.accept(work);
        if (work.decided == cellUsers.length) {
            onCellDecided(work);
        }
        return this;
    }

    /** K^U is known: upload every offloaded task, keep the ones for this server, relay the others. */
    private void onCellDecided(SlotWork work) {
        Radio radio = model.radio();
        Processing processing = model.processing();
        int sharing = work.offloads.size();
        Map<Integer, List<Arrival>> relayOut = new HashMap<>();
        work.offloads.sort(Comparator.comparingInt(OffloadRequest::userId));
        for (OffloadRequest request : work.offloads) {
            int index = cellIndex[request.userId()];
            double rate = radio.uplinkRateBitsPerSecond(sharing, work.homeGain[index], 0.0);
            double upload = Processing.uploadSeconds(request.task().inputBits(), rate);
            double arrival = request.targetBs() == bsId
                    ? Processing.homeArrivalSeconds(upload)
                    : processing.neighbourArrivalSeconds(upload, request.task().inputBits(),
                            deployment.backhaulRateBitsPerSecond(bsId, request.targetBs()));
            work.uplinkRate[index] = rate;
            work.uploadSeconds[index] = upload;
            work.arrivalSeconds[index] = arrival;
            Arrival task = new Arrival(request.userId(), arrival, request.steps());
            if (request.targetBs() == bsId) {
                work.arrivals.add(task);
            } else {
                relayOut.computeIfAbsent(request.targetBs(), k -> new ArrayList<>()).add(task);
            }
        }
        for (int neighbour : neighbours) {
            neighbourRefs.get(neighbour).tell(new RelayBatch(episode, attempt, work.slot, bsId,
                    relayOut.getOrDefault(neighbour, List.of())));
        }
        work.cellDecided = true;
        tryServe(work);
    }

    private Behavior<Command> onRelayBatch(RelayBatch batch) {
        if (!current(batch.episode(), batch.attempt())) {
            return this;
        }
        SlotWork work = work(batch.slot());
        work.batchesIn++;
        work.arrivals.addAll(batch.arrivals());
        tryServe(work);
        return this;
    }

    /** With the cell's decisions and every neighbour's batch in, serve the queue and send results back. */
    private void tryServe(SlotWork work) {
        if (work.served || !work.cellDecided || work.batchesIn < neighbours.size()) {
            return;
        }
        work.served = true;
        Map<Integer, List<Service>> relayBack = new HashMap<>();
        Map<Integer, Integer> steps = new HashMap<>();
        for (Arrival arrival : work.arrivals) {
            steps.put(arrival.userId(), arrival.steps());
        }
        double servedImageSteps = 0.0;
        for (Service service : ServerQueue.resolve(model.gpu(bsId), backlogImageSteps,
                model.scenario().edge().queueCapImageSteps(), work.arrivals)) {
            if (!service.dropped()) {
                servedImageSteps += steps.get(service.userId());
            }
            int home = deployment.user(service.userId()).homeBs();
            if (home == bsId) {
                work.services.put(service.userId(), service);
            } else {
                relayBack.computeIfAbsent(home, k -> new ArrayList<>()).add(service);
            }
        }
        work.nextBacklogImageSteps = ServerQueue.nextBacklogImageSteps(backlogImageSteps, servedImageSteps,
                ServerQueue.backgroundImageSteps(run.seed(), episode, bsId, work.slot,
                        model.backgroundRequestsPerSlot(bsId), model.steps()),
                model.gpu(bsId), model.slotSeconds());
        work.arrivalCount = work.arrivals.size();
        for (int neighbour : neighbours) {
            neighbourRefs.get(neighbour).tell(new RelayResults(episode, attempt, work.slot, bsId,
                    relayBack.getOrDefault(neighbour, List.of())));
        }
        tryDeliver(work);
    }

    private Behavior<Command> onRelayResults(RelayResults results) {
        if (!current(results.episode(), results.attempt())) {
            return this;
        }
        SlotWork work = work(results.slot());
        work.resultsIn++;
        for (Service service : results.services()) {
            work.services.put(service.userId(), service);
        }
        tryDeliver(work);
        return this;
    }

    /** With every own offloader's service known, K^D is known: share the downlink and tell each user. */
    private void tryDeliver(SlotWork work) {
        if (work.delivered || !work.served || work.resultsIn < neighbours.size()) {
            return;
        }
        work.delivered = true;
        int downlinkSharing = 0;
        for (OffloadRequest request : work.offloads) {
            if (!work.services.get(request.userId()).dropped()) {
                downlinkSharing++;
            }
        }
        int uplinkSharing = work.offloads.size();
        for (OffloadRequest request : work.offloads) {
            Service service = work.services.get(request.userId());
            int index = cellIndex[request.userId()];
            TaskOutcome.OffloadTrace trace;
            if (service.dropped()) {
                trace = new TaskOutcome.OffloadTrace(uplinkSharing, work.uplinkRate[index], work.uploadSeconds[index],
                        work.arrivalSeconds[index], service.aheadImageSteps(), Double.NaN, 0, Double.NaN);
            } else {
                double downlinkRate = model.radio().downlinkRateBitsPerSecond(downlinkSharing,
                        work.homeGain[index], 0.0);
                trace = new TaskOutcome.OffloadTrace(uplinkSharing, work.uplinkRate[index], work.uploadSeconds[index],
                        work.arrivalSeconds[index], service.aheadImageSteps(), service.completionSeconds(),
                        downlinkSharing, downlinkRate);
            }
            users.get(request.userId()).tell(new UserDevice.TaskResult(episode, attempt, work.slot, trace,
                    service.dropped()));
        }
        trySummarise(work);
    }

    private Behavior<Command> onUserOutcome(UserOutcome outcome) {
        if (!current(outcome.episode(), outcome.attempt())) {
            return this;
        }
        SlotWork work = work(outcome.slot());
        work.outcomes.add(outcome.outcome());
        trySummarise(work);
        return this;
    }

    /** Every task of the cell has its outcome: report the slot and carry the backlog over. */
    private void trySummarise(SlotWork work) {
        if (!work.delivered || work.outcomes.size() < work.settledCount + work.offloads.size()) {
            return;
        }
        work.outcomes.sort(Comparator.comparingInt(TaskOutcome::userId));
        double[] userBacklogs = work.nextUserBacklog;
        backlogImageSteps = work.nextBacklogImageSteps;
        coordinator.tell(new SlotCoordinator.SlotSummary(episode, attempt, work.slot, bsId, work.outcomes,
                work.nextBacklogImageSteps, work.arrivalCount, cellUsers, userBacklogs));
        slots.remove(work.slot);
    }

    /** Everything this BS collects during one slot. */
    private static final class SlotWork {
        final int slot;
        final int[] cellIndex;
        final double[] homeGain;
        final double[] nextUserBacklog;
        final double[] uplinkRate;
        final double[] uploadSeconds;
        final double[] arrivalSeconds;
        final List<OffloadRequest> offloads = new ArrayList<>();
        final List<Arrival> arrivals = new ArrayList<>();
        final Map<Integer, Service> services = new HashMap<>();
        final List<TaskOutcome> outcomes = new ArrayList<>();
        int decided;
        int settledCount;
        int batchesIn;
        int resultsIn;
        boolean cellDecided;
        boolean served;
        boolean delivered;
        double nextBacklogImageSteps;
        int arrivalCount;

        SlotWork(int slot, int cellSize, int[] cellIndex) {
            this.slot = slot;
            this.cellIndex = cellIndex;
            this.homeGain = new double[cellSize];
            this.nextUserBacklog = new double[cellSize];
            this.uplinkRate = new double[cellSize];
            this.uploadSeconds = new double[cellSize];
            this.arrivalSeconds = new double[cellSize];
        }

        void noTask(NoTask m) {
            decided++;
            nextUserBacklog[cellIndex[m.userId()]] = m.nextBacklogSeconds();
        }

        void settled(Settled m) {
            decided++;
            settledCount++;
            outcomes.add(m.outcome());
            nextUserBacklog[cellIndex[m.outcome().userId()]] = m.nextBacklogSeconds();
        }

        void offload(OffloadRequest m) {
            decided++;
            offloads.add(m);
            nextUserBacklog[cellIndex[m.userId()]] = m.nextBacklogSeconds();
        }
    }
}
