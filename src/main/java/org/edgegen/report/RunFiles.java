package org.edgegen.report;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.edgegen.config.LoadedScenario;

/**
 * The files of one simulation run in its output directory: {@code config.conf} (the fully resolved scenario),
 * {@code slots.csv} and {@code episodes.csv} (appended and flushed after every episode, so a long run holds no
 * rows in memory and an interrupted one keeps what it finished), and {@code summary.json} (written last, so a
 * directory without it holds an unfinished run). Existing files of those names are replaced.
 *
 * <p>Numbers in the CSV files are printed by {@link Numbers#format}, so the same run gives the same bytes.
 */
public final class RunFiles implements Closeable {

    public static final String CONFIG = "config.conf";
    public static final String SLOTS = "slots.csv";
    public static final String EPISODES = "episodes.csv";
    public static final String SUMMARY = "summary.json";

    /** Columns shared by both CSV files, after their leading ones. */
    static final List<String> STAT_COLUMNS = List.of("meanCost", "meanDelaySeconds", "meanEnergyJoules",
            "meanError", "meanPenalty", "local", "home", "neighbour", "failed", "deadlineViolations",
            "qualityViolations", "droppedTasks", "invalidActions", "meanSteps");
    public static final List<String> SLOT_COLUMNS = columns("episode", "slot", "activeUsers");
    public static final List<String> EPISODE_COLUMNS = columns("episode", "slots", "tasks");

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
        CSVPrinter slots = printer(dir.resolve(SLOTS), SLOT_COLUMNS);
        try {
            return new RunFiles(dir, slots, printer(dir.resolve(EPISODES), EPISODE_COLUMNS));
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
                slots.printRecord(values(List.of(Integer.toString(row.episode()), Integer.toString(row.slot()),
                        Long.toString(row.activeUsers())), row.stats()));
            }
            EpisodeRow row = metrics.episode();
            episodes.printRecord(values(List.of(Integer.toString(row.episode()), Integer.toString(row.slots()),
                    Long.toString(row.stats().tasks())), row.stats()));
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

    private static CSVPrinter printer(Path file, List<String> header) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setHeader(header.toArray(String[]::new))
                .setRecordSeparator("\n")
                .get();
        return new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), format);
    }

    private static List<String> values(List<String> leading, TaskStats s) {
        List<String> values = new ArrayList<>(leading);
        values.add(Numbers.format(s.meanCost()));
        values.add(Numbers.format(s.meanDelaySeconds()));
        values.add(Numbers.format(s.meanEnergyJoules()));
        values.add(Numbers.format(s.meanError()));
        values.add(Numbers.format(s.meanPenalty()));
        values.add(Long.toString(s.local()));
        values.add(Long.toString(s.home()));
        values.add(Long.toString(s.neighbour()));
        values.add(Long.toString(s.failed()));
        values.add(Long.toString(s.deadlineViolations()));
        values.add(Long.toString(s.qualityViolations()));
        values.add(Long.toString(s.droppedTasks()));
        values.add(Long.toString(s.invalidActions()));
        values.add(Numbers.format(s.meanSteps()));
        return values;
    }

    private static List<String> columns(String... leading) {
        List<String> columns = new ArrayList<>(List.of(leading));
        columns.addAll(STAT_COLUMNS);
        return List.copyOf(columns);
    }
}
