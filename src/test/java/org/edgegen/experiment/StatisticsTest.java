package org.edgegen.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.edgegen.experiment.Statistics.Estimate;
import org.junit.jupiter.api.Test;

class StatisticsTest {

    @Test
    void threeSamplesGiveTheStudentTIntervalWithTwoDegreesOfFreedom() {
        Estimate e = Statistics.estimate(List.of(1.0, 2.0, 3.0));

        // mean 2, sample sd 1, t(0.975, 2) = 4.303: half-width 4.303 / sqrt(3)
        assertThat(e.mean()).isEqualTo(2.0);
        assertThat(e.halfWidth()).isCloseTo(4.303 / Math.sqrt(3), within(1e-12));
        assertThat(e.low()).isLessThan(e.mean());
        assertThat(e.n()).isEqualTo(3);
    }

    @Test
    void oneSampleHasAMeanButNoInterval() {
        Estimate e = Statistics.estimate(List.of(0.5));

        assertThat(e.mean()).isEqualTo(0.5);
        assertThat(e.halfWidth()).isNaN();
    }

    @Test
    void equalSamplesHaveAZeroWidthInterval() {
        assertThat(Statistics.estimate(List.of(0.25, 0.25, 0.25, 0.25)).halfWidth()).isZero();
    }

    @Test
    void aRatesIntervalStaysWithinZeroAndOneWhereTheTIntervalDoesNot() {
        // One seed of five with every deadline missed: the t interval reaches below 0.
        List<Double> rates = List.of(0.0, 0.0, 0.0, 0.0, 1.0);
        Estimate t = Statistics.estimate(rates);
        assertThat(t.low()).isLessThan(0.0);

        Estimate rate = Statistics.estimate(Metric.DEADLINE_VIOLATIONS, rates);
        assertThat(rate.mean()).isCloseTo(0.2, within(1e-12));
        assertThat(rate.low()).isBetween(0.0, rate.mean());
        assertThat(rate.high()).isBetween(rate.mean(), 1.0);
        assertThat(rate.halfWidth()).isCloseTo((rate.high() - rate.low()) / 2, within(1e-12));

        // and above 1 on the other side
        List<Double> high = List.of(1.0, 1.0, 1.0, 1.0, 0.0);
        assertThat(Statistics.estimate(high).high()).isGreaterThan(1.0);
        Estimate rateHigh = Statistics.estimate(Metric.QUALITY_VIOLATIONS, high);
        assertThat(rateHigh.low()).isGreaterThanOrEqualTo(0.0);
        assertThat(rateHigh.high()).isLessThanOrEqualTo(1.0);
    }

    @Test
    void theBootstrapIsDeterministicAndUnboundedMetricsKeepTheTInterval() {
        List<Double> samples = List.of(0.1, 0.3, 0.2, 0.6);
        assertThat(Statistics.bootstrap(samples)).isEqualTo(Statistics.bootstrap(samples));
        assertThat(Statistics.estimate(Metric.COST, samples)).isEqualTo(Statistics.estimate(samples));
        assertThat(Statistics.estimate(Metric.LOCAL_SHARE, List.of(0.4)).halfWidth()).isNaN();
    }

    @Test
    void theTQuantileFallsTowardsTheNormalOneAndIsContinuousBeyondTheTable() {
        assertThat(Statistics.tQuantile975(1)).isEqualTo(12.706);
        assertThat(Statistics.tQuantile975(30)).isEqualTo(2.042);
        assertThat(Statistics.tQuantile975(31)).isBetween(2.030, 2.042);
        assertThat(Statistics.tQuantile975(1000)).isCloseTo(1.962, within(1e-3));
    }

    @Test
    void theMovingAverageOfTrainingCurvesStartsOnceTheWindowIsFull() {
        List<double[]> rows = List.of(new double[] {1}, new double[] {3}, new double[] {5}, new double[] {7});

        double[][] curve = Experiment.movingAverage(rows, 0, 2);

        assertThat(curve[0]).containsExactly(1, 2, 3);
        assertThat(curve[1]).containsExactly(2, 4, 6);
    }
}
