package org.edgegen.policy;

import java.util.SplittableRandom;

/** A decentralised policy: one agent's action from its own observation only. Implementations are stateless. */
public interface Policy {

    /**
     * The action for an observation that has a task. {@code random} is this agent's own stream for this slot,
     * so a randomised policy stays reproducible wherever it runs.
     */
    Action act(Observation observation, SplittableRandom random);

    /** The kebab-case name used on the command line. */
    String name();
}
