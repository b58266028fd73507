package org.edgegen.training;

/**
 * What a {@code learner} node needs to host the learner of a cluster training run: a trainer for the run, restored
 * from a checkpoint when the run resumes, and a hook after every update that checkpoints (and after the last
 * episode exports the final policy). The TensorFlow implementation lives in {@code learn}; a node command installs
 * it on the node ({@code sim.RunContexts.hostTraining}), so neither of the two imports the other.
 */
public interface TrainerHost {

    /**
     * Opens the trainer of a run.
     *
     * @throws org.edgegen.model.InputException when the job cannot be trained (e.g. no usable checkpoint)
     */
    Session open(RunSpec spec, TrainJob job);

    /** One run's trainer on this node; closed when the run's learner stops. */
    interface Session extends AutoCloseable {

        /** The episode the run goes on from: the restored checkpoint's episodes, or the job's first episode. */
        int firstEpisode();

        PolicyTrainer trainer();

        /**
         * After the update from {@code episode}, where the learner runs it (off the actor threads): checkpoints when
         * one is due.
         */
        void afterEpisode(int episode, PolicyTrainer.TrainingStep step);

        /**
         * The run's client is stopping it (SIGINT, SIGTERM): checkpoint after the next update (right away when the
         * last one left no episode unlearned) and write no checkpoint after that one, so that the run directory's
         * newest checkpoint is where the client's train.csv ends. May be called from any thread, more than once.
         */
        default void checkpointAtNextUpdate() {}

        @Override
        void close();
    }
}
