package org.edgegen.cli;

import java.nio.file.Path;
import java.util.List;
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
     * Of several validated checkpoints ({@code checkpoints/best} of train runs with the same validation seed and
     * episodes), the one with the lowest validation cost (the first of equals). Anything else is a user error.
     */
    static Path bestValidated(List<Path> checkpoints) {
        Path best = null;
        TrainingCheckpoints.Validation bestValidation = null;
        for (Path path : checkpoints) {
            Checkpoint found = TrainingCheckpoints.find(path);
            TrainingCheckpoints.Validation v = TrainingCheckpoints.validationOf(found.dir()).orElseThrow(() ->
                    new InputException("--checkpoint " + path + " has no " + TrainingCheckpoints.VALIDATION_FILE
                            + ": to choose among several checkpoints, pass the checkpoints/best of runs trained "
                            + "with --validation-seed"));
            if (bestValidation != null && (v.validationSeed() != bestValidation.validationSeed()
                    || v.validationEpisodes() != bestValidation.validationEpisodes())) {
                throw new InputException("--checkpoint " + path + " was validated on " + v.validationEpisodes()
                        + " episodes of seed " + v.validationSeed() + ", " + best + " on "
                        + bestValidation.validationEpisodes() + " of seed " + bestValidation.validationSeed()
                        + "; choose among runs validated alike");
            }
            LOG.info("{}: validation mean cost {} after {} episodes", found.dir(), v.meanCost(), v.episodesDone());
            if (bestValidation == null || v.meanCost() < bestValidation.meanCost()) {
                best = found.dir();
                bestValidation = v;
            }
        }
        LOG.info("playing {}, the lowest validation cost of {} checkpoints", best, checkpoints.size());
        return best;
    }

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
