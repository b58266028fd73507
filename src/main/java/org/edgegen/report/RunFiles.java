package org.edgegen.report;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.csv.CSVPrinter;
import org.edgegen.config.LoadedScenario;

/**
 * The files of one simulation run in its output directory: {@code config.conf} (the fully resolved scenario),
 * {@code slots.csv} and {@code episodes.csv} (appended and flushed after every episode, so a long run holds no
 * rows in memory and an interrupted one keeps what it finished), and {@code summary.json} (written last, so a
 * directory without it holds an unfinished run). Existing files of those names are replaced.
 *
 * <p>The CSV columns are declared by {@link SlotRow#CSV} and {@link EpisodeRow#CSV}; numbers are printed by
 * {@link Numbers#format}, so the same run gives the same bytes.
 */
public final class RunFiles implements Closeable {

    public static final String CONFIG = "config.conf";
    public static final String SLOTS = "slots.csv";
    public static final String EPISODES = "episodes.csv";
    public static final String SUMMARY = "summary.json";

    private final Path dir;
    private final CSVPrinter slots;
    private final CSVPrinter episodes;

    private RunFiles(Path dir, CSVPrinter slots, CSVPrinter episodes) {
        this.dir = dir;
        this.slots = slots;
        this.episodes = episodes;
    }

    /**
     * Creates {@code dir} if needed, writes {@code config.conf}, removes a {@code summary.json} left by an earlier
     * run and starts both CSV files with their header.
     *
     * @throws org.edgegen.model.InputException if {@code dir} is a file or cannot be created
     */
    public static RunFiles create(Path dir, LoadedScenario loaded) throws IOException {
        OutputDirectory.prepare(dir, "--out");
        Files.deleteIfExists(dir.resolve(SUMMARY));
        Files.writeString(dir.resolve(CONFIG), loaded.renderHocon(), StandardCharsets.UTF_8);
        CSVPrinter slots = printer(dir.resolve(SLOTS), SlotRow.CSV);
        try {
            return new RunFiles(dir, slots, printer(dir.resolve(EPISODES), EpisodeRow.CSV));
        } catch (IOException e) {
            slots.close();
            throw e;
        }
    }

    public Path dir() {
        return dir;
    }

    /** Appends one episode's slot rows and its episode row, and flushes both files. */
    public void write(EpisodeMetrics metrics) {
        try {
            for (SlotRow row : metrics.slots()) {
                slots.printRecord(SlotRow.CSV.cells(row));
            }
            episodes.printRecord(EpisodeRow.CSV.cells(metrics.episode()));
            slots.flush();
            episodes.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + dir, e);
        }
    }

    /** Writes {@code summary.json}. */
    public void writeSummary(RunSummary summary) throws IOException {
        JsonFiles.write(dir.resolve(SUMMARY), summary.toJson());
    }

    @Override
    public void close() throws IOException {
        try {
            slots.close();
        } finally {
            episodes.close();
        }
    }

    private static CSVPrinter printer(Path file, CsvLayout<?> layout) throws IOException {
        return new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), layout.format());
    }
}
