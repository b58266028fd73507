package org.edgegen.experiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.edgegen.report.Column;
import org.edgegen.report.CsvLayout;

/**
 * What one policy's evaluation episodes of one seed came to at one sweep point: one sample of every metric (NaN,
 * an empty cell in the CSV, where a metric has no task to be taken over).
 *
 * @param tasks all tasks of the sample
 */
public record Sample(String policy, long seed, long tasks, Map<Metric, Double> values) {

    public static final Column<Sample> POLICY = Column.text("policy", "the policy's name", Sample::policy);
    public static final Column<Sample> SEED = Column.integer("seed", "", "the evaluation seed", Sample::seed);
    public static final Column<Sample> TASKS = Column.integer("tasks", "tasks",
            "all tasks of the seed's evaluation episodes", Sample::tasks);

    /** The columns of a point's {@code results.csv}: the keys, then one column per {@link Metric}. */
    public static final CsvLayout<Sample> CSV = new CsvLayout<>("points/SWEEP/NN-LABEL/" + PointFiles.RESULTS,
            "experiment --out DIR",
            "One row per policy and evaluation seed of one sweep point: the seed's sample of every metric, the task "
                    + "mean over its episodes. A cell is empty where the metric's group has no task at that seed (e.g. "
                    + "`centreCost` when no cell-centre user had a task): such a seed is left out of the sweep's mean "
                    + "and CI, and the report says so. The metric columns are "
                    + "those of `Metric`, in its order, named by its id in camelCase (the suite's `metrics` and the "
                    + "figure files use the id, e.g. `deadline-violations`). Older files named them by the id "
                    + "itself; a suite with such files still resumes.",
            columns());

    private static List<Column<Sample>> columns() {
        List<Column<Sample>> columns = new ArrayList<>(List.of(POLICY, SEED, TASKS));
        for (Metric metric : Metric.values()) {
            columns.add(column(metric));
        }
        return columns;
    }

    /** The column of one metric's sample. */
    private static Column<Sample> column(Metric metric) {
        return Column.optionalNumber(metric.column(), metric.csvUnit(), metric.title(), s -> s.value(metric));
    }

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
