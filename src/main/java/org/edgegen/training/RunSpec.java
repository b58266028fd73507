package org.edgegen.training;

import org.edgegen.cluster.CborSerializable;




/**
 * What every actor of a run needs to know, small enough to travel in messages: the run's id, its resolved scenario
 * as HOCON text (each node parses it once), the run seed, the policy name, and whether the users are training
 * (sampling their neural policy and recording transitions) rather than evaluating.
 */
public record RunSpec(String runId, String scenarioHocon, long seed, String policy, boolean training)
        implements CborSerializable {

    /** A run that does not train. */
    public RunSpec(String runId, String scenarioHocon, long seed, String policy) {
        this(runId, scenarioHocon, seed, policy, false);
    }
}
