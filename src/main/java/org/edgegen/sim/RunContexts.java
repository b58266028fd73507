package org.edgegen.sim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The runs this node takes part in, by run id; one instance per actor system, handed to the entity factories. */
public final class RunContexts {

    private final Map<String, RunContext> runs = new ConcurrentHashMap<>();

    /** The node's context of a run, created from the spec on first use. */
    public RunContext of(RunSpec spec) {
        return runs.computeIfAbsent(spec.runId(), id -> new RunContext(spec));
    }

    /** Forgets a finished run. */
    public void forget(String runId) {
        runs.remove(runId);
    }
}
