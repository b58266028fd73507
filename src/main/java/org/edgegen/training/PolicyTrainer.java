package org.edgegen.training;

import org.edgegen.policy.neural.PolicySnapshot;

/**
 * What the learner actor needs of a trainer: the current actor weights and one update from an episode's
 * experience. The TensorFlow implementation lives in {@code learn}; the actor only sees this interface.
 * Called from the learner actor's thread only.
 */
public interface PolicyTrainer {

    /** The current actor weights, with their version. */
    PolicySnapshot snapshot();

    /** Learns from one episode and returns the new weights (version + 1) with the update's figures. */
    TrainingStep train(EpisodeExperience experience);

    /**
     * The outcome of one update.
     *
     * @param meanReward   mean of r = -meanCost(slot) - penalty over the episode's transitions
     */
    record TrainingStep(
            PolicySnapshot snapshot,
            double meanReward,
            double policyLoss,
            double valueLoss,
            double entropy,
            double approxKl,
            int transitions) implements org.edgegen.cluster.CborSerializable {}
}
