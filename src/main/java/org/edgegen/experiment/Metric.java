package org.edgegen.experiment;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.edgegen.report.TaskStats;

/**
 * The quantities an experiment reports for every policy at every point, each a per-seed sample averaged over the
 * seeds. Shares and rates are fractions in the CSVs and percentages in figures and tables.
 */
public enum Metric {
    // The lambdas read the group named by of(): centre-* from the centre group, edge-* from the edge group.
    COST("cost", "Mean weighted cost", "", false, s -> s.all().meanCost()),
    DELAY("delay", "Mean delay", "s", false, s -> s.all().meanDelaySeconds()),
    ENERGY("energy", "Mean device energy", "J", false, s -> s.all().meanEnergyJoules()),
    ERROR("error", "Mean generation error", "", false, s -> s.all().meanError()),
    PENALTY("penalty", "Mean penalty", "", false, s -> s.all().meanPenalty()),
    DEADLINE_VIOLATIONS("deadline-violations", "Deadline violations", "% of tasks", true,
            s -> s.all().deadlineViolationRate()),
    QUALITY_VIOLATIONS("quality-violations", "Quality violations", "% of tasks", true,
            s -> s.all().qualityViolationRate()),
    LOCAL_SHARE("local-share", "Tasks generated on the device", "% of tasks", true,
            s -> s.all().share(s.all().local())),
    HOME_SHARE("home-share", "Tasks generated at the home BS", "% of tasks", true,
            s -> s.all().share(s.all().home())),
    NEIGHBOUR_SHARE("neighbour-share", "Tasks generated at a neighbour BS", "% of tasks", true,
            s -> s.all().share(s.all().neighbour())),
    MEAN_STEPS("mean-steps", "Mean denoising steps", "steps", false, s -> s.all().meanSteps()),
    CENTRE_COST("centre-cost", "Mean cost of cell-centre users", "", false, s -> s.centre().meanCost()),
    EDGE_COST("edge-cost", "Mean cost of cell-edge users", "", false, s -> s.edge().meanCost()),
    CENTRE_DELAY("centre-delay", "Mean delay of cell-centre users", "s", false,
            s -> s.centre().meanDelaySeconds()),
    EDGE_DELAY("edge-delay", "Mean delay of cell-edge users", "s", false, s -> s.edge().meanDelaySeconds());

    private final String id;
    private final String title;
    private final String unit;
    private final boolean fraction;
    private final ToDoubleFunction<Groups> value;

    Metric(String id, String title, String unit, boolean fraction, ToDoubleFunction<Groups> value) {
        this.id = id;
        this.title = title;
        this.unit = unit;
        this.fraction = fraction;
        this.value = value;
    }

    public String id() {
        return id;
    }

    /**
     * The metric's column name in the CSVs: its id in camelCase ({@code deadline-violations} to
     * {@code deadlineViolations}), as every other output file names its columns. Suite files and figure file names
     * keep the id.
     */
    public String column() {
        StringBuilder name = new StringBuilder();
        for (String word : id.split("-")) {
            name.append(name.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return name.toString();
    }

    public String title() {
        return title;
    }

    /** The unit as shown (e.g. "s", "% of tasks"); empty for dimensionless metrics. */
    public String unit() {
        return unit;
    }

    /** The unit of the CSV values: fractions stay fractions there. */
    public String csvUnit() {
        return fraction ? "fraction of tasks" : unit;
    }

    /** Whether the metric is a fraction, shown ×100 as a percentage. */
    public boolean fraction() {
        return fraction;
    }

    /** The axis label: title and unit. */
    public String label() {
        return unit.isEmpty() ? title : title + " (" + unit + ")";
    }

    /** The metric over these tasks; NaN when the group it is taken over has no task. */
    public double of(Groups groups) {
        TaskStats stats = this == CENTRE_COST || this == CENTRE_DELAY ? groups.centre()
                : this == EDGE_COST || this == EDGE_DELAY ? groups.edge() : groups.all();
        return stats.tasks() == 0 ? Double.NaN : value.applyAsDouble(groups);
    }

    /** The value as shown in figures and tables (percent for fractions). */
    public double shown(double value) {
        return fraction ? 100.0 * value : value;
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Metric::id).toList();
    }

    public static Optional<Metric> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }

    /**
     * The tasks of one policy's evaluation at one seed, whole and split by where the users stand.
     *
     * @param centre tasks of cell-centre users
     * @param edge   tasks of cell-edge users
     */
    public record Groups(TaskStats all, TaskStats centre, TaskStats edge) {}
}
