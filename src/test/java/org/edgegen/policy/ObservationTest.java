package org.edgegen.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.edgegen.model.Scenarios;
import org.edgegen.model.SystemModel;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.network.UserSite;
import org.edgegen.model.slot.SlotDraws;
import org.edgegen.model.slot.SlotState;
import org.edgegen.model.task.Task;
import org.junit.jupiter.api.Test;

class ObservationTest {

    private static final Task TASK = new Task(0, 4e6, 0.8e6, 0.3, 8.0);

    private final SystemModel model = SystemModel.of(Scenarios.defaults());
    private final ObservationBuilder builder = new ObservationBuilder(model);

    /** A user of the T4 cell (BS 4) with two neighbours in view: an A100 (BS 0) and a V100 (BS 3). */
    static List<CandidateView> threeCandidates() {
        return List.of(
                new CandidateView(4, true, 73.0, 1 / 0.138, 0.007 + 0.138, 0.0, 0.0, 3),
                new CandidateView(0, false, 520.8, 1 / 0.0192, 0.019 + 0.0192, 450e6, 420e6, 5),
                new CandidateView(3, false, 200.0, 1 / 0.0365, 0.019 + 0.0365, 480e6, 410e6, 0));
    }

    private Observation observed(double localBacklogSeconds) {
        return builder.of(0, Optional.of(TASK), localBacklogSeconds, 0.4, 1e-10, threeCandidates(), 20);
    }

    @Test
    void theFeatureVectorHas42Entries() {
        assertThat(Observation.featureCount(7)).isEqualTo(42);
        assertThat(observed(0).featureCount()).isEqualTo(42);
        assertThat(observed(0).features()).hasSize(42);
    }

    @Test
    void ownFeaturesAreNormalisedAsSpecified() {
        Observation o = observed(12.0);
        assertThat(o.feature(0)).as("B/5 Mbit").isCloseTo(4e6 / 5e6, within(1e-12));
        assertThat(o.feature(1)).as("q/T_ref").isCloseTo(12.0 / 10, within(1e-12));
        assertThat(o.feature(2)).as("speed/5").isCloseTo((1 / 0.4) / 5, within(1e-12));
    }

    @Test
    void theLocalBacklogFeatureIsClippedAtThree() {
        assertThat(observed(45.0).feature(1)).isEqualTo(3.0);
        assertThat(observed(30.0).feature(1)).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void eachCandidateSlotShowsPresenceWaitThroughputBackhaulAndLastArrivals() {
        Observation o = observed(0);
        double[][] expected = {
            {1, 73.0 * 0.138 / 10, (1 / 0.138) / 52, 0.0, 3.0 / 20},
            {1, 520.8 * 0.0192 / 10, (1 / 0.0192) / 52, 450e6 / 500e6, 5.0 / 20},
            {1, 200.0 * 0.0365 / 10, (1 / 0.0365) / 52, 480e6 / 500e6, 0.0}};
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 5; j++) {
                assertThat(o.feature(3 + 5 * k + j)).as("candidate %d feature %d", k, j)
                        .isCloseTo(expected[k][j], within(1e-12));
            }
        }
    }

    @Test
    void missingCandidateSlotsArePaddedWithZeros() {
        Observation o = observed(0);
        for (int i = 3 + 5 * 3; i < 3 + 5 * 7; i++) {
            assertThat(o.feature(i)).as("feature %d", i).isZero();
        }
    }

    @Test
    void theHomeGainIsShownInShiftedDecibels() {
        assertThat(observed(0).feature(38)).isCloseTo((10 * Math.log10(1e-10) + 110) / 30, within(1e-12));
        assertThat(observed(0).feature(38)).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void theExtrasAreTheTaskFlagItsQualityRequirementAndItsDeadline() {
        Observation o = observed(0);
        assertThat(o.feature(39)).isEqualTo(1.0);
        assertThat(o.feature(40)).isCloseTo(0.3, within(1e-12));
        assertThat(o.feature(41)).isCloseTo(8.0 / 10, within(1e-12));
        assertThat(o.minSteps()).isEqualTo(15);
    }

    @Test
    void withoutATaskTheTaskFeaturesAreZero() {
        Observation o = builder.of(0, Optional.empty(), 0.0, 0.4, 1e-10, threeCandidates(), 20);
        assertThat(o.hasTask()).isFalse();
        assertThat(o.feature(0)).isZero();
        assertThat(o.feature(39)).isZero();
        assertThat(o.feature(40)).isZero();
        assertThat(o.feature(41)).isZero();
        assertThat(o.minSteps()).isEqualTo(30);
    }

    @Test
    void observingAUserListsItsHomeFirstThenItsNeighboursWithTheirLoad() {
        Deployment deployment = Deployment.draw(model, 5L, 0);
        SlotDraws draws = SlotDraws.draw(model, deployment, 5L, 0, 0);
        double[] bsBacklog = {10, 20, 30, 40, 50, 60, 70};
        int[] lastArrivals = {1, 2, 3, 4, 5, 6, 7};
        SlotState state = new SlotState(new double[20], bsBacklog, lastArrivals);
        for (int n = 0; n < 20; n++) {
            UserSite site = deployment.user(n);
            Observation o = builder.observe(deployment, state, draws, n);
            assertThat(o.candidates()).extracting(CandidateView::bs).isEqualTo(site.candidates());
            assertThat(o.candidates().get(0).home()).isTrue();
            assertThat(o.homeGain()).isEqualTo(draws.homeGain(n));
            for (int k = 0; k < o.candidates().size(); k++) {
                CandidateView view = o.candidates().get(k);
                assertThat(view.home()).isEqualTo(k == 0);
                assertThat(view.backlogImageSteps()).isEqualTo(bsBacklog[view.bs()]);
                assertThat(view.lastArrivals()).isEqualTo(lastArrivals[view.bs()]);
                assertThat(view.backhaulRateToBitsPerSecond())
                        .isEqualTo(k == 0 ? 0.0 : deployment.backhaulRateBitsPerSecond(site.homeBs(), view.bs()));
                assertThat(view.backhaulRateFromBitsPerSecond())
                        .isEqualTo(k == 0 ? 0.0 : deployment.backhaulRateBitsPerSecond(view.bs(), site.homeBs()));
                assertThat(o.feature(3 + 5 * k)).isEqualTo(1.0);
                assertThat(o.feature(3 + 5 * k + 4)).isCloseTo(lastArrivals[view.bs()] / 20.0, within(1e-12));
            }
        }
    }
}
