package org.edgegen.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.edgegen.model.Scenario.MdpParams;
import org.edgegen.model.Scenarios;
import org.edgegen.model.SystemModel;
import org.edgegen.model.task.Task;
import org.junit.jupiter.api.Test;

class ActionSpaceTest {

    private static final int[] STEPS = {5, 10, 15, 20, 25, 30};

    private final SystemModel model = SystemModel.of(Scenarios.defaults());
    private final ActionSpace space = new ActionSpace(model.steps(), 7);

    @Test
    void thereAre48FlattenedActions() {
        assertThat(space.size()).isEqualTo(6 * (1 + 7));
        assertThat(space.places()).isEqualTo(8);
        assertThat(new ObservationBuilder(model).actionSpace()).isEqualTo(space);
    }

    @Test
    void everyIndexRoundTripsThroughItsAction() {
        Set<Action> seen = new HashSet<>();
        for (int i = 0; i < 48; i++) {
            Action action = space.action(i);
            assertThat(space.index(action)).isEqualTo(i);
            seen.add(action);
        }
        assertThat(seen).hasSize(48);
    }

    @Test
    void theIndexIsStepIndexTimesPlacesPlusPlace() {
        assertThat(space.index(Action.local(5))).isEqualTo(0);
        assertThat(space.index(Action.offload(0, 5))).isEqualTo(1);
        assertThat(space.index(Action.offload(2, 15))).isEqualTo(2 * 8 + 3);
        assertThat(space.index(Action.offload(6, 30))).isEqualTo(5 * 8 + 7);
        assertThat(space.action(8)).isEqualTo(Action.local(10));
    }

    @Test
    void anOffloadBeyondTheCandidateSlotsHasNoIndex() {
        // offload(7, 5) would otherwise alias index 8, which is local(10)
        assertThatThrownBy(() -> space.index(Action.offload(7, 5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> space.index(Action.offload(-2, 10))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neighboursThatDoNotExistAreMasked() {
        ActionMask mask = ActionMask.of(space, 4, 0);
        for (int i = 0; i < 48; i++) {
            Action action = space.action(i);
            assertThat(mask.isValid(i)).as("%s", action).isEqualTo(!action.offload() || action.server() < 4);
        }
        assertThat(mask.validCount()).isEqualTo(6 * (1 + 4));
        assertThat(mask.size()).isEqualTo(48);
    }

    @Test
    void localIsAlwaysValid() {
        for (int candidates = 1; candidates <= 7; candidates++) {
            ActionMask mask = ActionMask.of(space, candidates, 0);
            for (int steps : STEPS) {
                assertThat(mask.isValid(space.index(Action.local(steps)))).isTrue();
            }
        }
    }

    @Test
    void maskingStepsBelowTheMinimumMasksFewerSteps() {
        ActionMask mask = ActionMask.of(space, 3, 15);
        for (int i = 0; i < 48; i++) {
            Action action = space.action(i);
            boolean expected = action.steps() >= 15 && (!action.offload() || action.server() < 3);
            assertThat(mask.isValid(i)).as("%s", action).isEqualTo(expected);
        }
        assertThat(mask.validCount()).isEqualTo(4 * (1 + 3));
    }

    @Test
    void validIndicesAreIncreasingAndExactlyTheValidOnes() {
        ActionMask mask = ActionMask.of(space, 2, 20);
        int[] valid = mask.validIndices();
        assertThat(valid).isSorted().hasSize(mask.validCount());
        for (int i : valid) {
            assertThat(mask.isValid(i)).isTrue();
        }
    }

    @Test
    void theObservationMasksStepsBelowTheMinimumOnlyWhenConfiguredAndOnlyWithATask() {
        SystemModel masking = SystemModel.of(Scenarios.withMdp(Scenarios.defaults(), new MdpParams(0.95, 7, true)));
        ObservationBuilder builder = new ObservationBuilder(masking);
        Task task = new Task(0, 4e6, 0.8e6, 0.3, 8.0);
        Observation withTask = builder.of(0, Optional.of(task), 0, 0.4, 1e-10, ObservationTest.threeCandidates(), 20);
        assertThat(withTask.mask()).isEqualTo(ActionMask.of(space, 3, 15));
        Observation noTask = builder.of(0, Optional.empty(), 0, 0.4, 1e-10, ObservationTest.threeCandidates(), 20);
        assertThat(noTask.mask()).isEqualTo(ActionMask.of(space, 3, 0));
        Observation unmasked = new ObservationBuilder(model)
                .of(0, Optional.of(task), 0, 0.4, 1e-10, ObservationTest.threeCandidates(), 20);
        assertThat(unmasked.mask()).isEqualTo(ActionMask.of(space, 3, 0));
    }
}
