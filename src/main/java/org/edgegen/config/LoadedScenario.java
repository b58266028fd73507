package org.edgegen.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.util.Objects;
import org.edgegen.model.Scenario;

/**
 * A validated scenario together with the configuration it was built from.
 *
 * @param scenario the scenario in SI units
 * @param sim      the actor simulation's settings ({@code edgegen.sim})
 * @param learner  the OSI learner's hyper-parameters ({@code edgegen.learner})
 * @param resolved the complete {@code edgegen} configuration (scenario file and overrides on top of
 *                 reference.conf, substitutions resolved); it holds only the path {@code edgegen}, so rendering it
 *                 gives a scenario file that loads to the same scenario
 */
public record LoadedScenario(Scenario scenario, SimSettings sim, LearnerSettings learner, Config resolved) {

    public LoadedScenario {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(sim, "sim");
        Objects.requireNonNull(learner, "learner");
        Objects.requireNonNull(resolved, "resolved");
    }

    /**
     * The resolved configuration as HOCON text, e.g. to keep it as {@code config.conf} next to a run's results. The
     * sizes of the pieces messages are cut into ({@code edgegen.sim.chunk-size}, {@code weight-chunk-floats})
     * change no number, so they are written only when set to other than their defaults: the text of a run (its
     * config.conf, the scenario a checkpoint records, a suite's hash of it) is what it was before they existed, and
     * loading it gives the same settings, the defaults coming from reference.conf.
     */
    public String renderHocon() {
        Config shown = resolved;
        if (sim.chunkSize() == SimSettings.DEFAULT_CHUNK_SIZE) {
            shown = shown.withoutPath(KnownKeys.ROOT + ".sim.chunk-size");
        }
        if (sim.weightChunkFloats() == SimSettings.DEFAULT_WEIGHT_CHUNK_FLOATS) {
            shown = shown.withoutPath(KnownKeys.ROOT + ".sim.weight-chunk-floats");
        }
        return shown.root().render(ConfigRenderOptions.defaults()
                .setOriginComments(false)
                .setComments(false)
                .setJson(false)
                .setFormatted(true));
    }
}
