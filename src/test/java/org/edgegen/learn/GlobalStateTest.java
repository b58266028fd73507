package org.edgegen.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.edgegen.model.slot.SlotState;
import org.junit.jupiter.api.Test;

class GlobalStateTest {

    @Test
    void everyBsContributesItsWaitItsThroughputAndItsLastArrivalsNormalised() {
        double[] backlogs = {10 / 0.0192, 0, 0, 0, 72.5, 0, 0};
        int[] arrivals = {5, 0, 0, 0, 2, 0, 0};
        double[] g = GlobalState.of(LearnFixtures.MODEL, new SlotState(new double[20], backlogs, arrivals));
        assertThat(g).hasSize(21);
        // BS 0 is an A100: μ = 1/0.0192; 10/0.0192 image-steps wait 10 s, one T_ref.
        assertThat(g[0]).isCloseTo(1.0, within(1e-9));
        assertThat(g[1]).isCloseTo(1 / 0.0192 / 52, within(1e-12));
        assertThat(g[2]).isCloseTo(5.0 / 20, within(1e-12));
        // BS 4 is a T4: μ = 1/0.138; 72.5 image-steps wait 10.005 s.
        assertThat(g[12]).isCloseTo(72.5 * 0.138 / 10, within(1e-9));
        assertThat(g[13]).isCloseTo(1 / 0.138 / 52, within(1e-12));
        assertThat(g[14]).isCloseTo(2.0 / 20, within(1e-12));
        assertThat(g[3]).isZero();
    }
}
