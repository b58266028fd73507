package org.edgegen.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.edgegen.learn.PpoTrainer;
import org.edgegen.learn.TrainingCheckpoints;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.report.EpisodeMetrics;
import org.edgegen.report.RunMetrics;
import org.edgegen.report.TaskStats;
import org.edgegen.report.TrainFiles;
import org.edgegen.report.TrainProgress;
import org.edgegen.report.TrainRow;
import org.edgegen.report.ValidationFile;
import org.edgegen.training.PolicyTrainer.TrainingStep;
import org.edgegen.training.RunInterruptedException;
import org.edgegen.training.RunReport;
import org.edgegen.training.StopRequest;
import org.edgegen.training.TrainListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens after every episode's update, on the learner's thread while the trainer is idle: the row in
 * train.csv and TensorBoard, the progress, a checkpoint when one is due and a validation when one is due. A
 * failure here is kept and reported when the engine returns (the actor engine would otherwise only see a
 * learner that stopped).
 */
final class TrainingEpisodes implements TrainListener {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingEpisodes.class);

    private final TrainingRun.Settings settings;
    private final Path out;
    private final int firstEpisode;
    private final TrainFiles files;
    private final PpoTrainer trainer;
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
    private StopRequest stop = StopRequest.NEVER;
    private EpisodeWatch watch = EpisodeWatch.NONE;
    private boolean stopLogged;

    TrainingEpisodes(TrainingRun.Settings settings, Path out, int firstEpisode, TrainFiles files,
            PpoTrainer trainer, long initialVersion) {
        this.settings = settings;
        this.out = out;
        this.firstEpisode = firstEpisode;
        this.files = files;
        this.trainer = trainer;
        this.metrics = new RunMetrics(settings.loaded().scenario().userCount());
        this.checkpoints = new RunCheckpoints(out, settings.loaded(), settings.seed(), settings.checkpointEvery(),
                settings.episodes());
        this.playedVersion = initialVersion;
        this.episodesDone = firstEpisode;
    }

    /** Stops the run at the first update after {@code request} is made, with a checkpoint there. */
    void stopOn(StopRequest request) {
        this.stop = request;
    }

    /** Tells {@code watch} every episode written to train.csv. */
    void watchWith(EpisodeWatch watch) {
        this.watch = watch;
    }

    /** Episodes learned from, those of earlier invocations of a resumed run included. */
    int episodesDone() {
        return episodesDone;
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
        } catch (RunInterruptedException e) {
            // the engine's copy of the interruption this listener threw: it carries what the run survived
            throw e;
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
            checkpoints.afterEpisode(trainer, episodesDone);
            watch.episodeDone(episodesDone, row.stats().meanCost());
            if (validation != null && episodesDone % settings.validation().orElseThrow().every() == 0) {
                validate();
            }
            if (stop.requested() && episodesDone < settings.episodes()) {
                stopHere();
            }
        } catch (RuntimeException e) {
            failure = Optional.of(e);
            throw e;
        }
    }

    /**
     * A stop was requested: at an update (the trainer holds no episode it has not learned from) the run checkpoints
     * and stops; between updates it goes on to the next one, so the checkpoint resumes into the same batches.
     */
    private void stopHere() {
        if (trainer.gatheredEpisodes() != 0) {
            if (!stopLogged) {
                LOG.info("stopping at the next policy update ({} more episodes), so that the run can be resumed "
                        + "from its checkpoint", settings.loaded().learner().episodesPerUpdate()
                        - trainer.gatheredEpisodes());
                stopLogged = true;
            }
            return;
        }
        checkpoints.beforeStopping(trainer, episodesDone);
        stop.check(episodesDone, settings.episodes(), "episodes");
    }

    /** The policy version the last delivered episode was played with, then learned into. */
    long playedVersion() {
        return playedVersion;
    }

    /** Decisions learned from in this invocation. */
    long transitions() {
        return transitions;
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
        TrainingRun.Validation plan = settings.validation().get();
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

    /** Closes validation.csv of a run that stops early, without a last validation. */
    void closeValidation() throws IOException {
        if (validationFile != null) {
            validationFile.close();
        }
    }

    /** Plays the current policy on the validation episodes; saves it as checkpoints/best if it is the best. */
    private void validate() {
        PpoTrainer learner = trainer;
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
