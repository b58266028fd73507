package org.edgegen.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a training run's curves say about the run itself, once, where its events start: its hyper-parameters and
 * the tags of its curves (so that TensorBoard's HPARAMS tab can set runs side by side) and its whole configuration
 * as text.
 *
 * @param hparams    each hyper-parameter's value by name, in order: a {@code String}, {@code Boolean} or
 *                   {@code Double}
 * @param metricTags the tags of the curves that {@link CurveWriter#scalars} writes
 * @param configName what the configuration is called, e.g. {@code config.conf}
 * @param configText the configuration, e.g. the run's {@code config.conf}
 * @param checkpoints where the run keeps its checkpoints
 * @param step       the step the description is written at: the run's first episode
 */
public record RunDescription(Map<String, Object> hparams, List<String> metricTags, String configName,
        String configText, String checkpoints, long step) {

    public RunDescription {
        Objects.requireNonNull(configName, "configName");
        Objects.requireNonNull(configText, "configText");
        Objects.requireNonNull(checkpoints, "checkpoints");
        hparams.forEach((name, value) -> {
            if (!(value instanceof String || value instanceof Boolean || value instanceof Double)) {
                throw new IllegalArgumentException("the hyper-parameter " + name + " is " + value
                        + ", not a String, Boolean or Double");
            }
        });
        hparams = Collections.unmodifiableMap(new LinkedHashMap<>(hparams));
        metricTags = List.copyOf(metricTags);
    }
}
