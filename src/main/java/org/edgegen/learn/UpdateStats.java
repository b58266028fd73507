package org.edgegen.learn;

/**
 * What one PPO update did, each loss averaged over its gradient steps (measured before each step).
 *
 * @param policyLoss     the clipped surrogate loss -E[min(r A, clip(r) A)]
 * @param valueLoss      E[(R - V)²]
 * @param entropy        E[H(x) + p(offload) H(y) + H(c)], in nats
 * @param approxKl       E[(r - 1) - log r], an estimate of KL(π_old || π)
 * @param clipFraction   share of transitions whose ratio was outside [1 - ε, 1 + ε]
 * @param gradNorm       global gradient norm before clipping
 * @param gradientSteps  minibatch steps taken
 * @param transitions    transitions in the batch
 * @param version        the policy version after the update
 */
public record UpdateStats(
        double policyLoss,
        double valueLoss,
        double entropy,
        double approxKl,
        double clipFraction,
        double gradNorm,
        int gradientSteps,
        int transitions,
        long version) {}
