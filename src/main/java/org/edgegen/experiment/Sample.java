package org.edgegen.experiment;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one policy's evaluation episodes of one seed came to at one sweep point: one sample of every metric (NaN
 * where a metric has no task to be taken over).
 *
 * @param tasks all tasks of the sample
 */
public record Sample(String policy, long seed, long tasks, Map<Metric, Double> values) {

    public Sample {
        values = Collections.unmodifiableMap(new EnumMap<>(values));
    }

    public static Sample of(String policy, long seed, Metric.Groups groups) {
        Map<Metric, Double> values = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            values.put(metric, metric.of(groups));
        }
        return new Sample(policy, seed, groups.all().tasks(), values);
    }

    public double value(Metric metric) {
        return values.getOrDefault(metric, Double.NaN);
    }
}
