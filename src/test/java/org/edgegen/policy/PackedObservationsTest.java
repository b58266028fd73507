package org.edgegen.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.edgegen.model.Scenario;
import org.edgegen.model.Scenario.MdpParams;
import org.edgegen.model.Scenarios;
import org.edgegen.model.SystemModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ObservationBuilder#observeAll} (the bridge's packed layout, with a cheap path for users without a task)
 * gives every user's {@link ObservationBuilder#observe} values: each feature rounded to float32, the mask, c^min_n,
 * the candidate count and the task flag, in every slot of an episode whose queues fill up.
 */
class PackedObservationsTest {

    @ParameterizedTest(name = "cooperation {0}, max-candidates {1}, mask-steps-below-min {2}, finish features {3},"
            + " prior {4}, load features {5}, rate feature {6}")
    @CsvSource({"true, 7, false, false, none, false, false", "true, 7, true, true, none, false, false",
        "true, 9, false, true, none, false, false", "false, 7, false, false, none, false, false",
        "true, 7, true, true, least-finish, false, false", "true, 9, false, false, greedy-local, false, false",
        "true, 7, true, false, none, true, false", "false, 9, true, true, least-finish, true, false",
        "true, 7, false, false, none, false, true", "true, 9, true, true, least-finish, true, true"})
    void everyUserGetsTheValuesOfItsOwnObservationInEverySlot(boolean cooperation, int maxCandidates,
            boolean maskBelowMin, boolean finishFeatures, String prior, boolean loadFeatures, boolean rateFeature) {
        Scenario d = Scenarios.withUsers(Scenarios.defaults(), 70);
        Scenario scenario = Scenarios.withMdp(
                Scenarios.withLayout(d, withCooperation(d.layout(), cooperation)),
                new MdpParams(0.95, maxCandidates, maskBelowMin, finishFeatures, prior, 3.0, loadFeatures,
                        rateFeature));
        SystemModel model = SystemModel.of(scenario);
        EpisodeStepper stepper = new EpisodeStepper(model, 5);
        ObservationBuilder builder = new ObservationBuilder(model);
        ActionSpace space = builder.actionSpace();
        stepper.reset(1);
        int checkedIdle = 0;
        int checkedActive = 0;
        for (int slot = 0; slot < 8; slot++) {
            PackedObservations packed = stepper.packedObservations();
            List<Observation> observed = stepper.observations();
            int width = packed.featureCount();
            assertThat(packed.users()).isEqualTo(70);
            assertThat(packed.features()).hasSize(70 * width);
            int[] actions = new int[70];
            for (int n = 0; n < 70; n++) {
                Observation o = observed.get(n);
                assertThat(width).isEqualTo(o.featureCount());
                for (int i = 0; i < width; i++) {
                    assertThat(packed.features()[n * width + i]).as("slot %d, user %d, feature %d", slot, n, i)
                            .isEqualTo((float) o.feature(i));
                }
                assertThat(packed.hasTask()[n]).isEqualTo(o.hasTask());
                assertThat(packed.minSteps()[n]).isEqualTo(o.minSteps());
                assertThat(packed.masks()[n]).isEqualTo(o.mask());
                assertThat(packed.candidateCounts()[n]).isEqualTo(o.candidateCount());
                if (o.hasTask()) {
                    checkedActive++;
                } else {
                    checkedIdle++;
                }
                // every task to the last candidate with the most steps: queues and arrivals build up
                actions[n] = space.index(Action.offload(o.candidateCount() - 1, space.steps().maxSteps()));
            }
            stepper.step(actions);
        }
        assertThat(checkedIdle).isPositive();
        assertThat(checkedActive).isPositive();
    }

    private static Scenario.LayoutParams withCooperation(Scenario.LayoutParams l, boolean cooperation) {
        return new Scenario.LayoutParams(l.kind(), l.hexRings(), l.gridRows(), l.gridColumns(), l.interSiteDistanceMeters(),
                l.neighbourRadiusFactor(), l.minUserDistanceMeters(), cooperation);
    }
}
