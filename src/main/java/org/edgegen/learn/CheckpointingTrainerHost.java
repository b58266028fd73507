package org.edgegen.learn;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.InputException;
import org.edgegen.model.SystemModel;
import org.edgegen.training.PolicyTrainer;
import org.edgegen.training.RunSpec;
import org.edgegen.training.TrainJob;
import org.edgegen.training.TrainerHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learner side of a cluster training run, on a {@code learner} node: a {@link PpoTrainer} seeded with the run
 * seed, restored from the checkpoint the run resumes from, that checkpoints into the run directory every K episodes
 * and after the last one, and then exports the final actor as a SavedModel there, exactly as {@code train} does in
 * local mode. After the learner node was lost, the run goes on from the newest checkpoint in the run directory, so
 * that directory must be reachable by every learner node under the same path.
 */
public final class CheckpointingTrainerHost implements TrainerHost {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointingTrainerHost.class);

    /** The SavedModel's directory in a run directory (as {@code report.TrainFiles.POLICY}). */
    public static final String POLICY = "policy";

    @Override
    public Session open(RunSpec spec, TrainJob job) {
        LoadedScenario loaded = ScenarioLoader.fromConfig(ConfigFactory.parseString(spec.scenarioHocon()));
        SystemModel model = SystemModel.of(loaded.scenario());
        Path out = Path.of(job.outDir());
        if (!out.isAbsolute() || !Files.isDirectory(out)) {
            throw new InputException("the learner node cannot reach the run directory " + out + ": on several "
                    + "hosts --out must be a shared path that every learner node sees under the same name");
        }
        Optional<TrainingCheckpoints.Checkpoint> from = resumeFrom(spec, job, out);
        int first = from.map(c -> c.requireProgress().episodesDone()).orElse(job.firstEpisode());
        PpoTrainer trainer = new PpoTrainer(model, loaded.learner(), spec.seed());
        try {
            from.ifPresent(c -> {
                trainer.restore(c.dir());
                LOG.info("run {}: restored the checkpoint {} (episodes done {}, policy version {})", spec.runId(),
                        c.dir(), first, trainer.version());
            });
            if (first >= job.endEpisode()) {
                // the learner node was lost after the last checkpoint: make sure the final policy is there
                TrainingCheckpoints.deleteTree(out.resolve(POLICY));
                trainer.exportSavedModel(out.resolve(POLICY));
            }
        } catch (java.io.IOException e) {
            trainer.close();
            throw new CheckpointException(out.resolve(POLICY), "cannot replace it: " + PpoLearner.oneLine(e), e);
        } catch (RuntimeException e) {
            trainer.close();
            throw e;
        }
        return new HostedSession(trainer, loaded, spec.seed(), out, first, job);
    }

    /** The checkpoint to restore: the newest in the run directory when recovering, else the one the job names. */
    private static Optional<TrainingCheckpoints.Checkpoint> resumeFrom(RunSpec spec, TrainJob job, Path out) {
        if (job.recover() && Files.isDirectory(out.resolve(TrainingCheckpoints.DIR))) {
            try {
                TrainingCheckpoints.Checkpoint newest = TrainingCheckpoints.find(out);
                TrainingCheckpoints.Progress progress = newest.requireProgress();
                if (progress.seed() == spec.seed() && progress.episodesDone() >= job.firstEpisode()) {
                    return Optional.of(newest);
                }
            } catch (InputException | CheckpointException e) {
                LOG.warn("run {}: no usable checkpoint in {} ({}); going on from where the run started",
                        spec.runId(), out, e.getMessage());
            }
        }
        if (job.resumeFrom().isEmpty()) {
            return Optional.empty();
        }
        TrainingCheckpoints.Checkpoint given;
        try {
            given = TrainingCheckpoints.find(Path.of(job.resumeFrom()));
        } catch (CheckpointException e) {
            throw new InputException(e.getMessage());
        }
        if (given.requireProgress().episodesDone() != job.firstEpisode()) {
            throw new InputException("the checkpoint in " + job.resumeFrom() + " now holds "
                    + given.requireProgress().episodesDone() + " episodes, not " + job.firstEpisode());
        }
        return Optional.of(given);
    }

    private static final class HostedSession implements Session {

        private final PpoTrainer trainer;
        private final LoadedScenario loaded;
        private final long seed;
        private final Path out;
        private final int first;
        private final TrainJob job;
        private final TrainingCheckpoints checkpoints;
        private boolean closed;

        HostedSession(PpoTrainer trainer, LoadedScenario loaded, long seed, Path out, int first, TrainJob job) {
            this.trainer = trainer;
            this.loaded = loaded;
            this.seed = seed;
            this.out = out;
            this.first = first;
            this.job = job;
            this.checkpoints = new TrainingCheckpoints(out);
        }

        @Override
        public int firstEpisode() {
            return first;
        }

        @Override
        public PolicyTrainer trainer() {
            return trainer;
        }

        @Override
        public void afterEpisode(int episode, PolicyTrainer.TrainingStep step) {
            int episodesDone = episode + 1;
            boolean last = episodesDone >= job.endEpisode();
            if (episodesDone % job.checkpointEvery() == 0 || last) {
                checkpoints.save(trainer, new TrainingCheckpoints.Progress(episodesDone, seed, trainer.version(),
                        loaded.renderHocon()));
            }
            if (last) {
                trainer.exportSavedModel(out.resolve(POLICY));
            }
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                trainer.close();
            }
        }
    }
}
