package org.edgegen.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *                 it draws nothing, and {@code edgegen.mdp.load-features} and {@code edgegen.mdp.rate-feature}
 *                 when they are off, so that files of runs without them are as before)
 */
public record LoadedScenario(Scenario scenario, SimSettings sim, LearnerSettings learner, TrainingLoads training,
        Config resolved) {

    private static final String ROOT = "edgegen";

    public LoadedScenario {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(sim, "sim");
        Objects.requireNonNull(learner, "learner");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(resolved, "resolved");
    }

    /**
     * The same scenario whose learner plays its trained policy as {@code other} does (its {@code execution} and
     * {@code execution-temperature}); the resolved configuration is left as it is.
     */
    public LoadedScenario withPlay(LearnerSettings other) {
        return new LoadedScenario(scenario, sim, learner.withPlay(other), training, resolved);
    }

    /** The resolved configuration as HOCON text, e.g. to keep it as {@code config.conf} next to a run's results. */
    public String renderHocon() {
        return resolved.root().render(ConfigRenderOptions.defaults()
                .setOriginComments(false)
                .setComments(false)
                .setJson(false)
                .setFormatted(true));
    }

    /**
     * The values of keys of the resolved configuration, by their path under {@code edgegen} (e.g.
     * {@code users.count}) in the order given; a path that names a section stands for each key below it, in
     * alphabetical order. A number is a {@code Double}, {@code true}/{@code false} a {@code Boolean}, anything else
     * (a string such as {@code on}) the string, and a list its HOCON text on one line, e.g. {@code [128,128]}.
     *
     * @throws IllegalArgumentException if a path is not in the configuration
     */
    public Map<String, Object> values(List<String> paths) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String path : paths) {
            String full = ROOT + "." + path;
            if (!resolved.hasPath(full)) {
                throw new IllegalArgumentException("the configuration has no key " + full);
            }
            ConfigValue value = resolved.getValue(full);
            if (value instanceof ConfigObject) {
                resolved.getConfig(full).entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(e -> values.put(path + "." + e.getKey(), plain(e.getValue())));
            } else {
                values.put(path, plain(value));
            }
        }
        return values;
    }

    private static Object plain(ConfigValue value) {
        return switch (value.valueType()) {
            case NUMBER -> ((Number) value.unwrapped()).doubleValue();
            case BOOLEAN -> value.unwrapped();
            case STRING -> value.unwrapped();
            default -> value.render(ConfigRenderOptions.concise().setJson(false));
        };
    }
}
