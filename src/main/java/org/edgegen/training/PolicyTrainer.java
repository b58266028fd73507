package org.edgegen.training;

import org.edgegen.policy.neural.PolicySnapshot;

/**
 * What the learner actor needs of a trainer: the current actor weights and one update from an episode's
 * experience. The TensorFlow implementation lives in {@code learn}; the actor only sees this interface.
 * Called one call at a time: the actor system's learner runs its updates on a dedicated blocking dispatcher.
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
