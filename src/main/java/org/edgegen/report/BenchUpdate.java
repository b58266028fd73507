package org.edgegen.report;

/**
 * One timed PPO update of {@code bench --ppo-transitions}: the learner's update (every epoch and minibatch) on
 * synthetic transitions shaped like those of the scenario at one user count.
 *
 * @param criticInputs  inputs of the critic (the observation plus, when centralised, 3 per cell)
 * @param gradientSteps Adam steps the update made (epochs × minibatches)
 * @param seconds       wall time of the update, the best of the timed repetitions
 */
public record BenchUpdate(int users, int cells, int transitions, int criticInputs, int gradientSteps,
        double seconds) {

    /** Seconds per 10,000 transitions, scaled linearly from the measured batch. */
    public double secondsPerTenThousandTransitions() {
        return seconds * 10_000.0 / transitions;
    }
}
