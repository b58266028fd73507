package org.edgegen.model.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.edgegen.Cases.doubleIn;

import java.util.stream.Stream;
import org.edgegen.Cases;
import org.edgegen.model.Scenario.CostParams;
import org.edgegen.model.Scenarios;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CostProperties {

    private static final int CASES = 1000;

    private static double cost(double w1, double w2, double w3, double delay, double energy, double error) {
        return new CostModel(new CostParams(w1, w2, w3, 10, 100), Scenarios.defaults().penalty())
                .cost(delay, energy, error);
    }

    static Stream<Arguments> weightsAndTerms() {
        return Cases.of(0xC01, CASES, r -> new Object[] {doubleIn(r, 0, 1), doubleIn(r, 0, 1), doubleIn(r, 0, 1),
                doubleIn(r, 0, 1), doubleIn(r, 0, 1), doubleIn(r, 0, 1), doubleIn(r, -3, 3), doubleIn(r, 0, 60),
                doubleIn(r, 0, 200), doubleIn(r, 0, 1)});
    }

    @ParameterizedTest(name = "[{index}] a = ({0}, {1}, {2}), b = ({3}, {4}, {5}), k = {6}, delay = {7}, "
            + "energy = {8}, error = {9}")
    @MethodSource("weightsAndTerms")
    void costIsLinearInTheWeights(double a1, double a2, double a3, double b1, double b2, double b3, double k,
            double delay, double energy, double error) {
        String c = String.format("a = (%s, %s, %s), b = (%s, %s, %s), k = %s, delay = %s, energy = %s, error = %s",
                a1, a2, a3, b1, b2, b3, k, delay, energy, error);
        double sum = cost(a1 + b1, a2 + b2, a3 + b3, delay, energy, error);
        assertThat(sum).as(c).isCloseTo(
                cost(a1, a2, a3, delay, energy, error) + cost(b1, b2, b3, delay, energy, error), within(1e-9));
        assertThat(cost(k * a1, k * a2, k * a3, delay, energy, error)).as(c)
                .isCloseTo(k * cost(a1, a2, a3, delay, energy, error), within(1e-9));
    }

    static Stream<Arguments> terms() {
        return Cases.of(0xC02, CASES, r -> new Object[] {doubleIn(r, 0, 60), doubleIn(r, 0, 200), doubleIn(r, 0, 1)});
    }

    @ParameterizedTest(name = "[{index}] delay = {0}, energy = {1}, error = {2}")
    @MethodSource("terms")
    void eachWeightPicksItsOwnNormalisedTerm(double delay, double energy, double error) {
        String c = String.format("delay = %s, energy = %s, error = %s", delay, energy, error);
        assertThat(cost(1, 0, 0, delay, energy, error)).as(c).isCloseTo(delay / 10, within(1e-12));
        assertThat(cost(0, 1, 0, delay, energy, error)).as(c).isCloseTo(energy / 100, within(1e-12));
        assertThat(cost(0, 0, 1, delay, energy, error)).as(c).isCloseTo(error, within(1e-12));
    }
}
