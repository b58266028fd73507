package org.edgegen.sim;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.edgegen.policy.neural.PolicySnapshot;
import org.edgegen.training.RunSpec;

/**
 * The runs this node takes part in, by run id. One instance per actor system (an Akka extension), so the sharded
 * entities and the coordinator of every run on the node share it, however many runs the system plays.
 */
public final class RunContexts implements Extension {

    /** The extension's id. */
    public static final class Id extends ExtensionId<RunContexts> {
        @Override
        public RunContexts createExtension(ActorSystem<?> system) {
            return new RunContexts();
        }
    }

    private static final Id ID = new Id();

    private final Map<String, RunContext> runs = new ConcurrentHashMap<>();
    private final Map<String, PolicySnapshot> policies = new ConcurrentHashMap<>();
    private boolean boardStarted;
    private volatile RunHost runHost;

    /** The instance of this actor system. */
    public static RunContexts get(ActorSystem<?> system) {
        return system.registerExtension(ID);
    }

    /** The node's context of a run, created from the spec on first use. */
    public RunContext of(RunSpec spec) {
        return runs.computeIfAbsent(spec.runId(), id -> new RunContext(spec, this));
    }

    /** The node's context of a run, if it has one already. */
    public Optional<RunContext> known(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    /**
     * Installs a run's current neural policy on this node (the node's copy that its users act with). The newest
     * install wins, whatever its version: a learner that restarted from a checkpoint after its node was lost
     * installs an older version than the nodes hold, and the re-run must play that one.
     */
    public void installPolicy(String runId, PolicySnapshot snapshot) {
        policies.put(runId, snapshot);
    }

    /** The run's neural policy as installed on this node, if any. */
    public Optional<PolicySnapshot> policy(String runId) {
        return Optional.ofNullable(policies.get(runId));
    }

    /** Forgets a finished run. */
    public void forget(String runId) {
        runs.remove(runId);
        policies.remove(runId);
    }

    /** Runs {@code start} the first time it is called on this node (starting the node's policy board). */
    public synchronized void startBoardOnce(Runnable start) {
        if (!boardStarted) {
            start.run();
            boardStarted = true;
        }
    }

    /** Lets this node host the cluster's runs and write their files (a {@code learner} node). */
    public void hostRuns(RunHost host) {
        runHost = host;
    }

    /** The run host of this node, if it can host runs. */
    public Optional<RunHost> runHost() {
        return Optional.ofNullable(runHost);
    }

    /** How many runs this node currently knows. */
    public int size() {
        return runs.size();
    }
}
