package org.edgegen.report;

/**
 * One line of {@code train.csv}: what one training episode came to and what the update after it did.
 *
 * @param policyVersion the policy version that played the episode (the update made the next one)
 * @param meanReward    mean of r = -meanCost(slot) - r^P over the episode's decisions
 * @param stats         the episode's tasks (cost, delay, energy, error, penalty, decision counts)
 * @param entropy       the update's mean policy entropy, in nats (NaN when there was nothing to learn from)
 */
public record TrainRow(
        int episode,
        long policyVersion,
        double meanReward,
        TaskStats stats,
        double entropy,
        double policyLoss,
        double valueLoss,
        double approxKl) {}
