package org.edgegen.experiment;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.edgegen.report.Column;

/**
 * The files of one finished point: {@code point.conf} (everything its results depend on), {@code results.csv}
 * (one row per policy and seed, every metric: {@link Sample#CSV}) and {@code notes.txt} (policies that could not run). A point counts
 * as done only when {@code results.csv} exists and {@code point.conf} matches what the suite asks now; both are
 * written through a temporary file and a rename, so an interrupted suite never leaves a half-written point.
 */
final class PointFiles {

    static final String RESULTS = "results.csv";
    static final String DESCRIPTION = "point.conf";
    static final String NOTES = "notes.txt";
    static final String TRAIN = "train";
    /** The wall time the point took to run, kept apart from its results (which must not depend on it). */
    static final String SECONDS = "seconds.txt";

    private PointFiles() {}

    /** The point's results if they exist and were made by the same description, else null. */
    static PointResults readIfDone(Path dir, String description) {
        Path results = dir.resolve(RESULTS);
        Path described = dir.resolve(DESCRIPTION);
        try {
            if (!Files.isRegularFile(results) || !Files.isRegularFile(described)
                    || !Files.readString(described, StandardCharsets.UTF_8).equals(description)) {
                return null;
            }
            return read(dir);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static PointResults read(Path dir) throws IOException {
        List<Sample> samples = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(dir.resolve(RESULTS), StandardCharsets.UTF_8)) {
            for (CSVRecord record : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(reader)) {
                Map<Metric, Double> values = new EnumMap<>(Metric.class);
                for (Metric metric : Metric.values()) {
                    // results.csv written before the columns were camelCase name them by the metric's id
                    String name = record.isMapped(metric.column()) ? metric.column() : metric.id();
                    values.put(metric, Column.optionalIn(record.get(name)));
                }
                samples.add(new Sample(Sample.POLICY.in(record), Sample.SEED.longIn(record),
                        Sample.TASKS.longIn(record), values));
            }
        }
        Path notes = dir.resolve(NOTES);
        List<String> lines = Files.isRegularFile(notes)
                ? Files.readAllLines(notes, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList()
                : List.of();
        return new PointResults(samples, lines);
    }

    /** Writes the point's notes, results and (last, as the mark of a finished point) its description. */
    static void write(Path dir, String description, PointResults results) {
        try {
            Files.createDirectories(dir);
            StringBuilder csv = new StringBuilder();
            try (CSVPrinter printer = new CSVPrinter(csv, Sample.CSV.format())) {
                for (Sample sample : results.samples()) {
                    printer.printRecord(Sample.CSV.cells(sample));
                }
            }
            Files.deleteIfExists(dir.resolve(DESCRIPTION));
            replace(dir.resolve(NOTES), String.join("\n", results.notes()) + (results.notes().isEmpty() ? "" : "\n"));
            replace(dir.resolve(RESULTS), csv.toString());
            replace(dir.resolve(DESCRIPTION), description);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results of " + dir + ": " + e.getMessage(), e);
        }
    }

    static void writeSeconds(Path dir, double seconds) {
        try {
            replace(dir.resolve(SECONDS), String.format(java.util.Locale.ROOT, "%.1f%n", seconds));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(SECONDS) + ": " + e.getMessage(), e);
        }
    }

    /** The point's recorded wall time, 0 if it was not recorded. */
    static double readSeconds(Path dir) {
        try {
            return Double.parseDouble(Files.readString(dir.resolve(SECONDS), StandardCharsets.UTF_8).strip());
        } catch (IOException | NumberFormatException e) {
            return 0.0;
        }
    }

    private static void replace(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
