package org.edgegen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.assertj.core.data.Offset;
import org.edgegen.model.slot.Path;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.TaskOutcome;
import org.junit.jupiter.api.Test;

class RunMetricsTest {

    private static final Offset<Double> EXACT = within(1e-12);

    /** An outcome with the fields the metrics read; flags as named. */
    private static TaskOutcome outcome(int user, Path path, int steps, double delaySeconds, double energyJoules,
            double error, double cost, double penalty, String... flags) {
        List<String> f = List.of(flags);
        return new TaskOutcome(user, path, path == Path.LOCAL || path == Path.FAILED ? -1 : 0, steps, delaySeconds,
                energyJoules, error, cost, penalty, f.contains("deadline"), f.contains("quality"),
                f.contains("dropped"), f.contains("invalid"), TaskOutcome.OffloadTrace.NONE);
    }

    private static SlotRecord slot(int episode, int slot, TaskOutcome... outcomes) {
        return new SlotRecord(episode, slot, List.of(outcomes), SlotRecord.meanCost(List.of(outcomes)));
    }

    private static final List<SlotRecord> EPISODE_0 = List.of(
            slot(0, 0,
                    outcome(0, Path.LOCAL, 20, 1.0, 2.0, 0.1, 0.5, 0.0),
                    outcome(2, Path.HOME, 30, 3.0, 0.5, 0.05, 1.5, 2.0, "deadline")),
            slot(0, 1),
            slot(0, 2,
                    outcome(1, Path.NEIGHBOUR, 10, 2.0, 1.0, 0.3, 1.0, 1.0, "quality"),
                    outcome(3, Path.FAILED, 99, 5.0, 0.0, 1.0, 2.0, 6.0, "deadline", "quality", "invalid")));

    private static final List<SlotRecord> EPISODE_1 = List.of(
            slot(1, 0,
                    outcome(0, Path.LOCAL, 20, 1.0, 1.0, 0.1, 1.0, 0.0),
                    outcome(1, Path.FAILED, 20, 5.0, 0.2, 1.0, 3.0, 5.0, "deadline", "quality", "dropped")));

    @Test
    void aSlotRowAveragesOverItsActiveUsersAndCountsDecisionsByPath() {
        RunMetrics metrics = new RunMetrics(4);

        List<SlotRow> rows = metrics.addEpisode(0, EPISODE_0).slots();

        TaskStats first = rows.get(0).stats();
        assertThat(rows.get(0).activeUsers()).isEqualTo(2);
        assertThat(first.meanCost()).isCloseTo(1.0, EXACT);
        assertThat(first.meanDelaySeconds()).isCloseTo(2.0, EXACT);
        assertThat(first.meanEnergyJoules()).isCloseTo(1.25, EXACT);
        assertThat(first.meanError()).isCloseTo(0.075, EXACT);
        assertThat(first.meanPenalty()).isCloseTo(1.0, EXACT);
        assertThat(first.meanSteps()).isCloseTo(25.0, EXACT);
        assertThat(List.of(first.local(), first.home(), first.neighbour(), first.failed())).containsExactly(1L, 1L,
                0L, 0L);
        assertThat(first.deadlineViolations()).isEqualTo(1);
        assertThat(first.qualityViolations()).isZero();
    }

    @Test
    void aSlotWithoutActiveUsersGivesZeroMeansAndCounts() {
        SlotRow empty = new RunMetrics(4).addEpisode(0, EPISODE_0).slots().get(1);

        assertThat(empty.slot()).isEqualTo(1);
        assertThat(empty.stats()).isEqualTo(TaskStats.NONE);
    }

    @Test
    void aFailedTaskCountsAsFailedAndItsStepsAreLeftOutOfMeanSteps() {
        TaskStats third = new RunMetrics(4).addEpisode(0, EPISODE_0).slots().get(2).stats();

        assertThat(third.meanCost()).isCloseTo(1.5, EXACT);
        assertThat(third.meanDelaySeconds()).isCloseTo(3.5, EXACT);
        assertThat(third.meanError()).isCloseTo(0.65, EXACT);
        assertThat(third.meanPenalty()).isCloseTo(3.5, EXACT);
        assertThat(List.of(third.local(), third.home(), third.neighbour(), third.failed())).containsExactly(0L, 0L,
                1L, 1L);
        assertThat(third.invalidActions()).isEqualTo(1);
        assertThat(third.droppedTasks()).isZero();
        assertThat(third.qualityViolations()).isEqualTo(2);
        assertThat(third.meanSteps()).isCloseTo(10.0, EXACT);
    }

    @Test
    void anEpisodeRowIsTaskWeightedNotSlotWeighted() {
        EpisodeRow episode = new RunMetrics(4).addEpisode(0, EPISODE_0).episode();

        TaskStats s = episode.stats();
        assertThat(episode.slots()).isEqualTo(3);
        assertThat(s.tasks()).isEqualTo(4);
        // (0.5 + 1.5 + 1.0 + 2.0) / 4 tasks, not the mean of the slot means (1.0, 0, 1.5)
        assertThat(s.meanCost()).isCloseTo(1.25, EXACT);
        assertThat(s.meanDelaySeconds()).isCloseTo(2.75, EXACT);
        assertThat(s.meanEnergyJoules()).isCloseTo(0.875, EXACT);
        assertThat(s.meanError()).isCloseTo(0.3625, EXACT);
        assertThat(s.meanPenalty()).isCloseTo(2.25, EXACT);
        assertThat(s.meanSteps()).isCloseTo(20.0, EXACT);
        assertThat(List.of(s.local(), s.home(), s.neighbour(), s.failed())).containsExactly(1L, 1L, 1L, 1L);
        assertThat(List.of(s.deadlineViolations(), s.qualityViolations(), s.droppedTasks(), s.invalidActions()))
                .containsExactly(2L, 2L, 0L, 1L);
    }

    @Test
    void theRunTotalCoversEveryTaskOfEveryEpisode() {
        RunMetrics metrics = new RunMetrics(4);
        metrics.addEpisode(0, EPISODE_0);
        metrics.addEpisode(1, EPISODE_1);

        TaskStats total = metrics.total();
        assertThat(total.tasks()).isEqualTo(6);
        assertThat(total.meanCost()).isCloseTo(9.0 / 6, EXACT);
        assertThat(total.meanDelaySeconds()).isCloseTo(17.0 / 6, EXACT);
        assertThat(total.meanEnergyJoules()).isCloseTo(4.7 / 6, EXACT);
        assertThat(total.meanPenalty()).isCloseTo(14.0 / 6, EXACT);
        assertThat(total.meanSteps()).isCloseTo(80.0 / 4, EXACT);
        assertThat(List.of(total.failed(), total.droppedTasks(), total.invalidActions())).containsExactly(2L, 1L,
                1L);
        assertThat(total.deadlineViolationRate()).isCloseTo(0.5, EXACT);
        assertThat(total.qualityViolationRate()).isCloseTo(0.5, EXACT);
        assertThat(total.share(total.local())).isCloseTo(2.0 / 6, EXACT);
        assertThat(metrics.episodes()).isEqualTo(2);
        assertThat(metrics.slots()).isEqualTo(4);
        assertThat(metrics.userSlots()).isEqualTo(16);
    }

    @Test
    void episodesAndSlotsOutOfOrderAreRejected() {
        RunMetrics metrics = new RunMetrics(4);
        metrics.addEpisode(1, EPISODE_1);

        assertThatThrownBy(() -> metrics.addEpisode(0, EPISODE_0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after episode 1");
        assertThatThrownBy(() -> new RunMetrics(4).addEpisode(0, List.of(slot(0, 1), slot(0, 0))))
                .hasMessageContaining("slot 0 of episode 0 arrived after slot 1");
        assertThatThrownBy(() -> new RunMetrics(4).addEpisode(2, EPISODE_1))
                .hasMessageContaining("a record of episode 1");
    }

    @Test
    void aRunWithoutTasksHasZeroMeansAndRates() {
        RunMetrics metrics = new RunMetrics(4);
        metrics.addEpisode(0, List.of(slot(0, 0)));

        assertThat(metrics.total()).isEqualTo(TaskStats.NONE);
        assertThat(metrics.total().deadlineViolationRate()).isZero();
    }

    @Test
    void aNonFiniteResultStopsTheRunNamingTheEpisodeSlotUserAndQuantity() {
        RunMetrics metrics = new RunMetrics(4);
        List<SlotRecord> episode = List.of(slot(0, 0, outcome(0, Path.LOCAL, 20, 1.0, 2.0, 0.1, 0.5, 0.0)),
                slot(0, 1, outcome(1, Path.LOCAL, 20, 1.0, 0.5, 0.1, 0.5, 0.0),
                        outcome(2, Path.HOME, 20, 1.0, Double.NaN, 0.1, Double.NaN, 0.0)));

        assertThatThrownBy(() -> metrics.addEpisode(0, episode))
                .isInstanceOf(org.edgegen.model.NonFiniteResultException.class)
                .hasMessageStartingWith("a result is not a finite number: episode 0, slot 1, user 2's energy (J) is "
                        + "NaN;")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> slot(3, 7, outcome(1, Path.LOCAL, 20, 1.0, 0.5, 0.1, Double.POSITIVE_INFINITY,
                0.0)).requireFinite()).hasMessageContaining("episode 3, slot 7, user 1's cost is Infinity");
        assertThat(metrics.total().tasks()).as("nothing of the episode was counted").isZero();
    }

    @Test
    void restoredMetricsGoOnExactlyAsTheOriginalWouldAndAnEarlierEpisodeIsStillRefused() {
        RunMetrics original = new RunMetrics(4);
        original.addEpisode(0, EPISODE_0);
        RunMetrics restored = RunMetrics.restore(4, original.state());

        original.addEpisode(1, EPISODE_1);
        restored.addEpisode(1, EPISODE_1);

        assertThat(restored.state()).isEqualTo(original.state());
        assertThat(restored.total()).isEqualTo(original.total());
        assertThat(restored.slots()).isEqualTo(original.slots());
        assertThat(RunMetrics.restore(4, original.state()).episodes()).isEqualTo(2);
        assertThatThrownBy(() -> RunMetrics.restore(4, new RunMetrics(4).state()).addEpisode(-1, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        RunMetrics afterOne = RunMetrics.restore(4, original.state());
        assertThatThrownBy(() -> afterOne.addEpisode(1, EPISODE_1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arrived after episode 1");
        assertThatThrownBy(() -> RunMetrics.restore(4, "1 2 3")).isInstanceOf(IllegalArgumentException.class);
    }
}
