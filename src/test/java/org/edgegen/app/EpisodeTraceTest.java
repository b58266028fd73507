package org.edgegen.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.edgegen.config.LoadedScenario;
import org.edgegen.config.ScenarioLoader;
import org.edgegen.model.SystemModel;
import org.edgegen.model.slot.Decision;
import org.edgegen.model.slot.SlotRecord;
import org.edgegen.model.slot.TaskOutcome;
import org.junit.jupiter.api.Test;

class EpisodeTraceTest {

    @Test
    void aTraceHasTheEpisodesRecordsEveryDecisionAndTheBacklogAtEverySlotStart() {
        LoadedScenario loaded = ScenarioLoader.load(Path.of("conf/scenarios/default.conf"), Map.of());
        PolicyLineup.Entry policy = PolicyLineup.of(loaded, List.of("least-loaded"), OsiWeights.none()).single();
        List<List<SlotRecord>> played = new ArrayList<>();
        Engine.DIRECT.play(loaded, policy, 2, 1001, (episode, records) -> played.add(records));

        EpisodeTrace trace = EpisodeTrace.play(loaded, policy, 1001, 1);

        SystemModel model = SystemModel.of(loaded.scenario());
        assertThat(trace.records()).isEqualTo(played.get(1));
        assertThat(trace.slots()).isEqualTo(model.slotsPerEpisode());
        assertThat(trace.backlogImageSteps()).hasSize(model.slotsPerEpisode() + 1);
        assertThat(trace.backlogImageSteps().get(0)).containsOnly(0.0);
        assertThat(trace.backlogImageSteps().stream().flatMapToDouble(java.util.Arrays::stream).max().orElseThrow())
                .isPositive();
        assertThat(trace.gpus()).containsExactly("A100", "RTX4090", "RTX3090", "V100", "T4", "A100", "RTX4090");
        assertThat(trace.users()).hasSize(model.userCount());
        int offloads = 0;
        for (int slot = 0; slot < trace.slots(); slot++) {
            Decision[] decisions = trace.decisions().get(slot);
            for (TaskOutcome outcome : trace.records().get(slot).outcomes()) {
                Decision decision = decisions[outcome.userId()];
                assertThat(decision.kind()).isNotEqualTo(Decision.Kind.NONE);
                assertThat(decision.steps()).isEqualTo(outcome.steps());
                if (decision.kind() == Decision.Kind.OFFLOAD) {
                    assertThat(outcome.serverBs()).isEqualTo(decision.targetBs());
                    offloads++;
                }
            }
            long active = java.util.Arrays.stream(decisions).filter(d -> d.kind() != Decision.Kind.NONE).count();
            assertThat(active).isEqualTo(trace.records().get(slot).outcomes().size());
        }
        assertThat(offloads).isPositive();
    }
}
