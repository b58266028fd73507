package org.edgegen.sim;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.receptionist.Receptionist;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.edgegen.cluster.Nodes;
import org.edgegen.cluster.Roles;
import org.edgegen.config.LoadedScenario;
import org.edgegen.model.InputException;
import org.edgegen.policy.neural.NeuralPolicy;
import org.edgegen.policy.neural.PolicySnapshot;
import org.edgegen.training.RunInterruptedException;
import org.edgegen.training.RunReport;
import org.edgegen.training.RunSpec;
import org.slf4j.LoggerFactory;

/**
 * Runs a simulation as a society of Akka actors in this JVM: an actor system that joins itself as a one-node
 * cluster with Cluster Sharding for users and base stations and the coordinator as a cluster singleton, so that
 * local mode and cluster mode share one code path.
 */
public final class ActorSimulation {

    private ActorSimulation() {}

    /** Runs every episode of the request, blocking until the run ends. */
    public static RunReport run(RunRequest request, RunListener listener) {
        return run(request, listener, Optional.empty());
    }

    /**
     * Runs every episode of the request, blocking until the run ends; {@code policy} holds the OSI weights when the
     * request's policy is {@code osi} (users then act greedily with them).
     */
    public static RunReport run(RunRequest request, RunListener listener, Optional<PolicySnapshot> policy) {
        validate(request);
        return Nodes.withLocalSystem(system -> run(system, request, listener, policy));
    }

    /** Rejects what the actor engine cannot run, before any actor starts. */
    public static void validate(RunRequest request) {
        if (request.episodes() < 1) {
            throw new InputException("episodes must be >= 1, got " + request.episodes());
        }
    }

    /** Rejects what the actor engine cannot run, before any actor starts. */
    static void validate(LoadedScenario scenario, int episodes) {
        validate(new RunRequest(scenario, NeuralPolicy.NAME, episodes, 0));
    }

    /** Runs the request on an existing actor system (see {@link #run(RunRequest, RunListener, Optional)}). */
    public static RunReport run(ActorSystem<?> system, RunRequest request, RunListener listener) {
        return run(system, request, listener, Optional.empty());
    }

    /**
     * Runs the request on an existing actor system: joins it to itself as a cluster if it is not a member yet,
     * starts sharding, the policy board and the coordinator singleton, and blocks until the run ends.
     */
    public static RunReport run(ActorSystem<?> system, RunRequest request, RunListener listener,
            Optional<PolicySnapshot> policy) {
        return run(system, request, listener, policy, 0);
    }

    /**
     * The same from episode {@code firstEpisode} on (0 <= firstEpisode < episodes): episodes firstEpisode..episodes-1
     * of the request, each the same as in a run from episode 0 (every episode's draws come from the run seed and
     * the episode's number alone).
     */
    public static RunReport run(ActorSystem<?> system, RunRequest request, RunListener listener,
            Optional<PolicySnapshot> policy, int firstEpisode) {
        validate(request);
        if (firstEpisode < 0 || firstEpisode >= request.episodes()) {
            throw new IllegalArgumentException("first episode " + firstEpisode + " is not one of the run's "
                    + request.episodes());
        }
        boolean neural = NeuralPolicy.NAME.equals(request.policy());
        if (neural && policy.isEmpty()) {
            throw new InputException("policy " + NeuralPolicy.NAME + " needs trained weights: pass --checkpoint DIR");
        }
        RunContexts runs = RunContexts.get(system);
        RunSpec spec = new RunSpec(UUID.randomUUID().toString(), request.scenario().renderHocon(), request.seed(),
                request.policy());
        runs.of(spec);
        policy.ifPresent(snapshot -> runs.installPolicy(spec.runId(), snapshot));
        ActorRef<SlotCoordinator.Command> coordinator = startNode(system, runs);
        CompletableFuture<RunReport> done = new CompletableFuture<>();
        try {
            policy.ifPresent(snapshot -> PolicyPublisher.toEveryNode(system, spec.runId(), snapshot,
                    request.scenario().sim().weightChunkFloats()));
        } catch (RuntimeException e) {
            runs.forget(spec.runId());
            throw e;
        }
        double slotTimeout = request.scenario().sim().slotTimeoutSeconds();
        int attempts = request.scenario().sim().maxEpisodeAttempts();
        RunDriver.Restart restart = (next, driver) -> new SlotCoordinator.StartRun(spec, request.episodes() - next,
                slotTimeout, attempts, driver, next);
        ActorRef<SlotCoordinator.RunEvent> events = system.systemActorOf(RunDriver.create(listener, done,
                silenceSeconds(request.scenario(), false), coordinator, restart, firstEpisode, request.episodes()),
                "run-" + spec.runId(), Props.empty());
        coordinator.tell(restart.from(firstEpisode, events));
        return await(system, done, runs, spec, coordinator);
    }

    /**
     * Makes this actor system a simulation node: registers the sharded entities, starts the node's policy board and
     * the coordinator singleton; idempotent. A system that is not a cluster member yet joins itself (local mode);
     * one that already is (cluster mode) is not affected by that join.
     */
    public static ActorRef<SlotCoordinator.Command> startNode(ActorSystem<?> system, RunContexts runs) {
        Nodes.joinSelfIfAlone(system);
        UserDevice.init(system, runs);
        BaseStation.init(system, runs);
        runs.startBoardOnce(() -> system.systemActorOf(PolicyBoard.create(runs), "policy-board", Props.empty()));
        return Nodes.singleton(system, SlotCoordinator.create(runs), "slot-coordinator", Roles.LEARNER);
    }

    /**
     * Waits for a run to end and has every node forget it; a run whose listener stopped it (a
     * {@link RunInterruptedException}) is first dropped by its coordinator, so no slot is left running.
     */
    static RunReport await(ActorSystem<?> system, CompletableFuture<RunReport> done, RunContexts runs, RunSpec spec,
            ActorRef<SlotCoordinator.Command> coordinator) {
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the simulation was running", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RunInterruptedException interrupted) {
                stopRun(system, coordinator, spec.runId());
                throw interrupted;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            runs.forget(spec.runId());
            forgetEverywhere(system, spec.runId());
        }
    }

    /** Has the coordinator drop the run and waits (briefly) until it has. */
    private static void stopRun(ActorSystem<?> system, ActorRef<SlotCoordinator.Command> coordinator, String runId) {
        try {
            AskPattern.<SlotCoordinator.Command, SlotCoordinator.RunStopped>ask(coordinator,
                    replyTo -> new SlotCoordinator.StopRun(runId, replyTo), Duration.ofSeconds(5), system.scheduler())
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LoggerFactory.getLogger(ActorSimulation.class).warn("the coordinator did not confirm that run {} "
                    + "stopped: {}", runId, e.toString());
        }
    }

    /** Tells every node's policy board to forget the run (best effort: a node that is gone has nothing to forget). */
    private static void forgetEverywhere(ActorSystem<?> system, String runId) {
        try {
            Receptionist.Listing listing = AskPattern.<Receptionist.Command, Receptionist.Listing>ask(
                    system.receptionist(), replyTo -> Receptionist.find(PolicyBoard.KEY, replyTo),
                    Duration.ofSeconds(5), system.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            for (ActorRef<PolicyBoard.Command> board : listing.getServiceInstances(PolicyBoard.KEY)) {
                board.tell(new PolicyBoard.ForgetRun(runId));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LoggerFactory.getLogger(ActorSimulation.class).warn("could not reach the nodes to forget run {}: {}",
                    runId, e.toString());
        }
    }

    /**
     * Hands the coordinator's events to the listener and completes the run's future, without recovery: after
     * {@code silenceSeconds} without any event, or when the coordinator is lost, the run fails.
     */
    static Behavior<SlotCoordinator.RunEvent> forwarder(RunListener listener, CompletableFuture<RunReport> done,
            double silenceSeconds) {
        return RunDriver.create(listener, done, silenceSeconds, null, null, 0, Integer.MAX_VALUE);
    }

    /**
     * How long a run may go without any event from its coordinator before it is given up: a few slot timeouts (or
     * an episode's set-up timeout, if longer), or while training the learner's timeout.
     */
    static double silenceSeconds(LoadedScenario scenario, boolean training) {
        double slot = scenario.sim().slotTimeoutSeconds();
        double setup = SlotCoordinator.setupTimeoutSeconds(slot, scenario.scenario().userCount(),
                scenario.scenario().cellCount());
        double phases = Math.max(3 * slot, setup);
        return (training ? Math.max(phases, SlotCoordinator.learningTimeoutSeconds(slot)) : phases) + 30;
    }

    /** A run that could not complete (every attempt of an episode timed out). */
    public static final class SimulationFailedException extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final transient RunReport report;

        SimulationFailedException(String message, RunReport report) {
            super(message);
            this.report = report;
        }

        public RunReport report() {
            return report;
        }
    }

}
