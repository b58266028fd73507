package org.edgegen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.edgegen.config.Suite;
import org.edgegen.config.SuiteReader;
import org.edgegen.experiment.Metric;
import org.edgegen.report.Column;
import org.edgegen.experiment.SweepTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped quick suite end to end (about a minute on 2 cores with --jobs 2): its CSVs, figures and report exist
 * and agree with the points' raw results, and a second run reuses every point and gives the same CSVs.
 */
class ExperimentCommandTest {

    @TempDir
    Path dir;

    @Test
    void theQuickSuiteWritesConsistentCsvsFiguresAndAReportAndResumes() throws IOException {
        Path suiteFile = Path.of("conf/suites/quick.conf");
        Suite suite = SuiteReader.read(suiteFile, Metric.ids());
        Path out = dir.resolve("quick");

        CliRun first = CliRun.of("experiment", "--suite", suiteFile.toString(), "--out", out.toString(), "--jobs", "2");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("suite quick:", "run now, 0 reused", "report.md");
        Map<String, byte[]> csvs = new HashMap<>();
        for (Suite.Sweep sweep : suite.sweeps()) {
            Path csv = out.resolve(sweep.name() + ".csv");
            csvs.put(sweep.name(), Files.readAllBytes(csv));
            checkSweep(suite, sweep, csv, out.resolve("points").resolve(sweep.name()));
            for (String metric : suite.metrics()) {
                checkPng(out.resolve("figures").resolve(sweep.name() + "-" + metric + ".png"));
            }
        }
        checkReport(out, suite);

        // A point whose description is gone runs again, and gives the same numbers; the others are reused.
        Files.delete(out.resolve("points/users/01-4/point.conf"));
        CliRun second = CliRun.of("experiment", "--suite", suiteFile.toString(), "--out", out.toString());

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("(1 run now, 30 reused)");
        for (Suite.Sweep sweep : suite.sweeps()) {
            assertThat(out.resolve(sweep.name() + ".csv")).hasBinaryContent(csvs.get(sweep.name()));
        }
    }

    /** Rows: one per point and policy that ran; each mean is the mean of the seeds' samples in results.csv. */
    private static void checkSweep(Suite suite, Suite.Sweep sweep, Path csv, Path pointsDir) throws IOException {
        List<CSVRecord> rows = records(csv);
        List<String> header = new ArrayList<>(List.of("level", "x", "series", "policy", "seeds"));
        for (Metric metric : Metric.values()) {
            String id = metric.column();
            header.add(id);
            header.add(id + SweepTable.CI_SUFFIX);
            if (metric.fraction()) {
                header.add(id + SweepTable.LOW_SUFFIX);
                header.add(id + SweepTable.HIGH_SUFFIX);
            }
        }
        assertThat(rows.get(0).getParser().getHeaderNames()).isEqualTo(header);
        int seriesLevels = sweep.series().map(s -> s.levels().size()).orElse(1);
        List<Path> points;
        try (Stream<Path> listed = Files.list(pointsDir)) {
            points = listed.sorted().toList();
        }
        assertThat(points).hasSize(sweep.levels().size() * seriesLevels);
        int expectedRows = 0;
        for (Path point : points) {
            List<CSVRecord> samples = records(point.resolve("results.csv"));
            assertThat(Files.readString(point.resolve("results.csv"))).doesNotContain("NaN");
            Map<String, List<CSVRecord>> byPolicy = new HashMap<>();
            samples.forEach(s -> byPolicy.computeIfAbsent(s.get("policy"), k -> new ArrayList<>()).add(s));
            expectedRows += byPolicy.size();
            for (List<CSVRecord> policySamples : byPolicy.values()) {
                assertThat(policySamples).hasSize(suite.seeds().size());
            }
        }
        assertThat(rows).hasSize(expectedRows);
        assertThat(expectedRows).isGreaterThanOrEqualTo(sweep.levels().size() * seriesLevels
                * (suite.policies().size() - 1));

        int row = 0;
        for (Path point : points) {
            List<CSVRecord> samples = records(point.resolve("results.csv"));
            for (String policy : suite.policies()) {
                List<CSVRecord> mine = samples.stream().filter(s -> s.get("policy").equals(policy)).toList();
                if (mine.isEmpty()) {
                    continue;
                }
                CSVRecord r = rows.get(row++);
                assertThat(r.get("policy")).isEqualTo(policy);
                String label = sweep.name() + " = " + r.get("level")
                        + (sweep.series().isEmpty() ? "" : ", " + r.get("series"));
                assertThat(r.get("series")).isNotEmpty();
                if (sweep.series().isEmpty()) {
                    assertThat(r.get("series")).isEqualTo(Suite.NO_SERIES);
                }
                assertThat(Files.readString(point.resolve("point.conf"))).contains("point = \"" + label + "\"");
                assertThat(Integer.parseInt(r.get("seeds"))).isEqualTo(suite.seeds().size());
                for (Metric metric : Metric.values()) {
                    String id = metric.column();
                    double expected = mine.stream().mapToDouble(s -> Column.optionalIn(s.get(id)))
                            .filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
                    double mean = Column.optionalIn(r.get(id));
                    double ci = Column.optionalIn(r.get(id + SweepTable.CI_SUFFIX));
                    if (Double.isNaN(expected)) {
                        assertThat(mean).isNaN();
                        continue;
                    }
                    assertThat(mean).as("%s %s %s", point.getFileName(), policy, id)
                            .isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
                    double[] values = mine.stream().mapToDouble(s -> Column.optionalIn(s.get(id)))
                            .filter(v -> !Double.isNaN(v)).toArray();
                    if (values.length >= 2 && metric.fraction()) {
                        double low = Column.optionalIn(r.get(id + SweepTable.LOW_SUFFIX));
                        double high = Column.optionalIn(r.get(id + SweepTable.HIGH_SUFFIX));
                        assertThat(low).as("low of %s %s %s", point.getFileName(), policy, id)
                                .isBetween(0.0, mean + 1e-12);
                        assertThat(high).as("high of %s %s %s", point.getFileName(), policy, id)
                                .isBetween(mean - 1e-12, 1.0);
                        assertThat(ci).isCloseTo((high - low) / 2, within(1e-9));
                    } else if (values.length >= 2) {
                        double squares = 0;
                        for (double v : values) {
                            squares += (v - expected) * (v - expected);
                        }
                        double t = new double[] {12.706, 4.303, 3.182, 2.776}[values.length - 2];
                        double halfWidth = t * Math.sqrt(squares / (values.length - 1)) / Math.sqrt(values.length);
                        assertThat(ci).as("ci of %s %s %s", point.getFileName(), policy, id)
                                .isCloseTo(halfWidth, within(1e-9 + 1e-9 * halfWidth));
                    }
                }
                double shares = Double.parseDouble(r.get("localShare")) + Double.parseDouble(r.get("homeShare"))
                        + Double.parseDouble(r.get("neighbourShare"));
                assertThat(shares).isBetween(0.9, 1.0 + 1e-9);
                if (policy.equals("all-local")) {
                    assertThat(Double.parseDouble(r.get("localShare"))).isEqualTo(1.0);
                }
            }
        }
    }

    private static void checkPng(Path file) throws IOException {
        assertThat(file).exists();
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as(file.toString()).isNotNull();
        assertThat(image.getWidth()).isGreaterThanOrEqualTo(600);
    }

    /** Every figure the report embeds exists, and every sweep has its section. */
    private static void checkReport(Path out, Suite suite) throws IOException {
        String report = Files.readString(out.resolve("report.md"), StandardCharsets.UTF_8);
        Matcher image = Pattern.compile("!\\[[^]]*]\\(([^)]+)\\)").matcher(report);
        int images = 0;
        while (image.find()) {
            images++;
            checkPng(out.resolve(image.group(1)));
            Path svg = out.resolve(image.group(1).replaceAll("\\.png$", ".svg"));
            assertThat(Files.readString(svg)).as(svg.toString()).contains("<svg", "</svg>");
        }
        assertThat(images).isGreaterThanOrEqualTo(suite.sweeps().size() * suite.metrics().size());
        for (Suite.Sweep sweep : suite.sweeps()) {
            assertThat(report).contains("## " + sweep.title(), "](" + sweep.name() + ".csv)");
        }
        assertThat(report).contains("## Training curves", "95 % confidence interval");
        // one episode map per policy of the base scenario, OSI's from the point that is the base (users = 4)
        assertThat(report).contains("- [Episode maps](#episode-maps)", "## Episode maps", "| Policy | Tasks | Local |");
        for (String policy : suite.policies()) {
            assertThat(report).contains("](figures/map-" + policy + ".png)");
        }
        assertThat(report).contains("percentile bootstrap");
        // no paragraph is said twice in a sweep's section (the table's reading was repeated under its first figure)
        for (String section : report.split("\n## ")) {
            List<String> paragraphs = Arrays.stream(section.split("\n\\s*\n")).map(String::strip)
                    .filter(p -> p.length() > 80 && !p.startsWith("|") && !p.startsWith("#") && !p.startsWith("!["))
                    .toList();
            assertThat(paragraphs).as(section.lines().findFirst().orElse("")).doesNotHaveDuplicates();
        }
        // quick.conf has both kinds of baseline: the report names them, marks the references, compares OSI to each.
        assertThat(report).contains("decentralised baselines (", "centralised references (", "| opt (central) |",
                "| central-least-finish-min (central) |", "Against the best decentralised baseline of each point",
                "Against the best centralised reference of each point");
    }

    private static List<CSVRecord> records(Path csv) throws IOException {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        }
    }
}
