package org.edgegen.training;

import org.edgegen.config.LoadedScenario;

/**
 * A training run: play episodes {@code firstEpisode .. firstEpisode + episodes - 1} with every user acting by its own
 * copy of the OSI policy (sampling), and update the policy after each. {@code firstEpisode} > 0 resumes a run.
 */
public record TrainRequest(LoadedScenario scenario, int firstEpisode, int episodes, long seed) {}
