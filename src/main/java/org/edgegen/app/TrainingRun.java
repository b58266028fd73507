package org.edgegen.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.edgegen.config.LoadedScenario;
import org.edgegen.learn.DirectTraining;
import org.edgegen.learn.PpoTrainer;
import org.edgegen.learn.TensorBoardWriter;
import org.edgegen.learn.TrainingCheckpoints;
import org.edgegen.learn.TrainingCheckpoints.Checkpoint;
import org.edgegen.model.InputException;
import org.edgegen.model.SystemModel;
import org.edgegen.model.TrainingLoads;
import org.edgegen.policy.neural.PolicySnapshot;
import org.edgegen.report.MachineInfo;
import org.edgegen.report.PreviousTraining;
import org.edgegen.report.RunStatus;
import org.edgegen.report.TrainFiles;
import org.edgegen.report.TrainSummary;
import org.edgegen.report.TrainingHint;
import org.edgegen.sim.ActorSimulation;
import org.edgegen.training.RunInterruptedException;
import org.edgegen.training.RunReport;
import org.edgegen.training.StopRequest;
import org.edgegen.sim.RunRequest;
import org.edgegen.training.TrainRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run of OSI into a run directory, for {@code train} (here or on a cluster) and for experiment
 * suites: whether and from where it resumes ({@link ResumeRule}), the rows of {@code train.csv}
 * ({@link TrainingEpisodes}), the checkpoint cadence ({@link RunCheckpoints}), validation with the best policy so
 * far, the SavedModel and the summary. A cluster's run is trained by its run manager on a learner node
 * ({@link DetachedRunHost}), which writes every file there.
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
                TrainFiles files = TrainFiles.create(dir, loaded, seed, TensorBoardWriter::new)) {
            trainer.warmStart(seed);
            TrainingEpisodes recorder = new TrainingEpisodes(run.settings, dir, 0, files, trainer,
                    trainer.version());
            recorder.drive("the direct engine", false, () -> DirectTraining.train(run.request(), trainer, recorder));
            files.end(RunStatus.COMPLETE);
            return trainer.snapshot();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training run in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Trains in this JVM with {@code engine} and writes every file of the run; returns its summary. */
    public TrainSummary train(Engine engine) throws IOException {
        return train(engine, StopRequest.NEVER);
    }

    /**
     * The same, stopping at the first policy update after {@code stop} is requested: the run then has a
     * checkpoint there (so {@code --resume} goes on as if nothing had happened), its summary.json says
     * {@code "status": "interrupted"}, and a {@link RunInterruptedException} naming the run directory is thrown.
     */
    public TrainSummary train(Engine engine, StopRequest stop) throws IOException {
        return train(engine, stop, RunReport.CLEAN, EpisodeWatch.NONE);
    }

    /**
     * The same with any player; {@code prior} is what the run survived before this attempt (a detached run its
     * cluster resumed after the node hosting it was lost), added to summary.json's counts, and {@code watch} is told
     * every episode written.
     */
    public TrainSummary train(Player engine, StopRequest stop, RunReport prior, EpisodeWatch watch)
            throws IOException {
        if (engine.actors()) {
            validateForActors();
        }
        long startNanos = System.nanoTime();
        LoadedScenario loaded = settings.loaded();
        try (PpoTrainer trainer = new PpoTrainer(model, loaded.learner(), settings.seed())) {
            // Restore before touching any file: a bad checkpoint leaves the run directory as it was.
            from.ifPresent(c -> trainer.restore(c.dir()));
            if (from.isEmpty()) {
                trainer.warmStart(settings.seed());
            }
            try (PreviousTraining previous = setAsidePrevious(); TrainFiles files = openFiles()) {
                LOG.info("training osi on {} ({} users, {} slots) from episode {} to {} with the {} engine into {}",
                        loaded.scenario().name(), model.userCount(), model.slotsPerEpisode(), firstEpisode,
                        settings.episodes() - 1, engine.label(), out);
                if (loaded.training().draws()) {
                    LOG.info("each episode draws its load: users {}, arrival probability {} (edgegen.training)",
                            loaded.training().users().map(r -> (int) r.min() + ".." + (int) r.max())
                                    .orElse("fixed"),
                            loaded.training().arrivalProbability().map(r -> r.min() + ".." + r.max())
                                    .orElse("fixed"));
                    if (loaded.training().draw() != TrainingLoads.LoadDraw.INDEPENDENT) {
                        LOG.info("N and p_a drawn together: {} (edgegen.training.load-draw)",
                                loaded.training().draw().word());
                    }
                    loaded.training().maxLoad().ifPresent(cap -> LOG.info("no episode's expected tasks per slot"
                            + " N x p_a above {} (edgegen.training.max-load)", cap));
                }
                TrainingEpisodes recorder = new TrainingEpisodes(settings, out, firstEpisode, files,
                        trainer, trainer.version());
                recorder.stopOn(stop);
                recorder.watchWith(watch);
                recorder.openValidation(resume.orElse(out));
                RunReport survived;
                try {
                    survived = recorder.drive("the " + engine.label() + " engine", true,
                            () -> engine.train(request(), trainer, recorder));
                } catch (RunInterruptedException interrupted) {
                    recorder.closeValidation();
                    summary(files, engine.label(), trainer.version(), recorder, prior.plus(interrupted.survived()),
                            startNanos, RunStatus.of(false, stop));
                    throw interrupted.keptIn(out);
                }
                recorder.finishValidation();
                trainer.exportSavedModel(files.policy());
                TrainSummary summary = summary(files, engine.label(), trainer.version(), recorder,
                        prior.plus(survived), startNanos, RunStatus.COMPLETE);
                previous.finished();
                return summary;
            }
        }
    }

    /**
     * What {@code train} prints at the end: the summary, a hint if the curve says the policy is under-trained, the
     * best policy on validation if the run validates, and where the files are.
     */
    public String summaryText(TrainSummary summary) throws IOException {
        StringBuilder text = new StringBuilder(summary.render());
        String newline = System.lineSeparator();
        TrainingHint.ofFile(out.resolve(TrainFiles.TRAIN)).ifPresent(hint -> text.append(
                String.format(Locale.ROOT, "  %-20s osi %s", "warning", hint)).append(newline));
        if (settings.validation().isPresent()) {
            best().ifPresent(best -> text.append(String.format(Locale.ROOT, "  best on validation   mean "
                    + "cost %.6f after %d episodes (seed %d, %d episodes): %s", best.validation().meanCost(),
                    best.validation().episodesDone(), best.validation().validationSeed(),
                    best.validation().validationEpisodes(), best.dir())).append(newline));
        }
        text.append("  files                " + out + "/{" + String.join(", ", TrainFiles.CONFIG, TrainFiles.TRAIN,
                TrainFiles.TENSORBOARD + "/", TrainFiles.CHECKPOINTS + "/", TrainFiles.POLICY + "/",
                TrainFiles.SUMMARY) + "}").append(newline);
        return text.toString();
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
    public void validateForActors() {
        if (settings.loaded().training().draws()) {
            throw new InputException("edgegen.training.users-count-range and arrival-probability-range (a load"
                    + " drawn per episode) train with --engine direct only: the actor engine plays one user count"
                    + " per run");
        }
        ActorSimulation.validate(new RunRequest(settings.loaded(), PolicyLineup.OSI,
                settings.episodes() - firstEpisode, settings.seed()));
    }

    private TrainRequest request() {
        return new TrainRequest(settings.loaded(), firstEpisode, settings.episodes() - firstEpisode, settings.seed());
    }

    /**
     * Unless the run goes on in place (its --resume directory is --out), the files of an earlier run in --out are
     * set aside: they come back if this run fails before its first checkpoint, so a failed command loses nothing,
     * and this run still writes in place, so a killed one can be resumed.
     */
    private PreviousTraining setAsidePrevious() throws IOException {
        boolean inPlace = resume.isPresent() && Files.isDirectory(out) && Files.isSameFile(out, resume.get());
        return inPlace ? PreviousTraining.inPlace(out, TrainingCheckpoints::hasCheckpoint)
                : PreviousTraining.setAside(out, TrainingCheckpoints::hasCheckpoint);
    }

    private TrainFiles openFiles() throws IOException {
        return from.isPresent() ? TrainFiles.resume(out, settings.loaded(), settings.seed(), resume.get(),
                firstEpisode, TensorBoardWriter::new)
                : TrainFiles.create(out, settings.loaded(), settings.seed(), TensorBoardWriter::new);
    }

    private TrainSummary summary(TrainFiles files, String engine, long finalVersion, TrainingEpisodes recorder,
            RunReport survived, long startNanos, String status) throws IOException {
        TrainSummary summary = new TrainSummary(settings.loaded().scenario().name(), settings.seed(), engine,
                model.userCount(), model.slotsPerEpisode(), firstEpisode, recorder.episodesDone(), status,
                finalVersion,
                recorder.transitions(), files.recent(), survived, (System.nanoTime() - startNanos) / 1e9,
                MachineInfo.current());
        files.writeSummary(summary);
        files.end(status);
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
            return checkpoint.requireProgress().episodesDone() == episodes && ResumeRule.allowsReuse(checkpoint, loaded,
                    seed) ? Optional.of(checkpoint) : Optional.empty();
        } catch (RuntimeException e) { // a missing, partial or corrupt checkpoint: train anew
            return Optional.empty();
        }
    }
}
