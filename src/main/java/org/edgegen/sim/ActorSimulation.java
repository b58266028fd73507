package org.edgegen.sim;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import akka.cluster.MemberStatus;
import akka.cluster.typed.ClusterSingleton;
import akka.cluster.typed.ClusterSingletonSettings;
import akka.cluster.typed.Join;
import akka.cluster.typed.SingletonActor;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.receptionist.Receptionist;
import com.typesafe.config.Config;
import java.time.Duration;
import com.typesafe.config.ConfigFactory;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.edgegen.config.LoadedScenario;
import org.edgegen.model.InputException;
import org.edgegen.policy.neural.NeuralPolicy;
import org.edgegen.policy.neural.PolicySnapshot;
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
        return withLocalSystem(system -> run(system, request, listener, policy));
    }

    /**
     * Runs the request on a running cluster: this JVM joins it through {@code seedHostPort} as a {@code client} node
     * (hosting no entity), plays the run there and reports here, then leaves.
     */
    public static RunReport runOnCluster(String seedHostPort, RunRequest request, RunListener listener,
            Optional<PolicySnapshot> policy) {
        validate(request);
        return withClusterClient(seedHostPort, system -> run(system, request, listener, policy));
    }

    /**
     * Joins the cluster at {@code seedHostPort} as a {@code client} node, runs {@code body} on it (which may play
     * several runs), then leaves.
     */
    public static <T> T withClusterClient(String seedHostPort, java.util.function.Function<ActorSystem<Void>, T> body) {
        return withSystem(clientConfig(seedHostPort), system -> {
            awaitMemberUp(system, seedHostPort);
            return body.apply(system);
        });
    }

    /** The configuration of a client node that joins the cluster at {@code seedHostPort}. */
    public static Config clientConfig(String seedHostPort) {
        if (!seedHostPort.matches("[A-Za-z0-9.\\-]+:\\d{1,5}")) {
            throw new InputException("--cluster '" + seedHostPort + "' is not HOST:PORT (e.g. 127.0.0.1:25521)");
        }
        // stdout-loglevel: Akka's fallback logger while the client shuts down would print on stdout, which carries
        // only the command's output; the run's own warnings go through SLF4J to stderr as usual
        return ConfigFactory.parseString("akka.cluster.roles = [" + Roles.CLIENT + "]\n"
                + "akka.stdout-loglevel = OFF\n"
                + "akka.cluster.seed-nodes = [\"akka://edgegen@" + seedHostPort + "\"]").withFallback(localConfig());
    }

    /** Blocks until this node is Up in its cluster, or fails with a message naming the seed. */
    public static void awaitMemberUp(ActorSystem<?> system, String seed) {
        CompletableFuture<Void> up = new CompletableFuture<>();
        akka.cluster.Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() -> up.complete(null));
        try {
            up.get(MEMBER_UP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while joining the cluster", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new InputException("could not join the cluster at " + seed + " within " + MEMBER_UP_SECONDS
                    + " s: is a node listening there (scripts/start-cluster.sh)?");
        }
    }

    private static final int MEMBER_UP_SECONDS = 30;

    /** Runs {@code body} on a fresh one-node actor system, terminating it afterwards. */
    static <T> T withLocalSystem(java.util.function.Function<ActorSystem<Void>, T> body) {
        return withSystem(localConfig(), body);
    }

    private static <T> T withSystem(Config config, java.util.function.Function<ActorSystem<Void>, T> body) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "edgegen", config);
        try {
            return body.apply(system);
        } finally {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // the run's results are already delivered; a slow shutdown changes none of them
            }
        }
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

    /** The configuration of a single-JVM run: a one-node cluster on a free loopback port. */
    public static Config localConfig() {
        return ConfigFactory.parseString("""
                akka.remote.artery.canonical.hostname = "127.0.0.1"
                akka.remote.artery.canonical.port = 0
                akka.cluster.jmx.multi-mbeans-in-same-jvm = on
                akka.cluster.roles = [learner, edge, users]
                """).withFallback(ConfigFactory.load());
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
        validate(request);
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
            policy.ifPresent(snapshot -> PolicyPublisher.toEveryNode(system, spec.runId(), snapshot));
        } catch (RuntimeException e) {
            runs.forget(spec.runId());
            throw e;
        }
        double slotTimeout = request.scenario().sim().slotTimeoutSeconds();
        int attempts = request.scenario().sim().maxEpisodeAttempts();
        RunDriver.Restart restart = (next, driver) -> new SlotCoordinator.StartRun(spec, request.episodes() - next,
                slotTimeout, attempts, driver, next);
        ActorRef<SlotCoordinator.RunEvent> events = system.systemActorOf(RunDriver.create(listener, null, done,
                silenceSeconds(request.scenario(), false), coordinator, restart, 0, request.episodes()),
                "run-" + spec.runId(), Props.empty());
        coordinator.tell(new SlotCoordinator.StartRun(spec, request.episodes(), slotTimeout, attempts, events));
        return await(system, done, runs, spec);
    }

    /**
     * Makes this actor system a simulation node: registers the sharded entities, starts the node's policy board and
     * the coordinator singleton; idempotent. A system that is not a cluster member yet joins itself (local mode);
     * one that already is (cluster mode) is not affected by that join.
     */
    public static ActorRef<SlotCoordinator.Command> startNode(ActorSystem<?> system, RunContexts runs) {
        Cluster cluster = Cluster.get(system);
        if (system.settings().config().getStringList("akka.cluster.seed-nodes").isEmpty()
                && cluster.selfMember().status() == MemberStatus.removed()) {
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
        }
        UserDevice.init(system, runs);
        BaseStation.init(system, runs);
        runs.startBoardOnce(() -> system.systemActorOf(PolicyBoard.create(runs), "policy-board", Props.empty()));
        return ClusterSingleton.get(system)
                .init(SingletonActor.of(SlotCoordinator.create(runs), "slot-coordinator")
                        .withSettings(ClusterSingletonSettings.create(system).withRole(Roles.LEARNER)));
    }

    /** Waits for a run to end and has every node forget it. */
    static RunReport await(ActorSystem<?> system, CompletableFuture<RunReport> done, RunContexts runs, RunSpec spec) {
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the simulation was running", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            runs.forget(spec.runId());
            forgetEverywhere(system, spec.runId());
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
        return RunDriver.create(listener, null, done, silenceSeconds, null, null, 0, Integer.MAX_VALUE);
    }

    /**
     * How long a run may go without any event from its coordinator before it is given up: a few slot timeouts, or
     * while training the learner's timeout.
     */
    static double silenceSeconds(LoadedScenario scenario, boolean training) {
        double slot = scenario.sim().slotTimeoutSeconds();
        return (training ? Math.max(3 * slot, SlotCoordinator.learningTimeoutSeconds(slot)) : 3 * slot) + 30;
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
