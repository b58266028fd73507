package org.edgegen.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.Suite.OsiPlan;
import org.edgegen.learn.DirectTraining;
import org.edgegen.learn.PpoTrainer;
import org.edgegen.learn.TrainingCheckpoints;
import org.edgegen.learn.TrainingCheckpoints.Checkpoint;
import org.edgegen.learn.TrainingCheckpoints.Progress;
import org.edgegen.model.SystemModel;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.policy.neural.PolicySnapshot;
import org.edgegen.report.EpisodeMetrics;
import org.edgegen.report.RunMetrics;
import org.edgegen.report.TrainFiles;
import org.edgegen.report.TrainRow;
import org.edgegen.sim.PolicyTrainer.TrainingStep;
import org.edgegen.sim.TrainListener;
import org.edgegen.sim.TrainRequest;

/**
 * Trains OSI for a suite with the single-threaded loop (whose numbers equal the actor engine's) into a directory
 * laid out as a {@code train} run's ({@code config.conf}, {@code train.csv}, {@code tensorboard/},
 * {@code checkpoints/}), or reuses a finished training of the same scenario, seed and length found there.
 */
final class OsiTraining {

    private OsiTraining() {}

    /** The trained actor for {@code loaded}, trained into (or found finished in) {@code dir}. */
    static PolicySnapshot trainOrReuse(LoadedScenario loaded, OsiPlan plan, Path dir) {
        SystemModel model = SystemModel.of(loaded.scenario());
        Optional<Checkpoint> finished = finished(dir, loaded, plan);
        if (finished.isPresent()) {
            try (PpoTrainer trainer = PpoTrainer.restored(model, loaded.learner(), finished.get().dir())) {
                return trainer.snapshot();
            }
        }
        try (PpoTrainer trainer = new PpoTrainer(model, loaded.learner(), plan.seed());
                TrainFiles files = TrainFiles.create(dir, loaded)) {
            DirectTraining.train(new TrainRequest(loaded, 0, plan.episodes(), plan.seed()), trainer,
                    new Rows(model, files, trainer.version()));
            new TrainingCheckpoints(dir).save(trainer,
                    new Progress(plan.episodes(), plan.seed(), trainer.version(), loaded.renderHocon()));
            return trainer.snapshot();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training run in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The final checkpoint of a finished training in {@code dir} made with this scenario and plan, if any. */
    private static Optional<Checkpoint> finished(Path dir, LoadedScenario loaded, OsiPlan plan) {
        if (!Files.isDirectory(dir.resolve(TrainingCheckpoints.DIR)) || !Files.isRegularFile(
                dir.resolve(TrainFiles.TRAIN))) {
            return Optional.empty();
        }
        try {
            Checkpoint checkpoint = TrainingCheckpoints.find(dir);
            Progress progress = checkpoint.requireProgress();
            boolean same = progress.episodesDone() == plan.episodes() && progress.seed() == plan.seed()
                    && TrainingCheckpoints.scenarioOf(checkpoint).scenario().equals(loaded.scenario())
                    && TrainingCheckpoints.scenarioOf(checkpoint).learner().equals(loaded.learner());
            return same ? Optional.of(checkpoint) : Optional.empty();
        } catch (RuntimeException e) { // a missing, partial or corrupt checkpoint: train anew
            return Optional.empty();
        }
    }

    /** Writes every episode's row of {@code train.csv} and TensorBoard. */
    private static final class Rows implements TrainListener {

        private final RunMetrics metrics;
        private final TrainFiles files;
        private long playedVersion;

        Rows(SystemModel model, TrainFiles files, long version) {
            this.metrics = new RunMetrics(model.userCount());
            this.files = files;
            this.playedVersion = version;
        }

        @Override
        public void onEpisode(int episode, List<SlotRecord> slots, TrainingStep step) {
            EpisodeMetrics rows = metrics.addEpisode(episode, slots);
            files.write(new TrainRow(episode, playedVersion, step.meanReward(), rows.episode().stats(),
                    step.entropy(), step.policyLoss(), step.valueLoss(), step.approxKl()));
            playedVersion = step.snapshot().version();
        }
    }
}
