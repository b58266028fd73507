package org.edgegen.sim;

import org.edgegen.config.LoadedScenario;

/**
 * One simulation run: a validated scenario, the policy every user acts by, how many episodes and the run seed.
 * Episodes are numbered 0..episodes-1.
 */
public record RunRequest(LoadedScenario scenario, String policy, int episodes, long seed) {}
