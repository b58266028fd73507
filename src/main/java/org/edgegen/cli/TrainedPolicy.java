package org.edgegen.cli;

import java.nio.file.Path;
import org.edgegen.config.LoadedScenario;
import org.edgegen.learn.PpoTrainer;
import org.edgegen.learn.TrainingCheckpoints;
import org.edgegen.learn.TrainingCheckpoints.Checkpoint;
import org.edgegen.model.InputException;
import org.edgegen.model.SystemModel;
import org.edgegen.policy.neural.NeuralPolicy;
import org.edgegen.policy.neural.PolicySnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the trained OSI actor of a {@code train} run for the commands that play it. */
final class TrainedPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(TrainedPolicy.class);

    private TrainedPolicy() {}

    /**
     * The actor weights of the checkpoint at {@code checkpoint} (a train run's directory, its checkpoints/ or one
     * checkpoint), warning when {@code seed} is the seed it was trained with.
     */
    static PolicySnapshot load(Path checkpoint, SystemModel model, LoadedScenario loaded, long seed,
            String command) {
        if (checkpoint == null) {
            throw new InputException(command + " " + NeuralPolicy.NAME + " needs --checkpoint DIR (a train run's "
                    + "directory)");
        }
        Checkpoint found = TrainingCheckpoints.find(checkpoint);
        found.progress().filter(p -> p.seed() == seed).ifPresent(p -> LOG.warn(
                "--seed {} is the seed the policy was trained with: its first {} episodes are training episodes",
                seed, p.episodesDone()));
        TrainingCheckpoints.validationOf(found.dir()).filter(v -> v.validationSeed() == seed).ifPresent(v -> LOG.warn(
                "--seed {} is the validation seed this checkpoint was chosen on: its first {} episodes are not unseen",
                seed, v.validationEpisodes()));
        PolicySnapshot snapshot;
        try (PpoTrainer trainer = PpoTrainer.restored(model, loaded.learner(), found.dir())) {
            snapshot = trainer.snapshot();
        }
        LOG.info("{} version {} from {}", NeuralPolicy.NAME, snapshot.version(), found.dir());
        return snapshot;
    }
}
