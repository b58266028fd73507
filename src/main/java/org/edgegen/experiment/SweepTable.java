package org.edgegen.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVPrinter;
import org.edgegen.config.Suite;
import org.edgegen.config.Suite.Level;
import org.edgegen.config.Suite.Sweep;
import org.edgegen.experiment.Statistics.Estimate;
import org.edgegen.report.Column;
import org.edgegen.report.CsvLayout;

/**
 * A sweep's results: for every point and policy, the mean and 95 % confidence interval over the seeds of every
 * metric. Rows follow the sweep's levels, then its series levels, then the suite's policy order.
 */
public record SweepTable(Sweep sweep, List<Row> rows, List<String> notes) {

    public static final String CI_SUFFIX = "Ci95";
    /** The suffixes of a rate's interval bounds (a bootstrap interval need not be symmetric about the mean). */
    public static final String LOW_SUFFIX = "Ci95Low";
    public static final String HIGH_SUFFIX = "Ci95High";

    public SweepTable {
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }

    /**
     * @param levelIndex the level's index on the sweep's axis
     * @param series     the series level, if the sweep has a series axis
     */
    public record Row(int levelIndex, Level level, Optional<Level> series, String policy, int seeds,
            Map<Metric, Estimate> estimates) {

        public Row {
            estimates = new EnumMap<>(estimates);
        }

        /** The columns of a sweep's CSV: the keys, then a mean and a {@value SweepTable#CI_SUFFIX} column per metric. */
        public static final CsvLayout<Row> CSV = new CsvLayout<>("SWEEP.csv", "experiment --out DIR",
                "One row per point and policy of the sweep SWEEP, following the sweep's levels, then its series "
                        + "levels, then the suite's policy order. Each metric of `results.csv` has two columns: the "
                        + "mean of the seeds' samples and the half-width of its 95 % confidence interval (Student's "
                        + "t with n - 1 degrees of freedom), both over the seeds whose sample is not empty (a seed at which the metric's group had no task, e.g. no "
                        + "cell-centre user with a task, is left out, and the report names it). A mean over no seed "
                        + "and an interval over fewer than two seeds are empty cells. A rate "
                        + "(a fraction of tasks) has a 95 % percentile-bootstrap interval over the seeds instead ("
                        + Statistics.BOOTSTRAP_RESAMPLES + " resamples, fixed seed), which stays within [0, 1]: its "
                        + "`" + CI_SUFFIX + "` column is half the interval's width, and two more columns give its "
                        + "bounds. Column names are camelCase, as in every output file; real values always carry a "
                        + "decimal point.",
                columns());

        private static List<Column<Row>> columns() {
            List<Column<Row>> columns = new ArrayList<>(List.of(
                    Column.text("level", "the level's label on the sweep's axis", r -> r.level().label()),
                    Column.number("x", "", "the level's position: its value on a numeric axis, its index (0, 1, ...) "
                            + "on a categorical one", r -> r.level().x().orElse(r.levelIndex())),
                    Column.text("series", "the series level; `" + Suite.NO_SERIES + "` if the sweep has no series",
                            r -> r.series().map(Level::label).orElse(Suite.NO_SERIES)),
                    Column.text("policy", "the policy's name", Row::policy),
                    Column.integer("seeds", "", "evaluation seeds the estimates are over", Row::seeds)));
            for (Metric metric : Metric.values()) {
                String id = metric.column();
                columns.add(Column.optionalNumber(id, metric.csvUnit(), "mean over the seeds: " + metric.title(),
                        r -> r.estimate(metric).mean()));
                if (!metric.fraction()) {
                    columns.add(Column.optionalNumber(id + CI_SUFFIX, metric.csvUnit(),
                            "95 % confidence half-width of `" + id + "` (Student's t over the seeds)",
                            r -> r.estimate(metric).halfWidth()));
                    continue;
                }
                columns.add(Column.optionalNumber(id + CI_SUFFIX, metric.csvUnit(),
                        "half the width of the 95 % percentile-bootstrap interval of `" + id
                                + "` over the seeds", r -> r.estimate(metric).halfWidth()));
                columns.add(Column.optionalNumber(id + LOW_SUFFIX, metric.csvUnit(),
                        "lower bound of that interval, within [0, 1]", r -> r.estimate(metric).low()));
                columns.add(Column.optionalNumber(id + HIGH_SUFFIX, metric.csvUnit(),
                        "upper bound of that interval, within [0, 1]", r -> r.estimate(metric).high()));
            }
            return columns;
        }

        public Estimate estimate(Metric metric) {
            return estimates.get(metric);
        }

        /** The line this row belongs to in a figure: the policy, and the series level if any. */
        public String line() {
            return policy + series.map(s -> ", " + s.label()).orElse("");
        }
    }

    /** The table of {@code sweep} from its points' results (given in the plan's order; null: not run yet). */
    public static SweepTable of(Suite suite, Sweep sweep, List<Point> points, List<PointResults> results) {
        List<Row> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int p = 0; p < points.size(); p++) {
            Point point = points.get(p);
            if (!point.sweep().name().equals(sweep.name())) {
                continue;
            }
            PointResults result = results.get(p);
            if (result == null) {
                continue;
            }
            for (String note : result.notes()) {
                notes.add(point.label() + ": " + note);
            }
            emptyGroups(result.samples(), Metric.CENTRE_COST, "cell-centre", "centre")
                    .ifPresent(note -> notes.add(point.label() + ": " + note));
            emptyGroups(result.samples(), Metric.EDGE_COST, "cell-edge", "edge")
                    .ifPresent(note -> notes.add(point.label() + ": " + note));
            for (String policy : suite.policies()) {
                List<Sample> samples = result.samples().stream().filter(s -> s.policy().equals(policy)).toList();
                if (samples.isEmpty()) {
                    continue;
                }
                Map<Metric, Estimate> estimates = new EnumMap<>(Metric.class);
                for (Metric metric : Metric.values()) {
                    List<Double> values = samples.stream().map(s -> s.value(metric)).filter(v -> !v.isNaN())
                            .toList();
                    estimates.put(metric, Statistics.estimate(metric, values));
                }
                rows.add(new Row(point.levelIndex(), point.level(), point.series(), policy, samples.size(),
                        estimates));
            }
        }
        return new SweepTable(sweep, rows, notes);
    }

    /**
     * Why a group's metrics are over fewer seeds than the others, if they are: the seeds at which the group (the
     * users that {@code metric} is taken over) had no task for some policy.
     */
    private static Optional<String> emptyGroups(List<Sample> samples, Metric metric, String users, String group) {
        List<Long> seeds = samples.stream().filter(s -> Double.isNaN(s.value(metric))).map(Sample::seed).distinct()
                .sorted().toList();
        if (seeds.isEmpty()) {
            return Optional.empty();
        }
        boolean every = samples.stream().map(Sample::seed).distinct().count() == seeds.size();
        return Optional.of((seeds.size() == 1 ? "at seed " : "at seeds ")
                + String.join(", ", seeds.stream().map(String::valueOf).toList()) + " no " + users
                + " user had a task, so " + group + " cost and " + group + " delay have no value there: "
                + (every ? "their cells are empty in the CSVs" : "those seeds are left out of their means and "
                        + "CIs, and a cell is empty where fewer than two seeds (for a CI) or none are left"));
    }

    /** The distinct lines (policy, or policy and series level) in order of first appearance. */
    public List<String> lines() {
        return rows.stream().map(Row::line).distinct().toList();
    }

    public List<Row> line(String line) {
        return rows.stream().filter(r -> r.line().equals(line)).toList();
    }

    /** Writes the table as CSV ({@link Row#CSV}): one row per point and policy, a mean and a CI per metric. */
    public void write(Path file) throws IOException {
        try (CSVPrinter csv = new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8),
                Row.CSV.format())) {
            for (Row row : rows) {
                csv.printRecord(Row.CSV.cells(row));
            }
        }
    }
}
