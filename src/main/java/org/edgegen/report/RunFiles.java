package org.edgegen.report;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
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

    /**
     * Opens the files of a run that goes on from {@code point}: truncates {@code slots.csv} and {@code episodes.csv}
     * to the complete episodes it names (a row written after it, of an episode in progress, is dropped), appends
     * after them, and writes {@code config.conf} again.
     */
    public static RunFiles reopen(Path dir, LoadedScenario loaded, ResumePoint point) throws IOException {
        Files.deleteIfExists(dir.resolve(SUMMARY));
        Files.writeString(dir.resolve(CONFIG), loaded.renderHocon(), StandardCharsets.UTF_8);
        CSVPrinter slots = appender(dir.resolve(SLOTS), point.slotsBytes(), SlotRow.CSV);
        try {
            return new RunFiles(dir, slots, appender(dir.resolve(EPISODES), point.episodesBytes(), EpisodeRow.CSV));
        } catch (IOException e) {
            slots.close();
            throw e;
        }
    }

    /**
     * Where a run's files stood after its last complete episode: the bytes of both CSV files then, and the run's
     * metrics. Kept in {@link #RESUME_POINT} beside them by {@link #markResumePoint}.
     */
    public record ResumePoint(long slotsBytes, long episodesBytes, RunMetrics metrics) {}

    /** The file of a run directory (a staged one) that says where its files stood after its last episode. */
    public static final String RESUME_POINT = ".resume-point";

    /**
     * Records, after {@link #write}, where the files stand: a run that goes on from here ({@link #readResumePoint},
     * {@link #reopen}) continues these files byte for byte. The file is replaced atomically.
     */
    public void markResumePoint(RunMetrics metrics) {
        try {
            String text = Files.size(dir.resolve(SLOTS)) + " " + Files.size(dir.resolve(EPISODES)) + "\n"
                    + metrics.state() + "\n";
            Path next = dir.resolve(RESUME_POINT + ".new");
            Files.writeString(next, text, StandardCharsets.UTF_8);
            Files.move(next, dir.resolve(RESUME_POINT), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + dir, e);
        }
    }

    /**
     * The resume point in {@code dir} of a run of {@code users} users, if there is one that its files agree with
     * (both CSV files at least as long as it says).
     */
    public static Optional<ResumePoint> readResumePoint(Path dir, int users) throws IOException {
        Path file = dir.resolve(RESUME_POINT);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        try {
            String[] sizes = lines.get(0).split(" ");
            ResumePoint point = new ResumePoint(Long.parseLong(sizes[0]), Long.parseLong(sizes[1]),
                    RunMetrics.restore(users, lines.get(1)));
            boolean filesAgree = Files.isRegularFile(dir.resolve(SLOTS)) && Files.isRegularFile(dir.resolve(EPISODES))
                    && Files.size(dir.resolve(SLOTS)) >= point.slotsBytes()
                    && Files.size(dir.resolve(EPISODES)) >= point.episodesBytes();
            return filesAgree ? Optional.of(point) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // not a resume point this version wrote: play from the start
        }
    }

    /** Removes the resume point (before the files are handed over: it is no file of the run's). */
    public void dropResumePoint() throws IOException {
        Files.deleteIfExists(dir.resolve(RESUME_POINT));
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

    private static CSVPrinter appender(Path file, long bytes, CsvLayout<?> layout) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(bytes);
        }
        return new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND),
                layout.format().builder().setSkipHeaderRecord(true).get());
    }

    private static CSVPrinter printer(Path file, CsvLayout<?> layout) throws IOException {
        return new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), layout.format());
    }
}
