package org.edgegen.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.util.Objects;
import org.edgegen.model.Scenario;
import org.edgegen.model.TrainingLoads;

/**
 * A validated scenario together with the configuration it was built from.
 *
 * @param scenario the scenario in SI units
 * @param sim      the actor simulation's settings ({@code edgegen.sim})
 * @param learner  the OSI learner's hyper-parameters ({@code edgegen.learner})
 * @param training the loads a training run draws per episode ({@code edgegen.training}); only training reads them
 * @param resolved the complete {@code edgegen} configuration (scenario file and overrides on top of
 *                 reference.conf, substitutions resolved); it holds only the path {@code edgegen}, so rendering it
 *                 gives a scenario file that loads to the same scenario ({@code edgegen.training} is left out when
 *                 it draws nothing, so that files of runs without ranges are as before)
 */
public record LoadedScenario(Scenario scenario, SimSettings sim, LearnerSettings learner, TrainingLoads training,
        Config resolved) {

    public LoadedScenario {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(sim, "sim");
        Objects.requireNonNull(learner, "learner");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(resolved, "resolved");
    }

    /** The resolved configuration as HOCON text, e.g. to keep it as {@code config.conf} next to a run's results. */
    public String renderHocon() {
        return resolved.root().render(ConfigRenderOptions.defaults()
                .setOriginComments(false)
                .setComments(false)
                .setJson(false)
                .setFormatted(true));
    }
}
