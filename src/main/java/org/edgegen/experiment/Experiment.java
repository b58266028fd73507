package org.edgegen.experiment;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.edgegen.app.OsiWeights;
import org.edgegen.app.PolicyLineup;
import org.edgegen.app.TrainingRun;
import org.edgegen.config.Suite;
import org.edgegen.config.Suite.Sweep;
import org.edgegen.config.Suite.Training;
import org.edgegen.policy.neural.PolicySnapshot;
import org.edgegen.report.MachineInfo;
import org.edgegen.report.OutputDirectory;
import org.edgegen.report.Column;
import org.edgegen.report.TrainFiles;
import org.edgegen.report.TrainRow;
import org.edgegen.report.TrainingHint;
import org.edgegen.training.RunInterruptedException;
import org.edgegen.training.StopRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a suite: every point (J at a time), skipping those whose results already exist, then one CSV per sweep,
 * the figures and {@code report.md}. Tables, figures and report are always made from the points' files, so a
 * resumed suite gives exactly the files of an uninterrupted one.
 */
public final class Experiment {

    public static final String POINTS = "points";
    public static final String FIGURES = "figures";
    public static final String REPORT = "report.md";
    public static final String SUITE = "suite.conf";
    static final String OSI_DIR = "osi";
    /** The training quantities drawn as curves, read back from train.csv by their declared column. */
    static final List<Curve> TRAINING_CURVES = List.of(
            new Curve(TrainRow.MEAN_REWARD, "reward", "Mean reward per decision"),
            new Curve(TrainRow.MEAN_COST, "cost", "Mean weighted cost"),
            new Curve(TrainRow.MEAN_DELAY_SECONDS, "delay", "Mean delay (s)"),
            new Curve(TrainRow.MEAN_ENERGY_JOULES, "energy", "Mean device energy (J)"),
            new Curve(TrainRow.MEAN_ERROR, "error", "Mean generation error"));

    /**
     * One training curve.
     *
     * @param id    names the figure file
     * @param label the y axis label
     */
    record Curve(Column<TrainRow> column, String id, String label) {}

    private static final Logger LOG = LoggerFactory.getLogger(Experiment.class);

    /**
     * @param ran     points run now
     * @param skipped points whose results were already there
     * @param tables  one per sweep, in the suite's order
     */
    public record Outcome(int points, int ran, int skipped, List<SweepTable> tables, List<Path> csvs,
            List<Path> figures, Path report, double seconds, List<String> missing, Map<String, String> hints) {}

    private Experiment() {}

    /**
     * @param reportOnly make tables, figures and report from the points finished so far (e.g. while a long suite
     *                   is running elsewhere) without running any point
     */
    public static Outcome run(Suite suite, Path out, int jobs, boolean terminal, boolean reportOnly)
            throws IOException {
        return run(suite, out, jobs, terminal, reportOnly, StopRequest.NEVER);
    }

    /**
     * The same; once {@code stop} is requested no further point starts, the points running finish and are kept,
     * the CSVs, figures and report are made from the points done (the others listed as not run yet), and a
     * {@link RunInterruptedException} naming {@code out} is thrown. Running the suite again goes on from there.
     */
    public static Outcome run(Suite suite, Path out, int jobs, boolean terminal, boolean reportOnly,
            StopRequest stop) throws IOException {
        if (jobs < 1) {
            throw new org.edgegen.model.InputException("--jobs " + jobs + " is out of range: allowed >= 1");
        }
        long start = System.nanoTime();
        SuitePlan plan = SuitePlan.of(suite);
        OutputDirectory.prepare(out, "--out");
        Files.writeString(out.resolve(SUITE), "suite " + suite.rendered(), StandardCharsets.UTF_8);

        Optional<PolicySnapshot> shared = Optional.empty();
        String sharedOrigin = "";
        if (suite.policies().contains(PolicyLineup.OSI) && suite.osi().training() == Training.ONCE) {
            sharedOrigin = "trained once on the base scenario: " + suite.osi().episodes() + " episodes, seed "
                    + suite.osi().seed() + osiSetText(suite) + "; base scenario "
                    + Integer.toHexString(plan.trainingBase().renderHocon().hashCode());
            if (!reportOnly) {
                LOG.info("training osi once on the base scenario: {} episodes, seed {}", suite.osi().episodes(),
                        suite.osi().seed());
                shared = Optional.of(TrainingRun.trainOrReuse(plan.trainingBase(), suite.osi().seed(),
                        suite.osi().episodes(), out.resolve(OSI_DIR)));
            }
        } else if (suite.policies().contains(PolicyLineup.OSI) && suite.osi().training() == Training.CHECKPOINT) {
            Path checkpoint = suite.osi().checkpoint().orElseThrow();
            shared = Optional.of(OsiWeights.restore(plan.base(), checkpoint));
            sharedOrigin = "checkpoint " + checkpoint.toAbsolutePath() + ", version " + shared.get().version()
                    + ", weights " + OsiWeights.fingerprint(shared.get());
        }
        PointRunner runner = new PointRunner(suite, out, shared, sharedOrigin);

        List<Point> points = plan.points();
        List<PointResults> results = new ArrayList<>();
        List<Integer> toRun = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            PointResults existing = runner.existing(points.get(i));
            results.add(existing);
            if (existing == null) {
                if (!reportOnly) {
                    toRun.add(i);
                }
            } else {
                LOG.info("point {} ({}/{}): results exist in {}, skipped", points.get(i).label(), i + 1,
                        points.size(), points.get(i).dir(out));
            }
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            if (results.get(i) == null && !toRun.contains(i)) {
                missing.add(points.get(i).label());
            }
        }
        int skipped = points.size() - toRun.size() - missing.size();
        LOG.info("suite {}: {} points ({} to run, {} done before), {} policies, {} seeds x {} episodes, {} job{}",
                suite.name(), points.size(), toRun.size(), skipped, suite.policies().size(), suite.seeds().size(),
                suite.episodes(), jobs, jobs == 1 ? "" : "s");
        try (SuiteProgress progress = SuiteProgress.start(points.size() - missing.size(), skipped,
                terminal && !toRun.isEmpty())) {
            ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
                Thread thread = new Thread(r, "experiment-point");
                thread.setDaemon(true);
                return thread;
            });
            try {
                List<Future<PointResults>> futures = new ArrayList<>();
                for (int index : toRun) {
                    Point point = points.get(index);
                    futures.add(pool.submit(() -> {
                        if (stop.requested()) {
                            return null;
                        }
                        long pointStart = System.nanoTime();
                        PointResults done = runner.run(point);
                        double pointSeconds = (System.nanoTime() - pointStart) / 1e9;
                        PointFiles.writeSeconds(point.dir(out), pointSeconds);
                        progress.pointDone(point, done, pointSeconds);
                        return done;
                    }));
                }
                for (int k = 0; k < toRun.size(); k++) {
                    results.set(toRun.get(k), await(futures.get(k)));
                }
            } finally {
                pool.shutdownNow();
            }
        }

        for (int index : toRun) {
            if (results.get(index) == null) {
                missing.add(points.get(index).label());
            }
        }
        Files.createDirectories(out.resolve(FIGURES));
        List<SweepTable> tables = new ArrayList<>();
        List<Path> csvs = new ArrayList<>();
        List<Path> figures = new ArrayList<>();
        List<PointResults> stored = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            stored.add(results.get(i) == null ? null : PointFiles.read(points.get(i).dir(out)));
        }
        Map<String, Map<String, List<Path>>> trainingFigures = new LinkedHashMap<>();
        for (Sweep sweep : suite.sweeps()) {
            SweepTable table = SweepTable.of(suite, sweep, points, stored);
            tables.add(table);
            Path csv = out.resolve(sweep.name() + ".csv");
            table.write(csv);
            csvs.add(csv);
            for (String id : table.rows().isEmpty() ? List.<String>of() : suite.metrics()) {
                Metric metric = Metric.byId(id).orElseThrow();
                Path file = out.resolve(FIGURES).resolve(sweep.name() + "-" + metric.id() + ".png");
                Figures.sweep(table, metric, suite.policies(), file);
                figures.add(file);
            }
            if (suite.policies().contains(PolicyLineup.OSI) && suite.osi().training() == Training.PER_POINT
                    && !table.rows().isEmpty()) {
                Map<String, Path> runs = new LinkedHashMap<>();
                for (int i = 0; i < points.size(); i++) {
                    Point point = points.get(i);
                    if (point.sweep().name().equals(sweep.name()) && stored.get(i) != null) {
                        String unit = sweep.unit().isEmpty() ? "" : " " + sweep.unit();
                        runs.put(point.level().label() + unit + point.series().map(l -> ", " + l.label()).orElse(""),
                                point.dir(out).resolve(PointFiles.TRAIN).resolve(TrainFiles.TRAIN));
                    }
                }
                String legendTitle = sweep.title() + sweep.series().map(axis -> ", " + Figures.inSentence(axis.title()))
                        .orElse("");
                trainingFigures.put(sweep.name(), training(out, "training-" + sweep.name(), sweep.title(), legendTitle,
                        runs, Map.of(), suite.policies(), figures));
            }
        }
        Optional<Path> reference = referenceTraining(suite, out, points).filter(Files::isRegularFile);
        Map<String, Double> baselines = new LinkedHashMap<>();
        // The baselines' levels belong to the first point; drawn only when OSI trained on that point's scenario.
        if (reference.isPresent() && !tables.get(0).rows().isEmpty()
                && suite.osi().training() == Training.PER_POINT) {
            for (SweepTable.Row row : tables.get(0).rows()) {
                if (row.levelIndex() == 0 && !row.policy().equals(PolicyLineup.OSI)
                        && row.series().map(s -> s.equals(suite.sweeps().get(0).series().orElseThrow().levels()
                        .get(0))).orElse(true)) {
                    baselines.put(row.policy(), row.estimate(Metric.COST).mean());
                }
            }
            trainingFigures.put("", training(out, "training-reference", "", "",
                    Map.of(PolicyLineup.OSI, reference.get()), baselines, suite.policies(), figures));
        }
        Map<String, String> hints = trainingHints(suite, out, points, stored);
        SuiteMaps maps = stored.stream().anyMatch(Objects::nonNull)
                ? SuiteMaps.draw(suite, plan.base(), out, points, stored, shared) : SuiteMaps.none();
        figures.addAll(maps.files().values());
        double seconds = (System.nanoTime() - start) / 1e9;
        double pointSeconds = 0;
        for (int i = 0; i < points.size(); i++) {
            if (stored.get(i) != null) {
                pointSeconds += PointFiles.readSeconds(points.get(i).dir(out));
            }
        }
        Path report = out.resolve(REPORT);
        Files.writeString(report, new SuiteReport(suite, plan, tables, trainingFigures, maps, hints,
                out, seconds, pointSeconds, MachineInfo.current(), missing).render(), StandardCharsets.UTF_8);
        if (stop.requested() && !missing.isEmpty()) {
            try {
                stop.check(points.size() - missing.size(), points.size(), "points");
            } catch (RunInterruptedException e) {
                throw e.keptIn(out);
            }
        }
        return new Outcome(points.size(), toRun.size(), skipped, tables, csvs, figures, report, seconds, missing,
                hints);
    }

    /**
     * The training runs that look under-trained ({@link TrainingHint}), by what they trained for: each point's
     * (per-point training, by point label) or the single run ({@value #OSI_DIR}).
     */
    private static Map<String, String> trainingHints(Suite suite, Path out, List<Point> points,
            List<PointResults> stored) throws IOException {
        Map<String, String> hints = new LinkedHashMap<>();
        if (!suite.policies().contains(PolicyLineup.OSI)) {
            return hints;
        }
        if (suite.osi().training() == Training.PER_POINT) {
            for (int i = 0; i < points.size(); i++) {
                Path train = points.get(i).dir(out).resolve(PointFiles.TRAIN).resolve(TrainFiles.TRAIN);
                if (stored.get(i) != null && Files.isRegularFile(train)) {
                    Optional<String> hint = TrainingHint.ofFile(train);
                    if (hint.isPresent()) {
                        hints.put(points.get(i).label(), hint.get());
                    }
                }
            }
        } else if (suite.osi().training() == Training.ONCE) {
            Path train = out.resolve(OSI_DIR).resolve(TrainFiles.TRAIN);
            if (Files.isRegularFile(train)) {
                TrainingHint.ofFile(train).ifPresent(hint -> hints.put(OSI_DIR, hint));
            }
        }
        return hints;
    }

    /** The training run the reference figure shows: the shared one, or the first point's. */
    /** {@code " with osi.set {k = v, ...}"} when the suite sets keys for OSI's training only, else empty. */
    static String osiSetText(Suite suite) {
        if (suite.osi().set().isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(" with osi.set {");
        suite.osi().set().forEach((k, v) -> text.append(text.charAt(text.length() - 1) == '{' ? "" : ", ")
                .append(k).append(" = ").append(v));
        return text.append('}').toString();
    }

    private static Optional<Path> referenceTraining(Suite suite, Path out, List<Point> points) {
        if (!suite.policies().contains(PolicyLineup.OSI)) {
            return Optional.empty();
        }
        return switch (suite.osi().training()) {
            case ONCE -> Optional.of(out.resolve(OSI_DIR).resolve(TrainFiles.TRAIN));
            case PER_POINT -> Optional.of(points.get(0).dir(out).resolve(PointFiles.TRAIN).resolve(TrainFiles.TRAIN));
            case CHECKPOINT -> Optional.empty();
        };
    }

    /** Training-curve figures of the given runs, one per curve quantity; returns metric id to figure. */
    private static Map<String, List<Path>> training(Path out, String prefix, String sweepTitle, String legendTitle,
            Map<String, Path> runs, Map<String, Double> baselines, List<String> policies, List<Path> figures)
            throws IOException {
        Map<String, List<Path>> made = new LinkedHashMap<>();
        Map<String, List<double[]>> columns = new LinkedHashMap<>();
        int longest = 0;
        for (Map.Entry<String, Path> run : runs.entrySet()) {
            List<double[]> rows = readTrain(run.getValue());
            columns.put(run.getKey(), rows);
            longest = Math.max(longest, rows.size());
        }
        int window = Math.max(1, longest / 50);
        for (int c = 0; c < TRAINING_CURVES.size(); c++) {
            Curve curve = TRAINING_CURVES.get(c);
            Map<String, double[][]> curves = new LinkedHashMap<>();
            for (Map.Entry<String, List<double[]>> run : columns.entrySet()) {
                curves.put(run.getKey(), movingAverage(run.getValue(), c, window));
            }
            String title = "OSI training: " + curve.label().replaceAll(" \\(.*\\)$", "").toLowerCase(Locale.ROOT)
                    + (sweepTitle.isEmpty() ? "" : ", by " + Figures.inSentence(sweepTitle));
            String yLabel = curve.label() + (window > 1 ? ", moving average of " + window + " episodes" : "");
            Path file = out.resolve(FIGURES).resolve(prefix + "-" + curve.id() + ".png");
            Figures.training(title, yLabel, legendTitle, curves, curve.id().equals("cost") ? baselines : Map.of(),
                    policies, file);
            figures.add(file);
            made.computeIfAbsent(curve.id(), k -> new ArrayList<>()).add(file);
        }
        return made;
    }

    /** Per episode, the curve quantities in the order of {@link #TRAINING_CURVES}. */
    private static List<double[]> readTrain(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (CSVRecord record : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(reader)) {
                double[] row = new double[TRAINING_CURVES.size()];
                for (int c = 0; c < row.length; c++) {
                    row[c] = TRAINING_CURVES.get(c).column().doubleIn(record);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Trailing moving average of one column: x = episode (0-based), y = mean of the last {@code window}. */
    static double[][] movingAverage(List<double[]> rows, int column, int window) {
        int n = rows.size();
        int first = Math.min(window, n) - 1;
        int size = Math.max(0, n - first);
        double[] x = new double[size];
        double[] y = new double[size];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += rows.get(i)[column];
            if (i >= window) {
                sum -= rows.get(i - window)[column];
            }
            if (i >= first) {
                x[i - first] = i;
                y[i - first] = sum / Math.min(window, i + 1);
            }
        }
        return new double[][] {x, y};
    }

    private static PointResults await(Future<PointResults> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a point", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new UncheckedIOException(new IOException(cause));
        }
    }
}
