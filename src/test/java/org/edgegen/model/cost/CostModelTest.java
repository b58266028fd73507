package org.edgegen.model.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.edgegen.model.Scenario.CostParams;
import org.edgegen.model.Scenario.PenaltyParams;
import org.edgegen.model.Scenarios;
import org.junit.jupiter.api.Test;

class CostModelTest {

    private final CostModel defaults = new CostModel(Scenarios.defaults().cost(), Scenarios.defaults().penalty());
    private final CostModel withEnergyBudget = new CostModel(new CostParams(1.0 / 3, 1.0 / 3, 1.0 / 3, 10, 100),
            new PenaltyParams(1, 1, 1, 2, 50));

    @Test
    void costWeighsNormalisedDelayEnergyAndErrorEqually() {
        double expected = (1.0 / 3) * 5.0 / 10 + (1.0 / 3) * 20.0 / 100 + (1.0 / 3) * 0.3;
        assertThat(defaults.cost(5.0, 20.0, 0.3)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void aTaskWithinEveryLimitHasNoPenalty() {
        assertThat(defaults.penalty(7.9, 8.0, 0.2, 0.3, 1000.0, false)).isEqualTo(0.0);
        assertThat(defaults.penalty(8.0, 8.0, 0.3, 0.3, 0.0, false)).as("limits are inclusive").isEqualTo(0.0);
    }

    @Test
    void beingLateByHalfTheDeadlineCostsOneAndAHalfDeadlineWeights() {
        assertThat(defaults.penalty(12.0, 8.0, 0.0, 0.3, 0.0, false)).isCloseTo(1.0 * (1 + 4.0 / 8.0), within(1e-12));
    }

    @Test
    void missingTheQualityRequirementCostsTheQualityWeight() {
        assertThat(defaults.penalty(1.0, 8.0, 0.31, 0.3, 0.0, false)).isEqualTo(1.0);
    }

    @Test
    void exceedingTheEnergyBudgetCostsTheEnergyWeight() {
        assertThat(withEnergyBudget.penalty(1.0, 8.0, 0.0, 0.3, 50.5, false)).isEqualTo(1.0);
        assertThat(defaults.penalty(1.0, 8.0, 0.0, 0.3, 1e9, false)).as("E^max = ∞ by default").isEqualTo(0.0);
    }

    @Test
    void aFailedTaskCostsTheInvalidWeight() {
        assertThat(defaults.penalty(1.0, 8.0, 0.0, 0.3, 0.0, true)).isEqualTo(2.0);
    }

    @Test
    void penaltyTermsAddUp() {
        double expected = 1.0 * (1 + 4.0 / 8.0) + 1.0 + 1.0 + 2.0;
        assertThat(withEnergyBudget.penalty(12.0, 8.0, 0.5, 0.3, 60.0, true)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void rewardIsMinusTheMeanCostMinusTheOwnPenalty() {
        assertThat(CostModel.reward(0.4, 1.5)).isCloseTo(-0.4 - 1.5, within(1e-12));
    }
}
