package org.edgegen.report;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * {@code validation.csv} of a training run with {@code --validation-seed}: one row per validation, i.e. the policy
 * after {@code episodesDone} episodes played as {@code learner.execution} says on the validation episodes, and whether
 * it is the best so far (then saved as {@code checkpoints/best}). Its columns are declared by {@link Row#CSV}; numbers
 * are printed by {@link Numbers#format}, so the same run gives the same bytes. A resumed run keeps the rows of
 * validations up to its first episode.
 */
public final class ValidationFile implements Closeable {

    public static final String FILE = "validation.csv";

    /** One validation. */
    public record Row(int episodesDone, long policyVersion, long validationSeed, int validationEpisodes,
            TaskStats stats, boolean best) {

        /** The columns of {@code validation.csv}. */
        public static final CsvLayout<Row> CSV = new CsvLayout<>(FILE, "train --out DIR --validation-seed V",
                "One row per validation: the policy after `episodesDone` episodes played as "
                        + "`edgegen.learner.execution` says (by default sampled at temperature 0.5) on the validation "
                        + "episodes. A resumed run keeps the rows of validations up to its first episode.",
                columns());

        private static List<Column<Row>> columns() {
            List<Column<Row>> columns = new ArrayList<>(CsvLayout.columns(TaskColumns.MEANS, Row::stats,
                    Column.integer("episodesDone", "episodes", "training episodes played before the validation",
                            Row::episodesDone),
                    Column.integer("policyVersion", "", "the policy version validated", Row::policyVersion),
                    Column.integer("validationSeed", "", "the seed of the validation episodes (`--validation-seed`)",
                            Row::validationSeed),
                    Column.integer("validationEpisodes", "episodes", "validation episodes played",
                            Row::validationEpisodes)));
            columns.add(TaskColumns.TASKS.from(Row::stats));
            columns.add(Column.text("best", "1 if the policy is the best so far (then saved as `checkpoints/best`), "
                    + "else 0", row -> row.best() ? "1" : "0"));
            return columns;
        }
    }

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
                ? ResumableCsv.keptRows(previousDir.resolve(FILE), Row.CSV, done -> done <= keepUpTo) : List.of();
        Path target = dir.resolve(FILE);
        return new ValidationFile(target, ResumableCsv.restart(target, Row.CSV, kept));
    }

    /** Appends one validation and flushes. */
    public void write(Row row) {
        try {
            csv.printRecord(Row.CSV.cells(row));
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
