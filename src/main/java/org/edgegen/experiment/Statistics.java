package org.edgegen.experiment;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mean and 95 % confidence interval of a few per-seed samples: Student's t for unbounded metrics, and for rates
 * (bounded to [0, 1]) a percentile bootstrap over the seeds, whose bounds lie within the samples' range and so
 * within [0, 1], where a t interval over a few seeds can reach below 0 or above 1.
 */
public final class Statistics {

    /** t(0.975, df) for df = 1..30. */
    private static final double[] T_975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    private Statistics() {}

    /** Resamples of the percentile bootstrap. */
    public static final int BOOTSTRAP_RESAMPLES = 10_000;
    /** The bootstrap's fixed seed: the same samples give the same interval in every run. */
    public static final long BOOTSTRAP_SEED = 0x5EED_B007L;

    /**
     * @param mean       the sample mean (NaN without samples)
     * @param halfWidth  half the width of the 95 % CI of the mean (NaN with fewer than two samples); the t
     *                   interval's half-width, or (high - low) / 2 of a bootstrap interval, which need not be
     *                   symmetric about the mean
     * @param n          samples
     * @param low        the interval's lower bound
     * @param high       the interval's upper bound
     */
    public record Estimate(double mean, double halfWidth, int n, double low, double high) {

        /** A symmetric interval, mean ± halfWidth. */
        public Estimate(double mean, double halfWidth, int n) {
            this(mean, halfWidth, n, mean - halfWidth, mean + halfWidth);
        }
    }

    /** The estimate of a metric: a bootstrap interval for a rate (a fraction), a t interval otherwise. */
    public static Estimate estimate(Metric metric, List<Double> samples) {
        return metric.fraction() ? bootstrap(samples) : estimate(samples);
    }

    /**
     * Mean and 95 % percentile-bootstrap interval over the samples ({@value #BOOTSTRAP_RESAMPLES} resamples with
     * replacement, the mean of each, its 2.5 % and 97.5 % quantiles), deterministic by {@link #BOOTSTRAP_SEED}. The
     * bounds lie within [min, max] of the samples, so a rate's interval stays within [0, 1].
     */
    public static Estimate bootstrap(List<Double> samples) {
        int n = samples.size();
        if (n < 2) {
            return estimate(samples);
        }
        double[] values = samples.stream().mapToDouble(Double::doubleValue).toArray();
        double mean = Arrays.stream(values).sum() / n;
        SplittableRandom random = new SplittableRandom(BOOTSTRAP_SEED);
        double[] means = new double[BOOTSTRAP_RESAMPLES];
        for (int b = 0; b < means.length; b++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += values[random.nextInt(n)];
            }
            means[b] = sum / n;
        }
        Arrays.sort(means);
        double low = Math.min(mean, means[(int) Math.floor(0.025 * (means.length - 1))]);
        double high = Math.max(mean, means[(int) Math.ceil(0.975 * (means.length - 1))]);
        return new Estimate(mean, (high - low) / 2, n, low, high);
    }

    public static Estimate estimate(List<Double> samples) {
        int n = samples.size();
        if (n == 0) {
            return new Estimate(Double.NaN, Double.NaN, 0);
        }
        double sum = 0;
        for (double x : samples) {
            sum += x;
        }
        double mean = sum / n;
        if (n == 1) {
            return new Estimate(mean, Double.NaN, 1);
        }
        double squares = 0;
        for (double x : samples) {
            squares += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(squares / (n - 1));
        return new Estimate(mean, tQuantile975(n - 1) * sd / Math.sqrt(n), n);
    }

    /** The 97.5 % quantile of Student's t with {@code df} degrees of freedom (a close expansion above 30). */
    public static double tQuantile975(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("df must be >= 1, was " + df);
        }
        if (df <= T_975.length) {
            return T_975[df - 1];
        }
        double z = 1.959964;
        return z + (z * z * z + z) / (4.0 * df);
    }
}
