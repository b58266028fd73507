package org.edgegen.report;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.edgegen.model.InputException;

/**
 * {@code validation.csv} of a training run with {@code --validation-seed}: one row per validation, i.e. the policy
 * after {@code episodesDone} episodes played greedily on the validation episodes, and whether it is the best so far
 * (then saved as {@code checkpoints/best}). Numbers are printed by {@link Numbers#format}, so the same run gives the
 * same bytes. A resumed run keeps the rows of validations up to its first episode.
 */
public final class ValidationFile implements Closeable {

    public static final String FILE = "validation.csv";

    public static final List<String> COLUMNS = List.of("episodesDone", "policyVersion", "validationSeed",
            "validationEpisodes", "meanCost", "meanDelaySeconds", "meanEnergyJoules", "meanError", "meanPenalty",
            "tasks", "best");

    /** One validation. */
    public record Row(int episodesDone, long policyVersion, long validationSeed, int validationEpisodes,
            TaskStats stats, boolean best) {}

    private final Path file;
    private final CSVPrinter csv;

    private ValidationFile(Path file, CSVPrinter csv) {
        this.file = file;
        this.csv = csv;
    }

    /** Removes the {@value #FILE} of an earlier run in {@code dir} (a run without validation writes none). */
    public static void delete(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(FILE));
    }

    /**
     * Opens {@value #FILE} in {@code dir}, keeping the rows of {@code previousDir}'s file (if any) of validations
     * after at most {@code keepUpTo} episodes (0 for a new run).
     */
    public static ValidationFile open(Path dir, Path previousDir, int keepUpTo) throws IOException {
        List<CSVRecord> kept = keepUpTo > 0 ? keptRows(previousDir.resolve(FILE), keepUpTo) : List.of();
        Path target = dir.resolve(FILE);
        Path temporary = dir.resolve(FILE + ".tmp");
        try (CSVPrinter start = new CSVPrinter(Files.newBufferedWriter(temporary, StandardCharsets.UTF_8),
                format().setHeader(COLUMNS.toArray(String[]::new)).get())) {
            for (CSVRecord record : kept) {
                start.printRecord(record.values());
            }
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Writer append = Files.newBufferedWriter(target, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return new ValidationFile(target, new CSVPrinter(append, format().get()));
    }

    private static CSVFormat.Builder format() {
        return CSVFormat.DEFAULT.builder().setRecordSeparator("\n");
    }

    private static List<CSVRecord> keptRows(Path file, int keepUpTo) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (CSVParser parser = CSVParser.parse(file, StandardCharsets.UTF_8,
                format().setHeader().setSkipHeaderRecord(true).get())) {
            if (!parser.getHeaderNames().equals(COLUMNS)) {
                throw new InputException("--resume: " + file + " has the columns " + parser.getHeaderNames()
                        + ", expected " + COLUMNS);
            }
            List<CSVRecord> kept = new ArrayList<>();
            for (CSVRecord record : parser.getRecords()) {
                if (record.size() == COLUMNS.size() && Integer.parseInt(record.get(0)) <= keepUpTo) {
                    kept.add(record);
                }
            }
            return kept;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            throw new InputException("--resume: " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** Appends one validation and flushes. */
    public void write(Row row) {
        TaskStats s = row.stats();
        try {
            csv.printRecord(Integer.toString(row.episodesDone()), Long.toString(row.policyVersion()),
                    Long.toString(row.validationSeed()), Integer.toString(row.validationEpisodes()),
                    Numbers.format(s.meanCost()), Numbers.format(s.meanDelaySeconds()),
                    Numbers.format(s.meanEnergyJoules()), Numbers.format(s.meanError()),
                    Numbers.format(s.meanPenalty()), Long.toString(s.tasks()), row.best() ? "1" : "0");
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + file, e);
        }
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
