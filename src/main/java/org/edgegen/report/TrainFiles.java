package org.edgegen.report;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.edgegen.config.LoadedScenario;
import org.edgegen.model.InputException;
import org.edgegen.training.CurveWriter;
import org.edgegen.training.RunDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one training run in its output directory: {@code config.conf} (the resolved scenario),
 * {@code train.csv} (one row per episode, appended and flushed as each ends), {@code tensorboard/} (the same
 * curves as TensorBoard events), {@code checkpoints/} and {@code policy/} (written by the learner, see
 * {@link RunDirectory}) and {@code summary.json} (written last). A resumed run keeps the rows of the
 * episodes its checkpoint holds and appends after them, so the curve continues.
 *
 * <p>The columns of {@code train.csv} are declared by {@link TrainRow#CSV}; numbers are printed by
 * {@link Numbers#format}, so the same run gives the same bytes.
 */
public final class TrainFiles implements Closeable {

    public static final String CONFIG = RunFiles.CONFIG;
    public static final String TRAIN = "train.csv";
    public static final String TENSORBOARD = RunDirectory.TENSORBOARD;
    public static final String CHECKPOINTS = RunDirectory.CHECKPOINTS;
    public static final String POLICY = RunDirectory.POLICY;
    public static final String SUMMARY = RunFiles.SUMMARY;

    /** Episodes the summary's recent means are taken over. */
    public static final int RECENT_EPISODES = 10;

    private static final Logger LOG = LoggerFactory.getLogger(TrainFiles.class);

    private final Path dir;
    private final CSVPrinter csv;
    private final CurveWriter tensorboard;
    private final Deque<TrainSummary.Recent> recent = new ArrayDeque<>();

    private TrainFiles(Path dir, CSVPrinter csv, CurveWriter tensorboard, List<TrainSummary.Recent> earlier) {
        this.dir = dir;
        this.csv = csv;
        this.tensorboard = tensorboard;
        earlier.forEach(this::remember);
    }

    /**
     * A new run in {@code dir} (created if needed): writes {@code config.conf} and the header of {@code train.csv};
     * removes the {@code summary.json}, {@code tensorboard/}, {@code checkpoints/} and {@code policy/} of an earlier
     * run there. Other files are left alone. {@code curves} opens the writer of {@code tensorboard/} (in
     * {@code learn}: {@code TensorBoardWriter::new}).
     *
     * @throws InputException if {@code dir} is a file or cannot be created
     */
    public static TrainFiles create(Path dir, LoadedScenario loaded, CurveWriter.Factory curves)
            throws IOException {
        OutputDirectory.prepare(dir, "--out");
        Files.deleteIfExists(dir.resolve(SUMMARY));
        for (String sub : List.of(TENSORBOARD, CHECKPOINTS, POLICY)) {
            RunDirectory.deleteTree(dir.resolve(sub));
        }
        Files.writeString(dir.resolve(CONFIG), loaded.renderHocon(), StandardCharsets.UTF_8);
        return open(dir, List.of(), List.of(), curves);
    }

    /**
     * Continues the run of {@code previous} in {@code dir} (the same directory, or a new one) from
     * {@code firstEpisode}: {@code train.csv} keeps the previous run's rows of episodes before it (rows of later
     * episodes, played after the last checkpoint, are dropped) and new rows are appended. In a new directory the
     * previous run's TensorBoard events are copied too.
     */
    public static TrainFiles resume(Path dir, LoadedScenario loaded, Path previous, int firstEpisode,
            CurveWriter.Factory curves) throws IOException {
        OutputDirectory.prepare(dir, "--out");
        boolean sameDir = Files.isSameFile(dir, previous);
        List<CSVRecord> kept = keptRows(previous.resolve(TRAIN), firstEpisode);
        Files.deleteIfExists(dir.resolve(SUMMARY));
        RunDirectory.deleteTree(dir.resolve(POLICY));
        if (!sameDir) {
            RunDirectory.deleteTree(dir.resolve(TENSORBOARD));
            RunDirectory.deleteTree(dir.resolve(CHECKPOINTS));
            copyFiles(previous.resolve(TENSORBOARD), dir.resolve(TENSORBOARD));
        }
        Files.writeString(dir.resolve(CONFIG), loaded.renderHocon(), StandardCharsets.UTF_8);
        if (kept.size() != firstEpisode) {
            LOG.warn("{} holds {} rows of episodes before {}: the curve has gaps", previous.resolve(TRAIN),
                    kept.size(), firstEpisode);
        }
        List<TrainSummary.Recent> earlier = new ArrayList<>();
        for (CSVRecord record : kept) {
            earlier.add(recent(record));
        }
        return open(dir, kept, earlier, curves);
    }

    private static TrainFiles open(Path dir, List<CSVRecord> kept, List<TrainSummary.Recent> earlier,
            CurveWriter.Factory curves) throws IOException {
        CSVPrinter csv = ResumableCsv.restart(dir.resolve(TRAIN), TrainRow.CSV, kept);
        try {
            return new TrainFiles(dir, csv, curves.open(dir.resolve(TENSORBOARD)), earlier);
        } catch (RuntimeException e) {
            csv.close();
            throw e;
        }
    }

    /** The rows of episodes before {@code firstEpisode} of an earlier {@code train.csv} (none if it is missing). */
    private static List<CSVRecord> keptRows(Path file, int firstEpisode) throws IOException {
        if (!Files.isRegularFile(file)) {
            LOG.warn("{} is missing: the curve restarts at episode {}", file, firstEpisode);
        }
        return ResumableCsv.keptRows(file, TrainRow.CSV, episode -> episode < firstEpisode);
    }

    /** The row as far as the summary needs it: its episode, reward and cost. */
    private static TrainSummary.Recent recent(CSVRecord record) {
        return new TrainSummary.Recent((int) TrainRow.EPISODE.longIn(record), TrainRow.MEAN_REWARD.doubleIn(record),
                TrainRow.MEAN_COST.doubleIn(record));
    }

    public Path dir() {
        return dir;
    }

    /** Where the learner writes its checkpoints. */
    public Path checkpoints() {
        return dir.resolve(CHECKPOINTS);
    }

    /** Where the final actor is exported as a SavedModel. */
    public Path policy() {
        return dir.resolve(POLICY);
    }

    /** Appends one episode's row to {@code train.csv} and its scalars to the TensorBoard events, flushing both. */
    public void write(TrainRow row) {
        try {
            csv.printRecord(TrainRow.CSV.cells(row));
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + dir.resolve(TRAIN), e);
        }
        tensorboard.scalars(row.episode(), scalars(row));
        remember(TrainSummary.Recent.of(row));
    }

    /** The TensorBoard curves of one episode, by tag. */
    static Map<String, Double> scalars(TrainRow row) {
        TaskStats s = row.stats();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("episode/mean_reward", row.meanReward());
        m.put("episode/mean_cost", s.meanCost());
        m.put("episode/mean_delay_s", s.meanDelaySeconds());
        m.put("episode/mean_energy_j", s.meanEnergyJoules());
        m.put("episode/mean_error", s.meanError());
        m.put("episode/mean_penalty", s.meanPenalty());
        m.put("episode/local_share", s.share(s.local()));
        m.put("episode/home_share", s.share(s.home()));
        m.put("episode/neighbour_share", s.share(s.neighbour()));
        m.put("update/entropy", row.entropy());
        m.put("update/policy_loss", row.policyLoss());
        m.put("update/value_loss", row.valueLoss());
        m.put("update/approx_kl", row.approxKl());
        m.put("update/policy_version", (double) row.policyVersion());
        return m;
    }

    private void remember(TrainSummary.Recent row) {
        recent.addLast(row);
        if (recent.size() > RECENT_EPISODES) {
            recent.removeFirst();
        }
    }

    /** The last (up to) {@value #RECENT_EPISODES} rows of the whole run, earlier runs of a resumed one included. */
    public List<TrainSummary.Recent> recent() {
        return List.copyOf(recent);
    }

    /** Writes {@code summary.json}. */
    public void writeSummary(TrainSummary summary) throws IOException {
        JsonFiles.write(dir.resolve(SUMMARY), summary.toJson());
    }

    @Override
    public void close() throws IOException {
        try {
            csv.close();
        } finally {
            tensorboard.close();
        }
    }

    private static void copyFiles(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
