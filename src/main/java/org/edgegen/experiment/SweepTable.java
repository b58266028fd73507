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
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.edgegen.config.Suite;
import org.edgegen.config.Suite.Level;
import org.edgegen.config.Suite.Sweep;
import org.edgegen.experiment.Statistics.Estimate;
import org.edgegen.report.Numbers;

/**
 * A sweep's results: for every point and policy, the mean and 95 % confidence interval over the seeds of every
 * metric. Rows follow the sweep's levels, then its series levels, then the suite's policy order.
 */
public record SweepTable(Sweep sweep, List<Row> rows, List<String> notes) {

    /** The CSV columns before the metrics; each metric then has a mean column and a {@code -ci95} column. */
    public static final List<String> KEY_COLUMNS = List.of("level", "x", "series", "policy", "seeds");
    public static final String CI_SUFFIX = "-ci95";

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
            for (String policy : suite.policies()) {
                List<Sample> samples = result.samples().stream().filter(s -> s.policy().equals(policy)).toList();
                if (samples.isEmpty()) {
                    continue;
                }
                Map<Metric, Estimate> estimates = new EnumMap<>(Metric.class);
                for (Metric metric : Metric.values()) {
                    List<Double> values = samples.stream().map(s -> s.value(metric)).filter(v -> !v.isNaN())
                            .toList();
                    estimates.put(metric, Statistics.estimate(values));
                }
                rows.add(new Row(point.levelIndex(), point.level(), point.series(), policy, samples.size(),
                        estimates));
            }
        }
        return new SweepTable(sweep, rows, notes);
    }

    /** The distinct lines (policy, or policy and series level) in order of first appearance. */
    public List<String> lines() {
        return rows.stream().map(Row::line).distinct().toList();
    }

    public List<Row> line(String line) {
        return rows.stream().filter(r -> r.line().equals(line)).toList();
    }

    /** Writes the table as CSV: one row per point and policy, a mean and a CI half-width column per metric. */
    public void write(Path file) throws IOException {
        List<String> header = new ArrayList<>(KEY_COLUMNS);
        for (Metric metric : Metric.values()) {
            header.add(metric.id());
            header.add(metric.id() + CI_SUFFIX);
        }
        try (CSVPrinter csv = new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8),
                CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).setRecordSeparator("\n").get())) {
            for (Row row : rows) {
                List<String> cells = new ArrayList<>();
                cells.add(row.level().label());
                cells.add(row.level().x().isPresent() ? Numbers.format(row.level().x().getAsDouble()) : "");
                cells.add(row.series().map(Level::label).orElse(""));
                cells.add(row.policy());
                cells.add(Integer.toString(row.seeds()));
                for (Metric metric : Metric.values()) {
                    Estimate estimate = row.estimate(metric);
                    cells.add(Numbers.format(estimate.mean()));
                    cells.add(Numbers.format(estimate.halfWidth()));
                }
                csv.printRecord(cells);
            }
        }
    }
}
