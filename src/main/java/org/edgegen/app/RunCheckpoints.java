package org.edgegen.app;

import java.nio.file.Path;
import org.edgegen.config.LoadedScenario;
import org.edgegen.learn.PpoTrainer;
import org.edgegen.learn.TrainingCheckpoints;
import org.edgegen.learn.TrainingCheckpoints.Progress;

/**
 * The checkpoint cadence of a training run, wherever its trainer lives (this JVM, or a cluster's learner node):
 * a checkpoint every K episodes and after the last, each with the run's progress (episodes done, seed, policy
 * version, resolved scenario), which is what {@link ResumeRule} later compares. With several episodes per update,
 * a checkpoint that falls due while the trainer holds episodes it has not learned from yet waits for the next
 * update: a checkpoint does not keep those episodes, so one taken between updates would resume into other
 * batches than an uninterrupted run makes. Only the last checkpoint of a run is taken wherever the run ends.
 */
final class RunCheckpoints {

    private final TrainingCheckpoints checkpoints;
    private final LoadedScenario loaded;
    private final long seed;
    private final int every;
    private final int endEpisode;
    /** A checkpoint fell due between updates and waits for the next one. */
    private boolean due;
    /** The episodes done at the last checkpoint this run saved (-1: none yet). */
    private int saved = -1;

    RunCheckpoints(Path runDir, LoadedScenario loaded, long seed, int every, int endEpisode) {
        this.checkpoints = new TrainingCheckpoints(runDir);
        this.loaded = loaded;
        this.seed = seed;
        this.every = every;
        this.endEpisode = endEpisode;
    }

    /** Whether {@code episodesDone} is the run's last episode. */
    boolean last(int episodesDone) {
        return episodesDone >= endEpisode;
    }

    /** After the update from episode {@code episodesDone - 1}: a checkpoint when one is due. */
    void afterEpisode(PpoTrainer trainer, int episodesDone) {
        due |= episodesDone % every == 0;
        if ((due && trainer.gatheredEpisodes() == 0) || last(episodesDone)) {
            save(trainer, episodesDone);
        }
    }

    /**
     * After the update from episode {@code episodesDone - 1}, for a run that stops there: a checkpoint unless that
     * episode has one. Only between updates ({@code trainer.gatheredEpisodes() == 0}), so the run resumes into the
     * batches an uninterrupted run makes.
     */
    void beforeStopping(PpoTrainer trainer, int episodesDone) {
        if (trainer.gatheredEpisodes() != 0) {
            throw new IllegalStateException("a checkpoint between updates would not resume into the same batches");
        }
        if (saved != episodesDone) {
            save(trainer, episodesDone);
        }
    }

    private void save(PpoTrainer trainer, int episodesDone) {
        checkpoints.save(trainer, progress(trainer, episodesDone));
        due = false;
        saved = episodesDone;
    }

    /** Saves the trainer's current weights as {@code checkpoints/best}, chosen by {@code validation}. */
    void saveBest(PpoTrainer trainer, int episodesDone, TrainingCheckpoints.Validation validation) {
        checkpoints.saveBest(trainer, progress(trainer, episodesDone), validation);
    }

    Path bestDir() {
        return checkpoints.bestDir();
    }

    private Progress progress(PpoTrainer trainer, int episodesDone) {
        return new Progress(episodesDone, seed, trainer.version(), loaded.renderHocon());
    }
}
