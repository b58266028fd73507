package org.edgegen.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.edgegen.config.Suite;
import org.edgegen.config.Suite.Level;
import org.edgegen.config.Suite.Sweep;
import org.edgegen.experiment.SweepTable.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A seed at which no cell-centre (or cell-edge) user had a task: empty cells, left out of the CI, and said why. */
class EmptyGroupTest {

    private static final Level LEVEL = new Level("2", OptionalDouble.of(2), Map.of("edgegen.users.count", "2"));
    private static final Sweep SWEEP = new Sweep("users", "Number of users", "", List.of(LEVEL), Optional.empty(),
            Map.of());
    private static final Point POINT = new Point(SWEEP, 0, LEVEL, Optional.empty(), "00-2", Map.of(), null,
            null);
    private static final Suite SUITE = new Suite("s", "S", Path.of("s.conf"), Path.of("tiny.conf"), Map.of(),
            List.of(1L, 2L, 3L), 1, List.of("greedy-local"), null, List.of("cost"), List.of(SWEEP), "");

    /** A sample whose every metric is {@code value}, but whose centre group has no task when {@code noCentre}. */
    private static Sample sample(long seed, double value, boolean noCentre) {
        Map<Metric, Double> values = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            boolean centre = metric == Metric.CENTRE_COST || metric == Metric.CENTRE_DELAY;
            values.put(metric, centre && noCentre ? Double.NaN : value);
        }
        return new Sample("greedy-local", seed, 10, values);
    }

    @Test
    void aSeedWithoutACellCentreTaskLeavesItsCellsEmptyAndReadsBackAsNoValue(@TempDir Path dir) throws IOException {
        PointResults results = new PointResults(List.of(sample(1, 0.5, false), sample(2, 0.7, true)), List.of());

        PointFiles.write(dir, "described", results);

        List<String> lines = Files.readAllLines(dir.resolve(PointFiles.RESULTS), StandardCharsets.UTF_8);
        assertThat(String.join("\n", lines)).doesNotContain("NaN");
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<String> second = List.of(lines.get(2).split(",", -1));
        assertThat(second.get(header.indexOf("centreCost"))).isEmpty();
        assertThat(second.get(header.indexOf("centreDelay"))).isEmpty();
        assertThat(second.get(header.indexOf("edgeCost"))).isEqualTo("0.7");
        PointResults read = PointFiles.read(dir);
        assertThat(read.samples().get(1).value(Metric.CENTRE_COST)).isNaN();
        assertThat(read.samples().get(1).value(Metric.EDGE_COST)).isEqualTo(0.7);
        assertThat(read.samples().get(0).value(Metric.CENTRE_COST)).isEqualTo(0.5);
    }

    @Test
    void theSweepLeavesTheSeedOutOfTheMeanAndCiAndTheReportNamesIt(@TempDir Path dir) throws IOException {
        PointResults results = new PointResults(List.of(sample(1, 0.5, false), sample(2, 0.7, true),
                sample(3, 0.6, false)), List.of());

        SweepTable table = SweepTable.of(SUITE, SWEEP, List.of(POINT), List.of(results));

        Row row = table.rows().get(0);
        assertThat(row.estimate(Metric.CENTRE_COST).n()).isEqualTo(2);
        assertThat(row.estimate(Metric.CENTRE_COST).mean()).isCloseTo(0.55, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(row.estimate(Metric.COST).n()).isEqualTo(3);
        assertThat(table.notes()).containsExactly("users = 2: at seed 2 no cell-centre user had a task, so centre cost "
                + "and centre delay have no value there: those seeds are left out of their means and CIs, and a cell "
                + "is empty where fewer than two seeds (for a CI) or none are left");
        Path csv = dir.resolve("users.csv");
        table.write(csv);
        assertThat(Files.readString(csv, StandardCharsets.UTF_8)).doesNotContain("NaN");
    }

    @Test
    void aGroupEmptyAtEverySeedHasEmptyMeanAndCiCells(@TempDir Path dir) throws IOException {
        PointResults results = new PointResults(List.of(sample(1, 0.5, true), sample(2, 0.7, true)), List.of());

        SweepTable table = SweepTable.of(SUITE, SWEEP, List.of(POINT), List.of(results));
        Path csv = dir.resolve("users.csv");
        table.write(csv);

        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<String> row = List.of(lines.get(1).split(",", -1));
        assertThat(row.get(header.indexOf("centreCost"))).isEmpty();
        assertThat(row.get(header.indexOf("centreCostCi95"))).isEmpty();
        assertThat(row.get(header.indexOf("edgeCost"))).isEqualTo("0.6");
        assertThat(table.notes()).singleElement().asString().contains("at seeds 1, 2 no cell-centre user")
                .endsWith("their cells are empty in the CSVs");
    }
}
