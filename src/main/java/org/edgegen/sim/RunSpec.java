package org.edgegen.sim;

import org.edgegen.cluster.CborSerializable;

/**
 * What every actor of a run needs to know, small enough to travel in messages: the run's id, its resolved scenario
 * as HOCON text (each node parses it once), the run seed and the policy name.
 */
public record RunSpec(String runId, String scenarioHocon, long seed, String policy) implements CborSerializable {}
