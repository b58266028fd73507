package org.edgegen.sim;

import akka.actor.typed.ActorRef;
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
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.edgegen.cluster.CborSerializable;
import org.edgegen.cluster.Roles;
import org.edgegen.cluster.Wire;
import org.edgegen.model.SystemModel;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.network.UserSite;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.Delivery;
import org.edgegen.model.slot.SlotResolver;
import org.edgegen.model.slot.TaskOutcome;
import org.edgegen.model.task.Task;
import org.edgegen.policy.DecentralisedPolicy;
import org.edgegen.policy.Decisions;
import org.edgegen.policy.Observation;
import org.edgegen.policy.neural.HeadMasks;
import org.edgegen.policy.neural.NeuralPolicy;
import org.edgegen.policy.neural.PolicySample;
import org.edgegen.training.RunSpec;
import org.edgegen.training.Transition;

/**
 * One user device (a sharded entity keyed by user id). It holds its place in the episode, its local backlog, the
 * current task and its own copy of the policy. Each slot it draws its task, observes, acts, and either generates
 * the task itself or sends it to its home BS; it always sends its home BS exactly one message per slot.
 */
public final class UserDevice extends AbstractBehavior<UserDevice.Command> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "UserDevice");

    /** Messages a user device understands. */
    public interface Command extends CborSerializable {}

    /**
     * From its home BS at the start of an episode (sent through sharding). It names the run only: a node that does
     * not know the run yet asks the home BS once ({@link BaseStation.SpecWanted}), so the scenario text (kilobytes)
     * does not cross the wire once per user and episode.
     */
    public record JoinEpisode(String runId, int episode, int attempt, ActorRef<BaseStation.Command> home)
            implements Command {}

    /** From its home BS, the answer to {@link BaseStation.SpecWanted}: the run's spec with the episode to join. */
    public record JoinEpisodeWithSpec(RunSpec spec, int episode, int attempt, ActorRef<BaseStation.Command> home)
            implements Command {}

    /**
     * From its home BS at the start of a slot: this slot's gain to the home BS, the load of each of its candidate
     * servers S_n (in the order of {@code UserSite.candidates}: home first), and, for a joint policy, the decision
     * made for this user ({@link Decision#NONE} when the user decides itself).
     */
    public record SlotStart(int episode, int attempt, int slot, double homeGain, double[] candidateBacklogImageSteps,
            int[] candidateLastArrivals, Decision assigned) implements Command {}

    /** From its home BS after the last slot of a training episode: send your decisions to the learner. */
    public record EndEpisode(int episode, int attempt, ActorRef<Learner.Command> learner) implements Command {}

    /** From its home BS: how its offloaded task was served. */
    public record TaskResult(int episode, int attempt, int slot, TaskOutcome.OffloadTrace trace, boolean dropped)
            implements Command {}

    private final int userId;
    private final RunContexts runs;
    private RunContext run;
    private int episode = -1;
    private int attempt = -1;
    private ActorRef<BaseStation.Command> home;
    private Deployment deployment;
    private UserSite site;
    private double backlogSeconds;
    private Task task;
    private Decision decision;
    private final List<Transition> transitions = new ArrayList<>();
    private Observation pendingObservation;
    private PolicySample pendingSample;

    private UserDevice(ActorContext<Command> context, int userId, RunContexts runs) {
        super(context);
        this.userId = userId;
        this.runs = runs;
    }

    public static Behavior<Command> create(int userId, RunContexts runs) {
        return Behaviors.setup(context -> new UserDevice(context, userId, runs));
    }

    /** Registers the user entities with Cluster Sharding on this node. */
    public static void init(akka.actor.typed.ActorSystem<?> system, RunContexts runs) {
        // within an episode entities talk through the references they exchanged, which sharding does not see:
        // its idle timeout would stop them in the middle of any episode longer than the timeout
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY,
                entity -> create(Integer.parseInt(entity.getEntityId()), runs))
                .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy())
                .withRole(Roles.USERS));
    }

    @Override
    public Receive<Command> createReceive() {
        // Handlers return Behaviors.same(), never this: sharding wraps an entity in an interceptor, and a returned
        // behaviour other than same() makes Akka build a new interceptor and scan the stack on every message.
        // the per-slot messages first: the builder tries its cases in order
        return newReceiveBuilder()
                .onMessage(SlotStart.class, this::onSlotStart)
                .onMessage(TaskResult.class, this::onTaskResult)
                .onMessage(JoinEpisode.class, this::onJoin)
                .onMessage(JoinEpisodeWithSpec.class,
                        join -> join(runs.of(join.spec()), join.episode(), join.attempt(), join.home()))
                .onMessage(EndEpisode.class, this::onEndEpisode)
                .build();
    }

    private Behavior<Command> onJoin(JoinEpisode join) {
        Optional<RunContext> known = runs.known(join.runId());
        if (known.isEmpty()) {
            join.home().tell(new BaseStation.SpecWanted(join.runId(), join.episode(), join.attempt(),
                    getContext().getSelf()));
            return Behaviors.same();
        }
        return join(known.get(), join.episode(), join.attempt(), join.home());
    }

    private Behavior<Command> join(RunContext context, int joinEpisode, int joinAttempt,
            ActorRef<BaseStation.Command> joinHome) {
        run = context;
        episode = joinEpisode;
        attempt = joinAttempt;
        home = joinHome;
        deployment = run.deployment(episode);
        site = deployment.user(userId);
        backlogSeconds = 0.0;
        task = null;
        transitions.clear();
        pendingSample = null;
        pendingObservation = null;
        decision = null;
        home.tell(new BaseStation.UserJoined(episode, attempt, userId, getContext().getSelf()));
        return Behaviors.same();
    }

    private boolean current(int msgEpisode, int msgAttempt) {
        return msgEpisode == episode && msgAttempt == attempt;
    }

    private Behavior<Command> onSlotStart(SlotStart start) {
        if (!current(start.episode(), start.attempt())) {
            return Behaviors.same();
        }
        SystemModel model = run.model();
        int slot = start.slot();
        Optional<Task> drawn = model.tasks().draw(run.seed(), episode, userId, slot);
        double backlogNow = backlogSeconds;
        if (drawn.isEmpty()) {
            backlogSeconds = run.outcomes().nextBacklogSeconds(backlogNow, Decision.Kind.NONE, 0,
                    site.deviceStepSeconds());
            home.tell(new BaseStation.NoTask(episode, attempt, slot, userId, backlogSeconds));
            return Behaviors.same();
        }
        task = drawn.get();
        decision = start.assigned().kind() != Decision.Kind.NONE ? start.assigned() : decide(start, drawn);
        Decision.Kind kind = SlotResolver.validate(site, decision, model.steps());
        backlogSeconds = run.outcomes().nextBacklogSeconds(backlogNow, kind, decision.steps(),
                site.deviceStepSeconds());
        if (kind == Decision.Kind.OFFLOAD) {
            home.tell(new BaseStation.OffloadRequest(episode, attempt, slot, userId, task, decision.targetBs(),
                    decision.steps(), backlogSeconds));
            return Behaviors.same();
        }
        TaskOutcome outcome = kind == Decision.Kind.LOCAL
                ? run.outcomes().local(task, decision.steps(), backlogNow, site.deviceStepSeconds())
                : run.outcomes().invalid(task, decision.steps());
        record(slot, outcome);
        home.tell(new BaseStation.Settled(episode, attempt, slot, outcome, backlogSeconds));
        return Behaviors.same();
    }

    /** While training, keeps the decision the outcome belongs to, with the penalty the learner's reward needs. */
    private void record(int slot, TaskOutcome outcome) {
        if (pendingSample == null) {
            return;
        }
        HeadMasks masks = HeadMasks.of(pendingObservation, run.catalog().observations().actionSpace());
        transitions.add(new Transition(slot, pendingObservation.features(), masks.offload(), masks.server(),
                masks.steps(), pendingSample.offloadIndex(), pendingSample.serverIndex(), pendingSample.stepIndex(),
                pendingSample.logProb(), pendingSample.version(), outcome.penalty(),
                Transition.Credit.of(run.model(), task, outcome)));
        pendingSample = null;
        pendingObservation = null;
    }

    private Behavior<Command> onEndEpisode(EndEpisode end) {
        if (current(end.episode(), end.attempt())) {
            int chunk = run.sim().chunkSize();
            int parts = Math.max(1, Chunks.count(transitions.size(), chunk));
            List<Learner.Trajectory> pieces = new ArrayList<>(parts);
            for (int part = 0; part < parts; part++) {
                int from = Math.min(transitions.size(), part * chunk);
                int to = Math.min(transitions.size(), from + chunk);
                pieces.add(new Learner.Trajectory(episode, attempt, userId, part, parts,
                        List.copyOf(transitions.subList(from, to))));
            }
            transitions.clear();
            try {
                for (Learner.Trajectory piece : pieces) {
                    Wire.check(getContext().getSystem(), end.learner(), piece);
                }
                pieces.forEach(end.learner()::tell);
            } catch (Wire.UnsendableException e) {
                getContext().getLog().error("{}", e.getMessage());
                end.learner().tell(new Learner.Unsendable(episode, attempt, e.getMessage()));
            }
        }
        return Behaviors.same();
    }

    private Decision decide(SlotStart start, Optional<Task> drawn) {
        Observation observation = run.catalog().observations().observe(deployment, userId, drawn, backlogSeconds,
                start.homeGain(), bs -> start.candidateBacklogImageSteps()[site.candidateIndex(bs)],
                bs -> start.candidateLastArrivals()[site.candidateIndex(bs)]);
        SplittableRandom random = DecentralisedPolicy.randomFor(run.seed(), episode, userId, start.slot());
        if (run.neural()) {
            NeuralPolicy neural = run.neuralPolicy();
            if (run.spec().training()) {
                pendingObservation = observation;
                pendingSample = neural.sample(observation, random);
                return Decisions.of(pendingSample.action(), site);
            }
            return Decisions.of(neural.act(observation, random), site);
        }
        var policy = run.perUserPolicy().orElseThrow(() -> new IllegalStateException(
                "policy " + run.spec().policy() + " decides jointly, but no decision was assigned"));
        return Decisions.of(policy.act(observation, random), site);
    }

    private Behavior<Command> onTaskResult(TaskResult result) {
        if (!current(result.episode(), result.attempt())) {
            return Behaviors.same();
        }
        TaskOutcome outcome = run.outcomes().offloaded(task, site.homeBs(), decision.targetBs(), decision.steps(),
                new Delivery(userId, result.trace(), result.dropped()), deployment::backhaulRateBitsPerSecond);
        record(result.slot(), outcome);
        home.tell(new BaseStation.UserOutcome(episode, attempt, result.slot(), outcome));
        return Behaviors.same();
    }
}
