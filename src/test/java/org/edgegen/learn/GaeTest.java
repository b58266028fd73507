package org.edgegen.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaeTest {

    private static final double[] REWARDS = {1.0, 0.0, 2.0};
    private static final double[] VALUES = {0.5, 0.4, 0.3};
    private static final double GAMMA = 0.9;
    private static final double LAMBDA = 0.8;

    @Test
    void aTrajectoryEndingInATerminalStepIsNotBootstrapped() {
        // δ2 = 2 - 0.3 = 1.7;            A2 = 1.7
        // δ1 = 0 + 0.9·0.3 - 0.4 = -0.13; A1 = -0.13 + 0.72·1.7 = 1.094
        // δ0 = 1 + 0.9·0.4 - 0.5 = 0.86;  A0 = 0.86 + 0.72·1.094 = 1.64768
        Gae.Targets t = Gae.compute(REWARDS, VALUES, new boolean[] {false, false, true}, 9.0, GAMMA, LAMBDA);
        assertThat(t.advantages()).containsExactly(new double[] {1.64768, 1.094, 1.7}, within(1e-12));
        assertThat(t.returns()).containsExactly(new double[] {2.14768, 1.494, 2.0}, within(1e-12));
    }

    @Test
    void aTruncatedTrajectoryIsBootstrappedFromTheLastValue() {
        // δ2 = 2 + 0.9·1.0 - 0.3 = 2.6;   A2 = 2.6
        // A1 = -0.13 + 0.72·2.6 = 1.742;  A0 = 0.86 + 0.72·1.742 = 2.11424
        Gae.Targets t = Gae.compute(REWARDS, VALUES, new boolean[3], 1.0, GAMMA, LAMBDA);
        assertThat(t.advantages()).containsExactly(new double[] {2.11424, 1.742, 2.6}, within(1e-12));
        assertThat(t.returns()).containsExactly(new double[] {2.61424, 2.142, 2.9}, within(1e-12));
    }

    @Test
    void anEpisodeEndInTheMiddleCutsTheAdvantage() {
        // Step 0 ends its episode: A0 = δ0 = 1 - 0.5 = 0.5; steps 1-2 as in the bootstrapped case.
        Gae.Targets t = Gae.compute(REWARDS, VALUES, new boolean[] {true, false, false}, 1.0, GAMMA, LAMBDA);
        assertThat(t.advantages()).containsExactly(new double[] {0.5, 1.742, 2.6}, within(1e-12));
    }

    @Test
    void lambdaZeroGivesTdErrorsAndLambdaOneGivesDiscountedReturnsMinusValues() {
        boolean[] dones = {false, false, true};
        assertThat(Gae.compute(REWARDS, VALUES, dones, 0, GAMMA, 0.0).advantages())
                .containsExactly(new double[] {0.86, -0.13, 1.7}, within(1e-12));
        // G2 = 2, G1 = 0 + 0.9·2 = 1.8, G0 = 1 + 0.9·1.8 = 2.62
        assertThat(Gae.compute(REWARDS, VALUES, dones, 0, GAMMA, 1.0).returns())
                .containsExactly(new double[] {2.62, 1.8, 2.0}, within(1e-12));
    }

    @Test
    void inputsOfDifferentLengthsAreRefused() {
        assertThatThrownBy(() -> Gae.compute(REWARDS, new double[2], new boolean[3], 0, GAMMA, LAMBDA))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
