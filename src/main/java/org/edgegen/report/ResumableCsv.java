package org.edgegen.report;

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
import java.util.function.IntPredicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.edgegen.model.InputException;

/**
 * A CSV file of a training run that {@code --resume} continues: the rows an earlier run kept (chosen by their first
 * column, an episode count) are written anew under the header through a temporary file, then new rows are appended.
 */
final class ResumableCsv {

    private ResumableCsv() {}

    static CSVFormat.Builder format() {
        return CSVFormat.DEFAULT.builder().setRecordSeparator("\n");
    }

    /**
     * The rows of an earlier {@code file} whose first column passes {@code keep}; none if the file is missing.
     *
     * @throws InputException if the file has other columns or cannot be read
     */
    static List<CSVRecord> keptRows(Path file, CsvLayout<?> layout, IntPredicate keep) throws IOException {
        List<String> columns = layout.header();
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (CSVParser parser = CSVParser.parse(file, StandardCharsets.UTF_8,
                format().setHeader().setSkipHeaderRecord(true).get())) {
            if (!parser.getHeaderNames().equals(columns)) {
                throw new InputException("--resume: " + file + " has the columns " + parser.getHeaderNames()
                        + ", expected " + columns);
            }
            List<CSVRecord> kept = new ArrayList<>();
            for (CSVRecord record : parser.getRecords()) {
                if (record.size() == columns.size() && keep.test(Integer.parseInt(record.get(0)))) {
                    kept.add(record);
                }
            }
            return kept;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            throw new InputException("--resume: " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** Writes the header and the kept rows to {@code file} (replacing it) and returns a printer appending to it. */
    static CSVPrinter restart(Path file, CsvLayout<?> layout, List<CSVRecord> kept) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (CSVPrinter start = new CSVPrinter(Files.newBufferedWriter(temporary, StandardCharsets.UTF_8),
                layout.format())) {
            for (CSVRecord record : kept) {
                start.printRecord(record.values());
            }
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Writer append = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return new CSVPrinter(append, format().get());
    }
}
