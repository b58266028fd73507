package org.edgegen.app;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.learn.CheckpointException;
import org.edgegen.learn.PpoTrainer;
import org.edgegen.learn.TrainingCheckpoints;
import org.edgegen.learn.TrainingCheckpoints.Checkpoint;
import org.edgegen.model.InputException;
import org.edgegen.model.SystemModel;
import org.edgegen.report.TrainFiles;
import org.edgegen.training.PolicyTrainer;
import org.edgegen.training.RunSpec;
import org.edgegen.training.TrainJob;
import org.edgegen.training.TrainerHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learner node's half of a cluster {@link TrainingRun}, installed by the {@code node} command on
 * {@code learner} nodes: a {@link PpoTrainer} seeded with the run seed, restored from the checkpoint the run
 * resumes from, that checkpoints into the run directory with the run's cadence ({@link RunCheckpoints}) and then
 * exports the final actor as a SavedModel there, exactly as {@code train} does in local mode. After the learner node
 * was lost, the run goes on from the newest checkpoint in the run directory that {@link ResumeRule} allows, so that
 * directory must be reachable by every learner node under the same path.
 */
public final class LearnerHost implements TrainerHost {

    private static final Logger LOG = LoggerFactory.getLogger(LearnerHost.class);

    @Override
    public Session open(RunSpec spec, TrainJob job) {
        LoadedScenario loaded = ScenarioLoader.fromConfig(ConfigFactory.parseString(spec.scenarioHocon()));
        SystemModel model = SystemModel.of(loaded.scenario());
        Path out = Path.of(job.outDir());
        if (!out.isAbsolute() || !Files.isDirectory(out)) {
            throw new InputException("the learner node cannot reach the run directory " + out + ": on several "
                    + "hosts --out must be a shared path that every learner node sees under the same name");
        }
        Optional<Checkpoint> from = resumeFrom(spec, loaded, job, out);
        int first = from.map(c -> c.requireProgress().episodesDone()).orElse(job.firstEpisode());
        PpoTrainer trainer = new PpoTrainer(model, loaded.learner(), spec.seed());
        Path policy = out.resolve(TrainFiles.POLICY);
        try {
            from.ifPresent(c -> {
                trainer.restore(c.dir());
                LOG.info("run {}: restored the checkpoint {} (episodes done {}, policy version {})", spec.runId(),
                        c.dir(), first, trainer.version());
            });
            if (from.isEmpty()) {
                trainer.warmStart(spec.seed());
            }
            if (first >= job.endEpisode()) {
                // the learner node was lost after the last checkpoint: make sure the final policy is there
                TrainingCheckpoints.deleteTree(policy);
                trainer.exportSavedModel(policy);
            }
        } catch (java.io.IOException e) {
            trainer.close();
            throw new CheckpointException(policy, "cannot replace it: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            trainer.close();
            throw e;
        }
        return new HostedSession(trainer, new RunCheckpoints(out, loaded, spec.seed(), job.checkpointEvery(),
                job.endEpisode()), policy, first);
    }

    /**
     * The checkpoint to restore: when recovering, the newest in the run directory if the resume rule allows it and
     * it is at or past where the run started; else the one the job names.
     */
    private static Optional<Checkpoint> resumeFrom(RunSpec spec, LoadedScenario loaded, TrainJob job, Path out) {
        if (job.recover() && Files.isDirectory(out.resolve(TrainingCheckpoints.DIR))) {
            try {
                Checkpoint newest = TrainingCheckpoints.find(out);
                if (newest.requireProgress().episodesDone() >= job.firstEpisode()) {
                    ResumeRule.require(newest, loaded, spec.seed(), out);
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
        Checkpoint given;
        try {
            given = TrainingCheckpoints.find(Path.of(job.resumeFrom()));
        } catch (CheckpointException e) {
            throw new InputException(e.getMessage());
        }
        ResumeRule.require(given, loaded, spec.seed(), Path.of(job.resumeFrom()));
        if (given.requireProgress().episodesDone() != job.firstEpisode()) {
            throw new InputException("the checkpoint in " + job.resumeFrom() + " now holds "
                    + given.requireProgress().episodesDone() + " episodes, not " + job.firstEpisode());
        }
        return Optional.of(given);
    }

    private static final class HostedSession implements Session {

        private final PpoTrainer trainer;
        private final RunCheckpoints checkpoints;
        private final Path policy;
        private final int first;
        private boolean closed;
        /** The client asked for a checkpoint at the next update ({@link #checkpointAtNextUpdate}). */
        private volatile boolean checkpointAsked;
        /** That checkpoint is written: nothing more is. */
        private boolean stopped;

        HostedSession(PpoTrainer trainer, RunCheckpoints checkpoints, Path policy, int first) {
            this.trainer = trainer;
            this.checkpoints = checkpoints;
            this.policy = policy;
            this.first = first;
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
            if (stopped) {
                return;
            }
            int episodesDone = episode + 1;
            if (checkpointAsked && trainer.gatheredEpisodes() == 0 && !checkpoints.last(episodesDone)) {
                checkpoints.beforeStopping(trainer, episodesDone);
                stopped = true;
                LOG.info("checkpointed after {} episodes for the client, which is stopping the run; no further "
                        + "checkpoint is written", episodesDone);
                return;
            }
            checkpoints.afterEpisode(trainer, episodesDone);
            if (checkpoints.last(episodesDone)) {
                trainer.exportSavedModel(policy);
            }
        }

        @Override
        public void checkpointAtNextUpdate() {
            checkpointAsked = true;
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
