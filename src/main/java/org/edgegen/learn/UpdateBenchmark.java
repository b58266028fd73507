package org.edgegen.learn;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.edgegen.config.LearnerSettings;
import org.edgegen.model.SystemModel;
import org.edgegen.policy.neural.HeadMasks;

/**
 * Times the learner's PPO update on synthetic transitions shaped like a scenario's (its observation, action heads
 * and, for the centralised critic, its global state of 3 values per cell), for {@code bench}. The numbers in the
 * transitions are random; only their count and shape matter to the time an update takes.
 */
public final class UpdateBenchmark {

    /** What one timed update did and how long it took. */
    public record Timing(int transitions, int criticInputs, int gradientSteps, double seconds) {}

    private UpdateBenchmark() {
    }

    /**
     * One untimed update (graph warm-up), then {@code repetitions} timed ones on the same batch; the fastest counts.
     *
     * @param transitions transitions in the batch, at least 1
     */
    public static Timing measure(SystemModel model, LearnerSettings settings, int transitions, int repetitions,
            long seed) {
        if (transitions < 1 || repetitions < 1) {
            throw new IllegalArgumentException("transitions and repetitions must be >= 1");
        }
        NetworkShape shape = NetworkShape.of(model, settings);
        Batch batch = syntheticBatch(shape, transitions, new SplittableRandom(seed));
        try (PpoLearner learner = new PpoLearner(shape, settings, seed)) {
            learner.update(batch);
            double best = Double.POSITIVE_INFINITY;
            int steps = 0;
            for (int i = 0; i < repetitions; i++) {
                long start = System.nanoTime();
                UpdateStats stats = learner.update(batch);
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
                steps = stats.gradientSteps();
            }
            return new Timing(transitions, shape.criticInputSize(), steps, best);
        }
    }

    /** Uniform features and global state, every head fully valid, uniformly drawn actions of a uniform policy. */
    static Batch syntheticBatch(NetworkShape shape, int transitions, SplittableRandom random) {
        int servers = shape.serverChoices();
        int steps = shape.stepChoices();
        boolean[] serverMask = new boolean[servers];
        boolean[] stepsMask = new boolean[steps];
        Arrays.fill(serverMask, true);
        Arrays.fill(stepsMask, true);
        HeadMasks masks = new HeadMasks(new boolean[] {true, true}, serverMask, stepsMask);
        double[] features = new double[shape.featureCount()];
        double[] global = new double[shape.globalStateSize()];
        double[] advantages = new double[transitions];
        double[] returns = new double[transitions];
        Batch.Builder builder = Batch.builder(shape);
        for (int t = 0; t < transitions; t++) {
            for (int i = 0; i < features.length; i++) {
                features[i] = random.nextDouble();
            }
            for (int i = 0; i < global.length; i++) {
                global[i] = random.nextDouble();
            }
            int offload = random.nextInt(2);
            double logProb = -Math.log(2) - Math.log(steps) - (offload == 1 ? Math.log(servers) : 0);
            builder.add(features, global, masks, offload, random.nextInt(servers), random.nextInt(steps), logProb);
            advantages[t] = random.nextGaussian();
            returns[t] = random.nextGaussian();
        }
        return builder.build().withTargets(advantages, returns);
    }
}
