package org.edgegen.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.edgegen.config.LoadedScenario;
import org.edgegen.learn.DirectTraining;
import org.edgegen.learn.PpoTrainer;
import org.edgegen.learn.TrainingCheckpoints;
import org.edgegen.learn.TrainingCheckpoints.Checkpoint;
import org.edgegen.model.InputException;
import org.edgegen.model.SystemModel;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.policy.neural.PolicySnapshot;
import org.edgegen.report.EpisodeMetrics;
import org.edgegen.report.MachineInfo;
import org.edgegen.report.RunMetrics;
import org.edgegen.report.TaskStats;
import org.edgegen.report.TrainFiles;
import org.edgegen.report.TrainProgress;
import org.edgegen.report.TrainRow;
import org.edgegen.report.TrainSummary;
import org.edgegen.report.ValidationFile;
import org.edgegen.sim.ActorSimulation;
import org.edgegen.sim.ActorTraining;
import org.edgegen.sim.PolicyTrainer.TrainingStep;
import org.edgegen.sim.RunReport;
import org.edgegen.sim.RunRequest;
import org.edgegen.sim.TrainJob;
import org.edgegen.sim.TrainListener;
import org.edgegen.sim.TrainRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run of OSI into a run directory, for {@code train} (here or on a cluster) and for experiment
 * suites: whether and from where it resumes ({@link ResumeRule}), the rows of {@code train.csv}, the checkpoint
 * cadence ({@link RunCheckpoints}), validation with the best policy so far, the SavedModel and the summary. On a
 * cluster the learner node keeps the trainer and writes checkpoints and the SavedModel ({@link LearnerHost}); this
 * side writes the rows and the summary.
 */
public final class TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    /** Validation every {@code every} episodes and at the end, on episodes 0..episodes-1 of its own seed. */
    public record Validation(long seed, int episodes, int every) {}

    /**
     * What to train.
     *
     * @param episodes        episodes of the whole run; a resumed run goes on until they are done
     * @param checkpointEvery a checkpoint every K episodes, and always after the last
     */
    public record Settings(LoadedScenario loaded, long seed, int episodes, int checkpointEvery,
            Optional<Validation> validation) {}

    private final Settings settings;
    private final Path out;
    private final Optional<Path> resume;
    private final Optional<Checkpoint> from;
    private final int firstEpisode;
    private final SystemModel model;

    private TrainingRun(Settings settings, Path out, Optional<Path> resume, Optional<Checkpoint> from,
            int firstEpisode) {
        this.settings = settings;
        this.out = out;
        this.resume = resume;
        this.from = from;
        this.firstEpisode = firstEpisode;
        this.model = SystemModel.of(settings.loaded().scenario());
    }

    /**
     * A run into {@code out}, going on from the latest checkpoint in {@code resume} when given. Checked before any
     * file is touched: the checkpoint must pass {@link ResumeRule} and leave episodes to do.
     */
    public static TrainingRun prepare(Settings settings, Path out, Optional<Path> resume) {
        Optional<Checkpoint> from = resume.map(TrainingCheckpoints::find);
        int first = from.map(c -> ResumeRule.require(c, settings.loaded(), settings.seed(), resume.get())).orElse(0);
        if (from.isPresent() && first >= settings.episodes()) {
            throw new InputException("the run in " + resume.get() + " has already done " + first
                    + " episodes; pass --episodes above that to go on");
        }
        return new TrainingRun(settings, out, resume, from, first);
    }

    /**
     * The actor a suite plays: the finished training in {@code dir} when {@link ResumeRule} allows it and it has
     * every episode, else a new training there with the single-threaded loop (whose numbers equal the actors'),
     * checkpointed once at the end; no SavedModel, summary or progress bar.
     */
    public static PolicySnapshot trainOrReuse(LoadedScenario loaded, long seed, int episodes, Path dir) {
        Optional<Checkpoint> finished = finished(dir, loaded, seed, episodes);
        if (finished.isPresent()) {
            return OsiWeights.restore(loaded, finished.get());
        }
        TrainingRun run = new TrainingRun(new Settings(loaded, seed, episodes, episodes, Optional.empty()), dir,
                Optional.empty(), Optional.empty(), 0);
        try (PpoTrainer trainer = new PpoTrainer(run.model, loaded.learner(), seed);
                TrainFiles files = TrainFiles.create(dir, loaded)) {
            Episodes recorder = run.new Episodes(files, Optional.of(trainer), trainer.version());
            recorder.drive("the direct engine", false, () -> DirectTraining.train(run.request(), trainer, recorder));
            return trainer.snapshot();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training run in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Trains in this JVM with {@code engine} and writes every file of the run; returns its summary. */
    public TrainSummary train(Engine engine) throws IOException {
        if (engine == Engine.ACTORS) {
            validateForActors();
        }
        long startNanos = System.nanoTime();
        LoadedScenario loaded = settings.loaded();
        try (PpoTrainer trainer = new PpoTrainer(model, loaded.learner(), settings.seed())) {
            // Restore before touching any file: a bad checkpoint leaves the run directory as it was.
            from.ifPresent(c -> trainer.restore(c.dir()));
            try (TrainFiles files = openFiles()) {
                LOG.info("training osi on {} ({} users, {} slots) from episode {} to {} with the {} engine into {}",
                        loaded.scenario().name(), model.userCount(), model.slotsPerEpisode(), firstEpisode,
                        settings.episodes() - 1, engine.label(), out);
                Episodes recorder = new Episodes(files, Optional.of(trainer), trainer.version());
                recorder.openValidation(resume.orElse(out));
                RunReport survived = recorder.drive("the " + engine.label() + " engine", true,
                        () -> engine.train(request(), trainer, recorder));
                recorder.finishValidation();
                trainer.exportSavedModel(files.policy());
                return summary(files, engine.label(), trainer.version(), recorder, survived, startNanos);
            }
        }
    }

    /**
     * Trains on the cluster at {@code seedHostPort}: the learner lives on a learner node ({@link LearnerHost}),
     * which checkpoints and exports the final policy into the run directory; this JVM writes train.csv,
     * TensorBoard events and the summary from what it reports.
     */
    public TrainSummary trainOnCluster(String seedHostPort) throws IOException {
        validateForActors();
        long startNanos = System.nanoTime();
        Path dir = out.toAbsolutePath().normalize();
        TrainJob job = new TrainJob(dir.toString(), from.map(c -> c.dir().toAbsolutePath().normalize().toString())
                .orElse(""), firstEpisode, settings.episodes(), settings.checkpointEvery(), false);
        try (TrainFiles files = openFiles()) {
            LOG.info("training osi on {} ({} users, {} slots) from episode {} to {} on the cluster at {} into {}",
                    settings.loaded().scenario().name(), model.userCount(), model.slotsPerEpisode(), firstEpisode,
                    settings.episodes() - 1, seedHostPort, out);
            long initialVersion = from.map(c -> c.requireProgress().policyVersion()).orElse(0L);
            Episodes recorder = new Episodes(files, Optional.empty(), initialVersion);
            RunReport survived = recorder.drive("the cluster", true,
                    () -> ActorTraining.trainOnCluster(seedHostPort, request(), job, recorder));
            return summary(files, "actors (cluster " + seedHostPort + ")", recorder.playedVersion, recorder,
                    survived, startNanos);
        }
    }

    /** The first episode this run plays: 0, or the episodes done of the checkpoint it resumes from. */
    public int firstEpisode() {
        return firstEpisode;
    }

    /** The validation that chose {@code checkpoints/best}, and that directory, if the run has one. */
    public Optional<Best> best() {
        Path dir = new TrainingCheckpoints(out).bestDir();
        return TrainingCheckpoints.validationOf(dir).map(v -> new Best(v, dir));
    }

    /** The best policy on validation so far. */
    public record Best(TrainingCheckpoints.Validation validation, Path dir) {}

    /** What the actor engine cannot run is refused before any file is touched. */
    private void validateForActors() {
        ActorSimulation.validate(new RunRequest(settings.loaded(), PolicyLineup.OSI,
                settings.episodes() - firstEpisode, settings.seed()));
    }

    private TrainRequest request() {
        return new TrainRequest(settings.loaded(), firstEpisode, settings.episodes() - firstEpisode, settings.seed());
    }

    private TrainFiles openFiles() throws IOException {
        return from.isPresent() ? TrainFiles.resume(out, settings.loaded(), resume.get(), firstEpisode)
                : TrainFiles.create(out, settings.loaded());
    }

    private TrainSummary summary(TrainFiles files, String engine, long finalVersion, Episodes recorder,
            RunReport survived, long startNanos) throws IOException {
        TrainSummary summary = new TrainSummary(settings.loaded().scenario().name(), settings.seed(), engine,
                model.userCount(), model.slotsPerEpisode(), firstEpisode, settings.episodes(), finalVersion,
                recorder.transitions, files.recent(), survived, (System.nanoTime() - startNanos) / 1e9,
                MachineInfo.current());
        files.writeSummary(summary);
        return summary;
    }

    /** The final checkpoint of a finished training in {@code dir} that the resume rule allows, if any. */
    private static Optional<Checkpoint> finished(Path dir, LoadedScenario loaded, long seed, int episodes) {
        if (!Files.isDirectory(dir.resolve(TrainingCheckpoints.DIR)) || !Files.isRegularFile(
                dir.resolve(TrainFiles.TRAIN))) {
            return Optional.empty();
        }
        try {
            Checkpoint checkpoint = TrainingCheckpoints.find(dir);
            return checkpoint.requireProgress().episodesDone() == episodes && ResumeRule.allows(checkpoint, loaded,
                    seed) ? Optional.of(checkpoint) : Optional.empty();
        } catch (RuntimeException e) { // a missing, partial or corrupt checkpoint: train anew
            return Optional.empty();
        }
    }

    /**
     * What happens after every episode's update, on the learner's thread while the trainer is idle: the row in
     * train.csv and TensorBoard, the progress, a checkpoint when one is due and a validation when one is due. A
     * failure here is kept and reported when the engine returns (the actor engine would otherwise only see a
     * learner that stopped).
     */
    private final class Episodes implements TrainListener {

        private final TrainFiles files;
        /** Empty when the learner node checkpoints (cluster mode). */
        private final Optional<PpoTrainer> trainer;
        private final RunMetrics metrics;
        private final RunCheckpoints checkpoints;
        private Optional<TrainProgress> progress = Optional.empty();
        private Optional<RuntimeException> failure = Optional.empty();
        private long playedVersion;
        private int episodesDone;
        private long transitions;
        private PolicyValidation validation;
        private ValidationFile validationFile;
        private double bestCost = Double.POSITIVE_INFINITY;
        private int lastValidation = -1;

        Episodes(TrainFiles files, Optional<PpoTrainer> trainer, long initialVersion) {
            this.files = files;
            this.trainer = trainer;
            this.metrics = new RunMetrics(model.userCount());
            this.checkpoints = new RunCheckpoints(out, settings.loaded(), settings.seed(), settings.checkpointEvery(),
                    settings.episodes());
            this.playedVersion = initialVersion;
            this.episodesDone = firstEpisode;
        }

        /**
         * Runs the engine (with a progress bar when {@code shown}); a failure of this listener wins over the
         * engine's own (which it usually caused), and an engine that stops short of the last episode is an error.
         */
        RunReport drive(String engine, boolean shown, Supplier<RunReport> run) {
            RunReport survived;
            try (TrainProgress bar = shown ? TrainProgress.start(firstEpisode, settings.episodes()) : null) {
                progress = Optional.ofNullable(bar);
                survived = run.get();
            } catch (RuntimeException e) {
                throw failure.filter(f -> f != e).map(f -> {
                    f.addSuppressed(e);
                    return f;
                }).orElse(e);
            }
            if (failure.isPresent()) {
                throw failure.get();
            }
            if (episodesDone != settings.episodes()) {
                throw new IllegalStateException(engine + " delivered episodes up to " + episodesDone + " of "
                        + settings.episodes());
            }
            return survived;
        }

        @Override
        public void onEpisode(int episode, List<SlotRecord> slots, TrainingStep step) {
            if (failure.isPresent()) {
                return;
            }
            try {
                EpisodeMetrics rows = metrics.addEpisode(episode, slots);
                TrainRow row = new TrainRow(episode, playedVersion, step.meanReward(), rows.episode().stats(),
                        step.entropy(), step.policyLoss(), step.valueLoss(), step.approxKl());
                files.write(row);
                playedVersion = step.snapshot().version();
                transitions += step.transitions();
                episodesDone = episode + 1;
                progress.ifPresent(p -> p.episodeDone(row));
                trainer.ifPresent(t -> checkpoints.afterEpisode(t, episodesDone));
                if (validation != null && episodesDone % settings.validation().orElseThrow().every() == 0) {
                    validate();
                }
            } catch (RuntimeException e) {
                failure = Optional.of(e);
                throw e;
            }
        }

        /**
         * With validation, opens validation.csv (keeping the resumed run's rows up to its first episode) and takes
         * the best so far from a checkpoints/best validated the same way; without, removes a stale validation.csv.
         */
        void openValidation(Path previousDir) throws IOException {
            if (settings.validation().isEmpty()) {
                ValidationFile.delete(out);
                return;
            }
            Validation plan = settings.validation().get();
            validation = new PolicyValidation(settings.loaded(), plan.seed(), plan.episodes());
            validationFile = ValidationFile.open(out, previousDir, episodesDone);
            Path best = checkpoints.bestDir();
            Optional<TrainingCheckpoints.Validation> earlier = TrainingCheckpoints.validationOf(best)
                    .filter(v -> v.validationSeed() == plan.seed() && v.validationEpisodes() == plan.episodes()
                            && v.episodesDone() <= episodesDone && episodesDone > 0);
            if (earlier.isPresent()) {
                bestCost = earlier.get().meanCost();
                LOG.info("best on validation so far: mean cost {} after {} episodes", bestCost,
                        earlier.get().episodesDone());
            } else if (Files.exists(best)) {
                LOG.warn("{} does not belong to this run's validation: it is replaced", best);
                TrainingCheckpoints.deleteTree(best);
            }
        }

        /** The validation at the end, unless the last episode had one; closes validation.csv. */
        void finishValidation() throws IOException {
            if (validation == null) {
                return;
            }
            if (lastValidation != settings.episodes()) {
                validate();
            }
            validationFile.close();
        }

        /** Plays the current policy on the validation episodes; saves it as checkpoints/best if it is the best. */
        private void validate() {
            PpoTrainer learner = trainer.orElseThrow();
            TaskStats stats = validation.run(learner.snapshot());
            boolean best = stats.meanCost() < bestCost;
            if (best) {
                bestCost = stats.meanCost();
                checkpoints.saveBest(learner, episodesDone, new TrainingCheckpoints.Validation(episodesDone,
                        validation.seed(), validation.episodes(), stats.meanCost()));
            }
            validationFile.write(new ValidationFile.Row(episodesDone, learner.version(), validation.seed(),
                    validation.episodes(), stats, best));
            lastValidation = episodesDone;
        }
    }
}
