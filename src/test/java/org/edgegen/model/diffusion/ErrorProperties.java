package org.edgegen.model.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgegen.Cases.doubleIn;
import static org.edgegen.Cases.intIn;

import java.util.List;
import java.util.stream.Stream;
import org.edgegen.Cases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorProperties {

    private static final int CASES = 1000;

    static Stream<Arguments> stepsAndMore() {
        return Cases.of(0xE11, CASES, r -> new Object[] {intIn(r, 0, 200), intIn(r, 0, 50)});
    }

    @ParameterizedTest(name = "[{index}] steps = {0}, more = {1}")
    @MethodSource("stepsAndMore")
    void clipQualityErrorNeverRisesWithSteps(int steps, int more) {
        String c = String.format("steps = %d, more = %d", steps, more);
        ErrorModel model = ClipQualityError.DEFAULT;
        assertThat(model.error(steps + more)).as(c).isLessThanOrEqualTo(model.error(steps));
        assertThat(model.error(steps)).as(c).isBetween(0.0, 1.0);
    }

    static Stream<Arguments> powerLawCases() {
        return Cases.of(0xE12, CASES,
                r -> new Object[] {doubleIn(r, 0.2, 2.0), intIn(r, 1, 10), intIn(r, 0, 200), intIn(r, 0, 50)});
    }

    @ParameterizedTest(name = "[{index}] beta = {0}, referenceSteps = {1}, steps = {2}, more = {3}")
    @MethodSource("powerLawCases")
    void powerLawErrorNeverRisesWithSteps(double beta, int referenceSteps, int steps, int more) {
        String c = String.format("beta = %s, referenceSteps = %d, steps = %d, more = %d", beta, referenceSteps, steps,
                more);
        ErrorModel model = new PowerLawError(beta, referenceSteps);
        assertThat(model.error(steps + more)).as(c).isLessThanOrEqualTo(model.error(steps));
        assertThat(model.error(steps)).as(c).isBetween(0.0, 1.0);
    }

    static Stream<Arguments> betaAndMaxError() {
        return Cases.of(0xE13, CASES, r -> new Object[] {doubleIn(r, 0.2, 2.0), doubleIn(r, 0, 1)});
    }

    @ParameterizedTest(name = "[{index}] beta = {0}, maxError = {1}")
    @MethodSource("betaAndMaxError")
    void theMinimumStepsMeetTheRequirementWheneverAnyChoiceDoes(double beta, double maxError) {
        String c = String.format("beta = %s, maxError = %s", beta, maxError);
        StepChoices choices = new StepChoices(List.of(5, 10, 15, 20, 25, 30), new PowerLawError(beta, 5));
        int min = choices.minStepsFor(maxError);
        if (Math.pow(30 / 5.0, -beta) <= maxError) {
            assertThat(choices.error(min)).as(c).isLessThanOrEqualTo(maxError);
            for (int choice : new int[] {5, 10, 15, 20, 25, 30}) {
                if (choice < min) {
                    assertThat(Math.pow(choice / 5.0, -beta)).as("%s, choice = %d", c, choice).isGreaterThan(maxError);
                }
            }
        } else {
            assertThat(min).as(c).isEqualTo(30);
        }
    }
}
