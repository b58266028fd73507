package org.edgegen.report;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

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
        List<CSVRecord> kept = keepUpTo > 0
                ? ResumableCsv.keptRows(previousDir.resolve(FILE), COLUMNS, done -> done <= keepUpTo) : List.of();
        Path target = dir.resolve(FILE);
        return new ValidationFile(target, ResumableCsv.restart(target, COLUMNS, kept));
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
