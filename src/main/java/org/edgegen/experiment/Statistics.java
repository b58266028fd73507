package org.edgegen.experiment;

import java.util.List;

/** Mean and 95 % confidence interval (Student's t) of a few per-seed samples. */
public final class Statistics {

    /** t(0.975, df) for df = 1..30. */
    private static final double[] T_975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    private Statistics() {}

    /**
     * @param mean       the sample mean (NaN without samples)
     * @param halfWidth  half-width of the 95 % CI of the mean (NaN with fewer than two samples)
     * @param n          samples
     */
    public record Estimate(double mean, double halfWidth, int n) {

        public double low() {
            return mean - halfWidth;
        }

        public double high() {
            return mean + halfWidth;
        }
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
