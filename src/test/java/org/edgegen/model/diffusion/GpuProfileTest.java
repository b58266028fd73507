package org.edgegen.model.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.edgegen.model.Scenarios;
import org.junit.jupiter.api.Test;

class GpuProfileTest {

    @Test
    void batchedStepTimeIsOverheadPlusPerImageTimesBatch() {
        GpuProfile a100 = Scenarios.A100;
        assertThat(a100.stepSeconds(1)).isCloseTo(0.019 + 0.0192 * 1, within(1e-12));
        assertThat(a100.stepSeconds(4)).isCloseTo(0.019 + 0.0192 * 4, within(1e-12));
        assertThat(Scenarios.T4.stepSeconds(2)).isCloseTo(0.007 + 0.138 * 2, within(1e-12));
    }

    @Test
    void saturatedThroughputIsTheInverseOfThePerImageStepTime() {
        assertThat(Scenarios.A100.throughputImageStepsPerSecond()).isCloseTo(1 / 0.0192, within(1e-9));
        assertThat(Scenarios.A100.throughputImageStepsPerSecond()).isCloseTo(52, within(0.5));
        assertThat(Scenarios.RTX4090.throughputImageStepsPerSecond()).isCloseTo(51, within(0.5));
        assertThat(Scenarios.RTX3090.throughputImageStepsPerSecond()).isCloseTo(28, within(0.5));
        assertThat(Scenarios.V100.throughputImageStepsPerSecond()).isCloseTo(27, within(0.5));
        assertThat(Scenarios.T4.throughputImageStepsPerSecond()).isCloseTo(7.3, within(0.1));
    }

    @Test
    void theExpectedWaitIsTheBacklogOverTheThroughput() {
        // T4: β = 0.138 s per image-step, so 100 image-steps wait 13.8 s
        assertThat(Scenarios.T4.expectedWaitSeconds(100)).isCloseTo(13.8, within(1e-9));
        assertThat(Scenarios.A100.expectedWaitSeconds(0)).isZero();
    }

    @Test
    void aGpuWithoutPerImageTimeIsRejected() {
        assertThatThrownBy(() -> new GpuProfile("broken", 0.01, 0.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken");
        assertThatThrownBy(() -> new GpuProfile("broken", -0.01, 0.01)).isInstanceOf(IllegalArgumentException.class);
    }
}
