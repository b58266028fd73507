package org.edgegen.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.edgegen.config.LearnerSettings.CriticMode;
import org.edgegen.model.slot.SlotState;
import org.edgegen.policy.FeatureLayout.Feature;
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

    @Test
    void theSlotTasksEntryFollowsTheBssAsTheTasksOverFiveTimesTheCells() {
        double[] backlogs = {10 / 0.0192, 0, 0, 0, 72.5, 0, 0};
        int[] arrivals = {5, 0, 0, 0, 2, 0, 0};
        double[] g = GlobalState.of(LearnFixtures.MODEL, bs -> backlogs[bs], bs -> arrivals[bs]);
        double[] withTasks = GlobalState.withSlotTasks(LearnFixtures.MODEL, bs -> backlogs[bs], bs -> arrivals[bs], 14);
        assertThat(withTasks).hasSize(22);
        assertThat(Arrays.copyOf(withTasks, 21)).containsExactly(g);
        assertThat(withTasks[21]).isCloseTo(14 / 35.0, within(1e-12));

        assertThat(GlobalState.size(7, CriticMode.CENTRALISED)).isEqualTo(21);
        assertThat(GlobalState.size(7, CriticMode.CENTRALISED_TASKS)).isEqualTo(22);
        assertThat(GlobalState.size(7, CriticMode.LOCAL)).isZero();
        assertThat(GlobalState.layout(7, CriticMode.CENTRALISED)).isEqualTo(GlobalState.layout(7));
        assertThat(GlobalState.layout(7, CriticMode.LOCAL)).isEmpty();
        List<Feature> layout = GlobalState.layout(7, CriticMode.CENTRALISED_TASKS);
        assertThat(layout).hasSize(22).startsWith(GlobalState.layout(7).toArray(Feature[]::new));
        assertThat(layout.get(21).index()).isEqualTo(21);
        assertThat(layout.get(21).name()).isEqualTo("slot_tasks");
        assertThat(layout.get(21).normalisation()).isEqualTo("count / (5·B)");
    }

    @Test
    void aGlobalStateSizeFitsOnlyItsCritic() {
        assertThat(GlobalState.isSizeOf(21, CriticMode.CENTRALISED)).isTrue();
        assertThat(GlobalState.isSizeOf(22, CriticMode.CENTRALISED)).isFalse();
        assertThat(GlobalState.isSizeOf(22, CriticMode.CENTRALISED_TASKS)).isTrue();
        assertThat(GlobalState.isSizeOf(21, CriticMode.CENTRALISED_TASKS)).isFalse();
        assertThat(GlobalState.isSizeOf(1, CriticMode.CENTRALISED_TASKS)).isFalse();
        assertThat(GlobalState.isSizeOf(0, CriticMode.CENTRALISED)).isFalse();
        assertThat(GlobalState.isSizeOf(0, CriticMode.LOCAL)).isTrue();
        assertThat(GlobalState.isSizeOf(21, CriticMode.LOCAL)).isFalse();
    }
}
