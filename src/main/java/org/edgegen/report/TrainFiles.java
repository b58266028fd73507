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
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.edgegen.config.LoadedScenario;
import org.edgegen.model.InputException;
import org.edgegen.training.CurveWriter;
import org.edgegen.training.RunDescription;
import org.edgegen.training.RunDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one training run in its output directory: {@code config.conf} (the resolved scenario),
 * {@code train.csv} (one row per episode, appended and flushed as each ends), {@code tensorboard/} (the same
 * curves as TensorBoard events, after the run's {@link RunDescription}: its hyper-parameters {@link #HPARAMS} and
 * seed, and its {@code config.conf}), {@code checkpoints/} and {@code policy/} (written by the learner, see
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

    /**
     * The keys (under {@code edgegen}) whose values are the run's hyper-parameters in TensorBoard, with the run's
     * seed and its number of cells: every key of the learner, then the scenario's main keys. A fixed list, so that
     * every run names the same ones.
     */
    public static final List<String> HPARAMS = List.of("learner", "scenario-name", "users.count",
            "topology.layout", "topology.cooperation", "time.slots-per-episode", "task.arrival-probability",
            "edge.gpus", "edge.background-utilisation", "diffusion.error-model", "cost.weights.delay",
            "cost.weights.energy", "cost.weights.error", "mdp.discount", "mdp.mask-steps-below-min",
            "mdp.finish-features", "mdp.prior", "mdp.prior-weight", "channel.inter-cell-interference");

    /** The curves of one episode: tag and value. */
    private record Curve(String tag, ToDoubleFunction<TrainRow> value) {}

    private static final List<Curve> CURVES = List.of(
            new Curve("episode/mean_reward", TrainRow::meanReward),
            new Curve("episode/mean_cost", r -> r.stats().meanCost()),
            new Curve("episode/mean_delay_s", r -> r.stats().meanDelaySeconds()),
            new Curve("episode/mean_energy_j", r -> r.stats().meanEnergyJoules()),
            new Curve("episode/mean_error", r -> r.stats().meanError()),
            new Curve("episode/mean_penalty", r -> r.stats().meanPenalty()),
            new Curve("episode/local_share", r -> r.stats().share(r.stats().local())),
            new Curve("episode/home_share", r -> r.stats().share(r.stats().home())),
            new Curve("episode/neighbour_share", r -> r.stats().share(r.stats().neighbour())),
            new Curve("update/entropy", TrainRow::entropy),
            new Curve("update/policy_loss", TrainRow::policyLoss),
            new Curve("update/value_loss", TrainRow::valueLoss),
            new Curve("update/approx_kl", TrainRow::approxKl),
            new Curve("update/policy_version", r -> r.policyVersion()));

    /** The tags of the TensorBoard curves, in the order each episode writes them. */
    public static final List<String> CURVE_TAGS = CURVES.stream().map(Curve::tag).toList();

    private static final Logger LOG = LoggerFactory.getLogger(TrainFiles.class);

    private final Path dir;
    private final CSVPrinter csv;
    private final CurveWriter tensorboard;
    private final Deque<TrainSummary.Recent> recent = new ArrayDeque<>();
    /** The step of the run's description: its first episode. */
    private final long firstStep;
    private boolean ended;

    private TrainFiles(Path dir, CSVPrinter csv, CurveWriter tensorboard, List<TrainSummary.Recent> earlier,
            long firstStep) {
        this.dir = dir;
        this.firstStep = firstStep;
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
    public static TrainFiles create(Path dir, LoadedScenario loaded, long seed, CurveWriter.Factory curves)
            throws IOException {
        OutputDirectory.prepare(dir, "--out");
        Files.deleteIfExists(dir.resolve(SUMMARY));
        for (String sub : List.of(TENSORBOARD, CHECKPOINTS, POLICY)) {
            RunDirectory.deleteTree(dir.resolve(sub));
        }
        Files.writeString(dir.resolve(CONFIG), loaded.renderHocon(), StandardCharsets.UTF_8);
        return open(dir, List.of(), List.of(), curves, describe(dir, loaded, seed, 0));
    }

    /**
     * Continues the run of {@code previous} in {@code dir} (the same directory, or a new one) from
     * {@code firstEpisode}: {@code train.csv} keeps the previous run's rows of episodes before it (rows of later
     * episodes, played after the last checkpoint, are dropped) and new rows are appended. In a new directory the
     * previous run's TensorBoard events are copied too.
     */
    public static TrainFiles resume(Path dir, LoadedScenario loaded, long seed, Path previous, int firstEpisode,
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
        return open(dir, kept, earlier, curves, describe(dir, loaded, seed, firstEpisode));
    }

    private static TrainFiles open(Path dir, List<CSVRecord> kept, List<TrainSummary.Recent> earlier,
            CurveWriter.Factory curves, RunDescription run) throws IOException {
        CSVPrinter csv = ResumableCsv.restart(dir.resolve(TRAIN), TrainRow.CSV, kept);
        CurveWriter tensorboard = null;
        try {
            tensorboard = curves.open(dir.resolve(TENSORBOARD));
            tensorboard.describe(run);
            return new TrainFiles(dir, csv, tensorboard, earlier, run.step());
        } catch (RuntimeException e) {
            if (tensorboard != null) {
                tensorboard.close();
            }
            csv.close();
            throw e;
        }
    }

    /** What the events say about the run before its first episode, {@code firstEpisode}. */
    static RunDescription describe(Path dir, LoadedScenario loaded, long seed, int firstEpisode) {
        Map<String, Object> hparams = new LinkedHashMap<>();
        hparams.put("seed", (double) seed);
        hparams.put("cells", (double) loaded.scenario().cellCount());
        hparams.putAll(loaded.values(HPARAMS));
        return new RunDescription(hparams, CURVE_TAGS, CONFIG, loaded.renderHocon(),
                dir.resolve(CHECKPOINTS).toAbsolutePath().toString(), firstEpisode);
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
        Map<String, Double> m = new LinkedHashMap<>();
        CURVES.forEach(curve -> m.put(curve.tag(), curve.value().applyAsDouble(row)));
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

    /**
     * Writes how the run ended to the TensorBoard events ({@link CurveWriter#end}): {@code status} is the
     * summary's ({@link RunStatus}), complete, interrupted or cancelled; once. A run closed without it ended by an
     * error, and {@link #close} writes it as failed.
     */
    public void end(String status) {
        if (ended) {
            throw new IllegalStateException("the end of the run in " + dir + " is written already");
        }
        ended = true;
        tensorboard.end(status.equals(RunStatus.COMPLETE) ? CurveWriter.Ending.COMPLETE
                : CurveWriter.Ending.INTERRUPTED, statusText(status), lastStep());
    }

    /** The status text of the TensorBoard events: the status and the episodes done. */
    private String statusText(String status) {
        return recent.isEmpty() ? status + ", no episode done"
                : status + ", " + (recent.getLast().episode() + 1)
                        + (recent.getLast().episode() == 0 ? " episode done" : " episodes done");
    }

    private long lastStep() {
        return recent.isEmpty() ? firstStep : Math.max(firstStep, recent.getLast().episode());
    }

    /** Closes the files; a run whose end was not written ({@link #end}) is written as failed first. */
    @Override
    public void close() throws IOException {
        try {
            if (!ended) {
                ended = true;
                try {
                    tensorboard.end(CurveWriter.Ending.FAILED, statusText("failed"), lastStep());
                } catch (RuntimeException e) {
                    LOG.warn("cannot write the failed run's end to {}: {}", dir.resolve(TENSORBOARD), e.toString());
                }
            }
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
