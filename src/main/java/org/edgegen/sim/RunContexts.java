package org.edgegen.sim;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    /** The instance of this actor system. */
    public static RunContexts get(ActorSystem<?> system) {
        return system.registerExtension(ID);
    }

    /** The node's context of a run, created from the spec on first use. */
    public RunContext of(RunSpec spec) {
        return runs.computeIfAbsent(spec.runId(), id -> new RunContext(spec));
    }

    /** Forgets a finished run. */
    public void forget(String runId) {
        runs.remove(runId);
    }

    /** How many runs this node currently knows. */
    public int size() {
        return runs.size();
    }
}
