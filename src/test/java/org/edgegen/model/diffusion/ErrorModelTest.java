package org.edgegen.model.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ErrorModelTest {

    private static final StepChoices CLIP = new StepChoices(List.of(5, 10, 15, 20, 25, 30), ClipQualityError.DEFAULT);

    @ParameterizedTest(name = "ε({0}) = {1}")
    @CsvSource({"5, 0.542", "10, 0.313", "15, 0.178", "20, 0.083", "25, 0.009", "30, 0.0"})
    void clipQualityErrorMatchesTheReferenceValues(int steps, double reference) {
        assertThat(ClipQualityError.DEFAULT.error(steps)).isCloseTo(reference, within(1e-3));
    }

    @ParameterizedTest(name = "ε({0}) from Q(c) = 0.16 log6(c) - 0.02")
    @ValueSource(ints = {5, 10, 15, 20, 25})
    void clipQualityErrorFollowsTheQualityCurve(int steps) {
        double quality = Math.min(0.16 * Math.log(steps) / Math.log(6) - 0.02, 0.27);
        assertThat(ClipQualityError.DEFAULT.error(steps)).isCloseTo(1 - quality / 0.27, within(1e-12));
    }

    @Test
    void belowFiveStepsThereIsNoQualityAtAll() {
        assertThat(ClipQualityError.DEFAULT.error(4)).isEqualTo(1.0);
        assertThat(ClipQualityError.DEFAULT.error(1)).isEqualTo(1.0);
    }

    @Test
    void qualityIsClippedAtTheCapSoManyStepsGiveNoError() {
        assertThat(ClipQualityError.DEFAULT.clippedQuality(100)).isEqualTo(0.27);
        assertThat(ClipQualityError.DEFAULT.error(100)).isEqualTo(0.0);
    }

    @ParameterizedTest(name = "β = {0}")
    @ValueSource(doubles = {0.46, 1.0, 1.72})
    void powerLawErrorIsTheStepRatioToMinusBeta(double beta) {
        PowerLawError model = new PowerLawError(beta, 5);
        for (int steps : new int[] {5, 10, 15, 20, 25, 30}) {
            double expected = Math.pow(steps / 5.0, -beta);
            assertThat(model.error(steps)).as("ε(%d)", steps).isCloseTo(expected, within(1e-12));
        }
        assertThat(model.error(5)).isEqualTo(1.0);
    }

    @Test
    void powerLawErrorIsCappedAtOneBelowTheReference() {
        assertThat(new PowerLawError(1.0, 5).error(2)).isEqualTo(1.0);
        assertThat(new PowerLawError(1.0, 5).error(0)).isEqualTo(1.0);
    }

    @Test
    void minimumStepsIsTheSmallestChoiceThatMeetsTheRequirement() {
        assertThat(CLIP.minStepsFor(0.3)).isEqualTo(15);
        assertThat(CLIP.minStepsFor(0.05)).isEqualTo(25);
        assertThat(CLIP.minStepsFor(0.6)).isEqualTo(5);
        assertThat(CLIP.minStepsFor(0.312)).isEqualTo(15);
        assertThat(CLIP.minStepsFor(0.313)).isEqualTo(10);
    }

    @Test
    void aZeroErrorRequirementNeedsThirtySteps() {
        assertThat(CLIP.minStepsFor(0.0)).isEqualTo(30);
    }

    @Test
    void anUnattainableRequirementFallsBackToTheLargestChoice() {
        assertThat(CLIP.minStepsFor(-0.1)).isEqualTo(30);
        StepChoices powerLaw = new StepChoices(List.of(5, 10, 15, 20, 25, 30), new PowerLawError(0.46, 5));
        // (30/5)^-0.46 ≈ 0.44, so 0.1 cannot be met
        assertThat(powerLaw.minStepsFor(0.1)).isEqualTo(30);
    }

    @Test
    void meanStepsIsTheMeanOfTheChoices() {
        assertThat(CLIP.meanSteps()).isEqualTo((5 + 10 + 15 + 20 + 25 + 30) / 6.0);
    }
}
