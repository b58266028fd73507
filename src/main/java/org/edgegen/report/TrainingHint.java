package org.edgegen.report;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Whether a training run looks under-trained, judged from its own learning curve rather than from a fixed number
 * of episodes (what is enough differs by scenario): too few episodes to show a curve, or a mean cost per episode
 * still falling when training stopped. "Still falling" is a least-squares line through the last half of the
 * episodes whose slope is negative, more than {@value #T_LIMIT} standard errors from zero, and worth more than
 * {@value #MIN_FALL_PERCENT} % of the line's value where that half starts (a smaller drift is not worth more training). A
 * curve too noisy to tell (a fall of more than {@value #NOISY_FALL_PERCENT} % cannot be ruled out) gets a hint too.
 */
public final class TrainingHint {

    /** Fewer episodes than this leave too short a curve to judge (its last half would hold fewer than 4 points). */
    public static final int MIN_EPISODES = 8;
    /** How many standard errors the slope of the last half must lie below zero. */
    public static final double T_LIMIT = 2.0;
    /** The least fall over the last half, in % of the line's value where the half starts, that counts. */
    public static final double MIN_FALL_PERCENT = 1.0;
    /**
     * A curve whose fall over the last half could be this large (in % of the line's value where the half starts, at {@value #T_LIMIT}
     * standard errors) is too noisy to call levelled off.
     */
    public static final double NOISY_FALL_PERCENT = 10.0;

    private TrainingHint() {}

    /**
     * The hint for a run whose episodes had these mean costs, in episode order; empty when the curve had levelled
     * off (its last half shows no fall that stands out from the noise).
     */
    public static Optional<String> of(List<Double> meanCosts) {
        int n = meanCosts.size();
        if (n < MIN_EPISODES) {
            return Optional.of("trained for only " + n + " episode" + (n == 1 ? "" : "s")
                    + ": too few to tell whether it learned; expect an under-trained policy");
        }
        List<Double> half = meanCosts.subList(n - n / 2, n);
        int m = half.size();
        double meanX = (m - 1) / 2.0;
        double meanY = half.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < m; i++) {
            sxx += (i - meanX) * (i - meanX);
            sxy += (i - meanX) * (half.get(i) - meanY);
        }
        double slope = sxy / sxx;
        double residuals = 0;
        for (int i = 0; i < m; i++) {
            double e = half.get(i) - (meanY + slope * (i - meanX));
            residuals += e * e;
        }
        double standardError = Math.sqrt(residuals / (m - 2) / sxx);
        double t = standardError > 0 ? slope / standardError : slope < 0 ? Double.NEGATIVE_INFINITY : 0;
        // a fall is a share of where the fitted line starts the half, so a falling cost never falls by over 100 %
        double start = meanY - slope * meanX;
        double reference = start > 0 ? start : meanY;
        double fallPercent = reference > 0 ? -slope * (m - 1) / reference * 100 : 0;
        double fallUpperPercent = reference > 0 ? (-slope + T_LIMIT * standardError) * (m - 1) / reference * 100 : 0;
        if (!(t < -T_LIMIT) || !(fallPercent > MIN_FALL_PERCENT)) {
            if (fallUpperPercent > NOISY_FALL_PERCENT) {
                return Optional.of(String.format(Locale.ROOT, "its training cost is too noisy over the last %d of %d "
                        + "episodes to tell whether it has levelled off (a fall of up to %.0f %% over them cannot be "
                        + "ruled out): it may be under-trained; train for more episodes", m, n, fallUpperPercent));
            }
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "its training cost was still falling when training stopped "
                + "(by about %.1f %% over the last %d of %d episodes, t = %.1f): likely under-trained; train for "
                + "more episodes", fallPercent, m, n, t));
    }

    /** The hint for the run whose {@code train.csv} this is. */
    public static Optional<String> ofFile(Path trainCsv) throws IOException {
        List<Double> costs = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(trainCsv, StandardCharsets.UTF_8)) {
            for (CSVRecord record : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(reader)) {
                costs.add(TrainRow.MEAN_COST.doubleIn(record));
            }
        }
        return of(costs);
    }
}
