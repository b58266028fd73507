package org.edgegen.sim;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.StashBuffer;
import akka.cluster.MemberStatus;
import akka.cluster.ddata.Key;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.LWWMapKey;
import akka.cluster.ddata.SelfUniqueAddress;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import akka.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import akka.cluster.typed.Cluster;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.edgegen.cluster.CborSerializable;
import org.edgegen.cluster.Nodes;
import org.edgegen.cluster.Roles;
import org.edgegen.model.InputException;
import org.edgegen.training.RunReport;
import org.edgegen.training.StopRequest;

/**
 * The cluster's runs (a cluster singleton on the oldest {@code learner} node): it takes runs that clients hand over
 * ({@code simulate}, {@code train} and {@code evaluate} with {@code --cluster}, followed or {@code --detach}), plays
 * them one at a time on its own node through the node's {@link RunHost} (which writes their files there), lists them,
 * lets clients follow and cancel them, and keeps every run's description and status in Akka Distributed Data (an
 * {@code LWWMap} replicated to every node). A manager that starts after the node of the one before it was lost reads
 * that registry and goes on with every run that was running (a training from its newest checkpoint, a simulation after
 * its last complete episode) and every run that waited, with nobody watching.
 */
public final class RunManager {

    /** Messages the manager understands. */
    public interface Command extends CborSerializable {}

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String COMPLETE = "complete";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
    /** Stopped by a signal to the command that started it and follows it (SIGINT, SIGTERM). */
    public static final String INTERRUPTED = "interrupted";

    /** Runs that have not ended, at most: each waits for the one before it. */
    static final int MAX_ACTIVE = 8;
    /** Ended runs the registry keeps (the oldest are forgotten), so that it stays small. */
    static final int MAX_ENDED = 16;

    /**
     * A run as the registry keeps it: its job, its status, how far it got and, once ended, what its command would
     * have printed. {@code restarts} counts the losses of the node hosting it, {@code episodesRerun} the episodes
     * those losses made it play again.
     */
    public record Entry(String runId, long order, RunJob job, String status, int episodesDone, double lastMeanCost,
            String text, int exitCode, long restarts, long episodesRerun) implements CborSerializable {

        Entry with(String newStatus, int done, double meanCost, String newText, int newExitCode) {
            return new Entry(runId, order, job, newStatus, done, meanCost, newText, newExitCode, restarts,
                    episodesRerun);
        }

        boolean ended() {
            return !QUEUED.equals(status) && !RUNNING.equals(status);
        }

        Row row() {
            return new Row(runId, job.kind(), status, episodesDone, job.totalEpisodes(), job.outDir(), lastMeanCost);
        }
    }

    /** A run as clients see it: id, kind, status, complete episodes of how many, run directory. */
    public record Row(String runId, String kind, String status, int episodesDone, int episodes, String outDir,
            double lastMeanCost) implements CborSerializable {

        public boolean ended() {
            return !QUEUED.equals(status) && !RUNNING.equals(status);
        }
    }

    /** From a client: take this run; answered with its id, or why it is refused. */
    public record Submit(RunJob job, ActorRef<Submitted> replyTo) implements Command {}

    /** The answer to {@link Submit}: the run's id, or (id "") the one-line reason it was refused. */
    public record Submitted(String runId, String refusal) implements CborSerializable {}

    /** From a client: the runs the cluster knows, oldest first. */
    public record ListRuns(ActorRef<Listing> replyTo) implements Command {}

    /** The answer to {@link ListRuns}: at most {@code MAX_ACTIVE + MAX_ENDED} rows. */
    public record Listing(List<Row> rows) implements CborSerializable {}

    /**
     * From a client: send the run's state now and after every change to {@code replyTo}, until the run ends or
     * {@code replyTo} stops. Sending it again is harmless (a client does, in case the manager moved).
     */
    public record Follow(String runId, ActorRef<Update> replyTo) implements Command {}

    /**
     * A followed run's state; {@code known} false when the cluster has no run of that id. Once the run has ended,
     * {@code text} is what its command would have printed and {@code exitCode} its exit code.
     */
    public record Update(String runId, boolean known, Row row, String text, int exitCode)
            implements CborSerializable {}

    /** From a client: stop the run (at the end of its episode; train: at its next policy update). */
    public record Cancel(String runId, ActorRef<CancelAnswer> replyTo) implements Command {}

    /** The answer to {@link Cancel}: whether the run is known, and what happens to it. */
    public record CancelAnswer(String runId, boolean known, String message) implements CborSerializable {}

    /**
     * From the command that started the run and follows it, which got {@code signal} (e.g. "INT"): stop the run as
     * {@link Cancel} does, but as that command stops a local run, {@code "status": "interrupted"} and
     * {@code exitCode} (130, 143). Sending it again is harmless (a client does, in case the manager moved).
     */
    public record Interrupt(String runId, String signal, int exitCode) implements Command {}

    // ---- the manager's own messages (never cross nodes) ----

    private record Loaded(Map<String, Entry> entries) implements Command {}

    private record HostProgress(String runId, int episodesDone, double meanCost) implements Command {}

    private record HostEnded(String runId, RunHost.Ended ended) implements Command {}

    private record Written(String detail) implements Command {}

    private static final Key<LWWMap<String, Entry>> KEY = LWWMapKey.create("edgegen-runs");
    private static final Duration CONSISTENCY = Duration.ofSeconds(3);

    private final ActorContext<Command> context;
    private final ReplicatorMessageAdapter<Command, LWWMap<String, Entry>> replicator;
    private final SelfUniqueAddress node;
    private final RunContexts runs;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Deque<String> queue = new ArrayDeque<>();
    private final Set<String> recovering = new HashSet<>();
    private final Map<String, Set<ActorRef<Update>>> followers = new HashMap<>();
    private String current;
    private StopRequest currentStop;

    private RunManager(ActorContext<Command> context, ReplicatorMessageAdapter<Command, LWWMap<String, Entry>>
            replicator, RunContexts runs) {
        this.context = context;
        this.replicator = replicator;
        this.node = DistributedData.get(context.getSystem()).selfUniqueAddress();
        this.runs = runs;
    }

    /**
     * Sets up the manager singleton on this node (a {@code learner} node may host it; any other gets a proxy) and
     * returns its proxy; idempotent.
     */
    public static ActorRef<Command> init(ActorSystem<?> system) {
        if (system.settings().config().getStringList("akka.cluster.roles").contains(Roles.LEARNER)) {
            // the replicator starts with the extension: every learner node keeps a copy of the registry, so the
            // manager that starts after this node was lost finds it
            DistributedData.get(system);
        }
        return Nodes.singleton(system, create(RunContexts.get(system)), "run-manager", Roles.LEARNER);
    }

    static Behavior<Command> create(RunContexts runs) {
        return Behaviors.<Command>setup(context -> Behaviors.withStash(1000,
                stash -> DistributedData.<Command, LWWMap<String, Entry>>withReplicatorMessageAdapter(replicator -> {
                    replicator.askGet(replyTo -> new Replicator.Get<>(KEY, new Replicator.ReadMajority(CONSISTENCY),
                            replyTo), RunManager::loaded);
                    return new RunManager(context, replicator, runs).loading(stash, false);
                })));
    }

    private static Command loaded(Replicator.GetResponse<LWWMap<String, Entry>> response) {
        if (response instanceof Replicator.GetSuccess<LWWMap<String, Entry>> success) {
            return new Loaded(success.get(KEY).getEntries());
        }
        if (response instanceof Replicator.NotFound) {
            return new Loaded(Map.of());
        }
        return new Loaded(null); // no majority answered in time: read this node's replica
    }

    /** Until the registry is read, every request waits. */
    private Behavior<Command> loading(StashBuffer<Command> stash, boolean local) {
        return Behaviors.receive(Command.class)
                .onMessage(Loaded.class, loaded -> {
                    if (loaded.entries() == null) {
                        if (local) {
                            return start(Map.of(), stash);
                        }
                        context.getLog().warn("run manager: no majority of nodes answered within {}; reading "
                                + "this node's copy of the run registry", CONSISTENCY);
                        replicator.askGet(replyTo -> new Replicator.Get<>(KEY, Replicator.readLocal(), replyTo),
                                RunManager::loaded);
                        return loading(stash, true);
                    }
                    return start(loaded.entries(), stash);
                })
                .onAnyMessage(message -> {
                    if (!stash.isFull()) {
                        stash.stash(message);
                    }
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> start(Map<String, Entry> registry, StashBuffer<Command> stash) {
        List<Entry> byOrder = new ArrayList<>(registry.values());
        byOrder.sort(Comparator.comparingLong(Entry::order));
        for (Entry entry : byOrder) {
            if (RUNNING.equals(entry.status())) {
                // the node that hosted it was lost: it goes on here, first, as it was the one running
                Entry moved = new Entry(entry.runId(), entry.order(), entry.job(), QUEUED, entry.episodesDone(),
                        entry.lastMeanCost(), entry.text(), entry.exitCode(), entry.restarts() + 1,
                        entry.episodesRerun());
                context.getLog().warn("fault: run {} was running on a node that is gone; it goes on here at {} "
                        + "({})", entry.runId(), context.getSystem().address(), resumesFrom(entry.job()));
                entries.put(entry.runId(), moved);
                recovering.add(entry.runId());
                queue.addFirst(entry.runId());
                save(moved);
            } else {
                entries.put(entry.runId(), entry);
                if (QUEUED.equals(entry.status())) {
                    queue.addLast(entry.runId());
                }
            }
        }
        if (!entries.isEmpty()) {
            context.getLog().info("run manager at {}: {} run(s) in the registry, {} to play",
                    context.getSystem().address(), entries.size(), queue.size());
        }
        startNext();
        return stash.unstashAll(active());
    }

    private Behavior<Command> active() {
        return Behaviors.receive(Command.class)
                .onMessage(Submit.class, this::onSubmit)
                .onMessage(ListRuns.class, list -> {
                    List<Row> rows = entries.values().stream().sorted(Comparator.comparingLong(Entry::order))
                            .map(Entry::row).toList();
                    list.replyTo().tell(new Listing(rows));
                    return Behaviors.same();
                })
                .onMessage(Follow.class, this::onFollow)
                .onMessage(Cancel.class, this::onCancel)
                .onMessage(Interrupt.class, this::onInterrupt)
                .onMessage(HostProgress.class, progress -> {
                    Entry entry = entries.get(progress.runId());
                    if (entry != null && RUNNING.equals(entry.status())) {
                        update(entry.with(RUNNING, progress.episodesDone(), progress.meanCost(), "", 0));
                    }
                    return Behaviors.same();
                })
                .onMessage(HostEnded.class, this::onEnded)
                .onMessage(Written.class, written -> {
                    context.getLog().debug("run registry: {}", written.detail());
                    return Behaviors.same();
                })
                .onMessage(Loaded.class, loaded -> Behaviors.same())
                .onSignal(Terminated.class, terminated -> {
                    followers.values().forEach(set -> set.remove(terminated.getRef()));
                    return Behaviors.same();
                })
                .onSignal(PostStop.class, stopped -> {
                    if (current != null) {
                        context.getLog().warn("run manager at {} stops while run {} is running here; the next "
                                + "manager goes on with it", context.getSystem().address(), current);
                    }
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> onSubmit(Submit submit) {
        Optional<RunHost> host = runs.runHost();
        if (host.isEmpty()) {
            submit.replyTo().tell(new Submitted("", "the node hosting the run manager (" + context.getSystem()
                    .address() + ") cannot host runs: start learner nodes with scripts/edgegen node"));
            return Behaviors.same();
        }
        long active = entries.values().stream().filter(e -> !e.ended()).count();
        if (active >= MAX_ACTIVE) {
            submit.replyTo().tell(new Submitted("", "the cluster already has " + active + " runs running or "
                    + "waiting (at most " + MAX_ACTIVE + "): wait for one to end, or cancel one"));
            return Behaviors.same();
        }
        try {
            host.get().check(submit.job());
        } catch (InputException e) {
            submit.replyTo().tell(new Submitted("", e.getMessage()));
            return Behaviors.same();
        } catch (RuntimeException e) {
            context.getLog().error("could not check a submitted run", e);
            submit.replyTo().tell(new Submitted("", "the learner node could not check the run: " + e));
            return Behaviors.same();
        }
        String id = "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        long order = entries.values().stream().mapToLong(Entry::order).max().orElse(0) + 1;
        Entry entry = new Entry(id, order, submit.job(), QUEUED, 0, Double.NaN, "", 0, 0, 0);
        entries.put(id, entry);
        queue.addLast(id);
        save(entry);
        context.getLog().info("run {} ({} of {} episodes into {}) taken{}", id, submit.job().kind(),
                submit.job().totalEpisodes(), submit.job().outDir(), current == null ? "" : "; it waits for run "
                + current);
        submit.replyTo().tell(new Submitted(id, ""));
        startNext();
        return Behaviors.same();
    }

    private Behavior<Command> onFollow(Follow follow) {
        Entry entry = entries.get(follow.runId());
        if (entry == null) {
            follow.replyTo().tell(new Update(follow.runId(), false, null, "", 0));
            return Behaviors.same();
        }
        if (!entry.ended() && followers.computeIfAbsent(entry.runId(), id -> new HashSet<>())
                .add(follow.replyTo())) {
            context.watch(follow.replyTo());
        }
        follow.replyTo().tell(updateOf(entry));
        return Behaviors.same();
    }

    private Behavior<Command> onCancel(Cancel cancel) {
        Entry entry = entries.get(cancel.runId());
        if (entry == null) {
            cancel.replyTo().tell(new CancelAnswer(cancel.runId(), false, ""));
            return Behaviors.same();
        }
        if (entry.ended()) {
            cancel.replyTo().tell(new CancelAnswer(cancel.runId(), true, "run " + entry.runId() + " has already "
                    + "ended: " + entry.status()));
            return Behaviors.same();
        }
        if (QUEUED.equals(entry.status())) {
            queue.remove(entry.runId());
            recovering.remove(entry.runId());
            update(entry.with(CANCELLED, entry.episodesDone(), entry.lastMeanCost(), "cancelled before it started; "
                    + "nothing was written to " + entry.job().outDir(), StopRequest.CANCELLED_EXIT_CODE));
            cancel.replyTo().tell(new CancelAnswer(cancel.runId(), true, "run " + entry.runId() + " cancelled "
                    + "before it started"));
            return Behaviors.same();
        }
        currentStop.cancel();
        cancel.replyTo().tell(new CancelAnswer(cancel.runId(), true, "run " + entry.runId() + " stops after the "
                + "episode it is in" + switch (entry.job().kind()) {
                    case RunJob.TRAIN -> " (train: at the next policy update, with a checkpoint there); its "
                            + "summary.json will say \"status\": \"cancelled\"";
                    case RunJob.EVALUATE -> "; an evaluation keeps nothing of a part of its policies, so "
                            + entry.job().outDir() + " is left as it was";
                    default -> "; its summary.json will say \"status\": \"cancelled\"";
                }));
        return Behaviors.same();
    }

    private Behavior<Command> onInterrupt(Interrupt interrupt) {
        Entry entry = entries.get(interrupt.runId());
        if (entry == null || entry.ended()) {
            return Behaviors.same();
        }
        if (QUEUED.equals(entry.status())) {
            queue.remove(entry.runId());
            recovering.remove(entry.runId());
            update(entry.with(INTERRUPTED, entry.episodesDone(), entry.lastMeanCost(), "interrupted before it "
                    + "started; nothing was written to " + entry.job().outDir(), interrupt.exitCode()));
            context.getLog().info("run {} interrupted (SIG{}) before it started", entry.runId(), interrupt.signal());
            return Behaviors.same();
        }
        if (!currentStop.requested()) {
            context.getLog().info("run {}: its command got SIG{}; it stops after the episode it is in",
                    entry.runId(), interrupt.signal());
            currentStop.request(interrupt.signal(), interrupt.exitCode());
        }
        return Behaviors.same();
    }

    private Behavior<Command> onEnded(HostEnded ended) {
        Entry entry = entries.get(ended.runId());
        if (ended.runId().equals(current)) {
            current = null;
            currentStop = null;
        }
        if (entry != null && FAILED.equals(ended.ended().status()) && !selfUp()) {
            // its node is leaving: the run failed because the node's singletons (its coordinator) went first, not of
            // itself; it stays running in the registry, so the manager that takes over next goes on with it
            context.getLog().warn("run {} stopped on this node as the node leaves the cluster ({}); the next run "
                    + "manager goes on with it", entry.runId(), ended.ended().text());
            return Behaviors.same();
        }
        if (entry != null) {
            RunHost.Ended how = ended.ended();
            context.getLog().info("run {} ended: {} after {} of {} episodes", entry.runId(), how.status(),
                    how.episodesDone(), entry.job().totalEpisodes());
            update(entry.with(how.status(), how.episodesDone(), entry.lastMeanCost(), how.text(), how.exitCode()));
            forgetOldest();
        }
        startNext();
        return Behaviors.same();
    }

    /** Where a run that lost its node goes on, for the log. */
    private static String resumesFrom(RunJob job) {
        return switch (job.kind()) {
            case RunJob.TRAIN -> "from the newest checkpoint in " + job.outDir();
            case RunJob.EVALUATE -> "from its first policy: an evaluation is played again whole, and " + job.outDir()
                    + " is written only once it is complete";
            default -> "after the last complete episode it had staged beside " + job.outDir();
        };
    }

    /** Whether this node is still an Up member (not leaving, exiting or down). */
    private boolean selfUp() {
        MemberStatus status = Cluster.get(context.getSystem()).selfMember().status();
        return status == MemberStatus.up() || status == MemberStatus.weaklyUp();
    }

    /** Starts the first waiting run if none is running: the coordinator plays one run at a time. */
    private void startNext() {
        if (current != null || queue.isEmpty()) {
            return;
        }
        Optional<RunHost> host = runs.runHost();
        String id = queue.pollFirst();
        Entry entry = entries.get(id);
        if (host.isEmpty()) {
            update(entry.with(FAILED, entry.episodesDone(), entry.lastMeanCost(), "the node hosting the run "
                    + "manager (" + context.getSystem().address() + ") cannot host runs", 1));
            startNext();
            return;
        }
        boolean recover = recovering.remove(id);
        current = id;
        currentStop = new StopRequest();
        StopRequest stop = currentStop;
        Entry running = entry.with(RUNNING, recover ? entry.episodesDone() : 0, entry.lastMeanCost(), "", 0);
        update(running);
        ActorRef<Command> self = context.getSelf();
        NodeRuns node = new NodeRuns(context.getSystem());
        RunReport prior = new RunReport(0, entry.episodesRerun(), 0, entry.restarts());
        int doneBefore = entry.episodesDone();
        String where = context.getSystem().address().toString();
        Thread thread = new Thread(() -> {
            RunHost.Ended how;
            try {
                how = host.get().run(id, entry.job(), node, recover, doneBefore, prior,
                        (done, meanCost) -> self.tell(new HostProgress(id, done, meanCost)), stop);
            } catch (RuntimeException | Error e) {
                how = new RunHost.Ended(FAILED, 0, "the run failed on " + where + ": " + e, 1);
            }
            self.tell(new HostEnded(id, how));
        }, "edgegen-run-" + id);
        thread.setDaemon(true);
        thread.start();
    }

    private void update(Entry entry) {
        entries.put(entry.runId(), entry);
        save(entry);
        Set<ActorRef<Update>> watching = followers.getOrDefault(entry.runId(), Set.of());
        Update update = updateOf(entry);
        watching.forEach(follower -> follower.tell(update));
        if (entry.ended()) {
            followers.remove(entry.runId());
        }
    }

    private static Update updateOf(Entry entry) {
        return new Update(entry.runId(), true, entry.row(), entry.text(), entry.exitCode());
    }

    /** Keeps at most {@link #MAX_ENDED} ended runs in the registry. */
    private void forgetOldest() {
        List<Entry> ended = entries.values().stream().filter(Entry::ended)
                .sorted(Comparator.comparingLong(Entry::order)).toList();
        for (int i = 0; i < ended.size() - MAX_ENDED; i++) {
            String id = ended.get(i).runId();
            entries.remove(id);
            replicator.askUpdate(replyTo -> new Replicator.Update<>(KEY, LWWMap.empty(),
                    new Replicator.WriteMajority(CONSISTENCY), replyTo, map -> map.remove(node, id)),
                    response -> new Written("forgot " + id + ": " + response.getClass().getSimpleName()));
        }
    }

    /** Writes the entry to the registry on this node and, within {@link #CONSISTENCY}, on a majority of nodes. */
    private void save(Entry entry) {
        replicator.askUpdate(replyTo -> new Replicator.Update<>(KEY, LWWMap.empty(),
                new Replicator.WriteMajority(CONSISTENCY), replyTo, map -> map.put(node, entry.runId(), entry)),
                response -> new Written(entry.runId() + " " + entry.status() + ": "
                        + response.getClass().getSimpleName()));
    }
}
