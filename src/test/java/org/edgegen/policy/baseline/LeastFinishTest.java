package org.edgegen.policy.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.edgegen.model.Scenario.MdpParams;
import org.edgegen.model.Scenarios;
import org.edgegen.model.SystemModel;
import org.edgegen.model.task.Task;
import org.edgegen.policy.Action;
import org.edgegen.policy.ActionSpace;
import org.edgegen.policy.CandidateView;
import org.edgegen.policy.CostEstimator;
import org.edgegen.policy.Observation;
import org.edgegen.policy.ObservationBuilder;
import org.edgegen.policy.PolicyCatalog;
import org.junit.jupiter.api.Test;

class LeastFinishTest {

    /** ε^max = 0.3, so c^min = 15 (ε(10) = 0.313, ε(15) = 0.178); T^max = 8 s. */
    private static final Task TASK = new Task(0, 4e6, 0.8e6, 0.3, 8.0);
    private static final SplittableRandom UNUSED = new SplittableRandom(0);
    private static final double LOG2 = Math.log(2);

    private final SystemModel model = SystemModel.of(Scenarios.defaults());
    private final ObservationBuilder builder = new ObservationBuilder(model);
    private final ActionSpace space = builder.actionSpace();
    private final CostEstimator estimator = new CostEstimator(model);
    private final PolicyCatalog catalog = new PolicyCatalog(model);

    /** A user with no local backlog, τ^U = 0.4 s/step and home gain 1e-10. */
    private Observation observation(List<CandidateView> candidates) {
        return builder.of(0, Optional.of(TASK), 0.0, 0.4, 1e-10, candidates, 20);
    }

    /** A view of BS {@code bs} with its real GPU of the default mix (the estimate reads the model's GPU). */
    private CandidateView view(int bs, boolean home, double backlog) {
        var gpu = model.gpu(bs);
        return new CandidateView(bs, home, backlog, gpu.throughputImageStepsPerSecond(), gpu.stepSeconds(1),
                home ? 0 : 450e6, home ? 0 : 420e6, 0);
    }

    /** Home T4 (BS 4) with an empty queue; a neighbour A100 (BS 0) with one second of backlog (52 image-steps). */
    private List<CandidateView> emptyT4AndBusyA100() {
        return List.of(view(4, true, 0.0), view(0, false, 52.0));
    }

    @Test
    void leastFinishPicksTheServerWhereTheTaskFinishesFirstByHand() {
        // r^U = 10 MHz log2(1 + p g / (N0 F W)), r^D likewise with P_B and the UE noise figure
        double up = 10e6 * Math.log(1 + Math.pow(10, -0.7) * 1e-10 / (Math.pow(10, -19.9) * 10e6)) / LOG2;
        double down = 10e6 * Math.log(1 + Math.pow(10, 1.6) * 1e-10 / (Math.pow(10, -19.5) * 10e6)) / LOG2;
        double upload = 4e6 / up;
        // home T4, a = 0.007, β = 0.138, empty: compute-bound, t^C = t^up + 15 τ(1)
        double home = Math.max(upload + 15 * (0.007 + 0.138), 15 * 0.138) + 0.8e6 / down;
        // A100, a = 0.019, β = 0.0192, Q = 52: queue-bound, t^C = (52 + 15) β; the result returns over the backhaul
        double arrival = upload + 4e6 / 450e6 + 0.001;
        double a100 = Math.max(arrival + 15 * (0.019 + 0.0192), (52 + 15) * 0.0192) + 0.8e6 / 420e6 + 0.001
                + 0.8e6 / down;
        double local = 0.5 + 15 * 0.4;
        assertThat(a100).isCloseTo(1.296, within(0.001));
        assertThat(home).isCloseTo(2.236, within(0.001));
        assertThat(a100).isLessThan(home).isLessThan(local);
        Observation o = observation(emptyT4AndBusyA100());
        assertThat(estimator.estimate(o, Action.offload(1, 15)).delaySeconds()).isCloseTo(a100, within(1e-9));
        assertThat(estimator.estimate(o, Action.offload(0, 15)).delaySeconds()).isCloseTo(home, within(1e-9));

        assertThat(catalog.perUser("least-finish-min").orElseThrow().act(o, UNUSED)).isEqualTo(Action.offload(1, 15));
        // least-loaded looks at the wait only, and the empty T4 has none
        assertThat(catalog.perUser("least-loaded").orElseThrow().act(o, UNUSED)).isEqualTo(Action.offload(0, 15));
    }

    @Test
    void leastFinishKeepsThePlaceAndTakesTheCheapestStepsThere() {
        Observation o = observation(emptyT4AndBusyA100());
        Action chosen = catalog.perUser("least-finish").orElseThrow().act(o, UNUSED);
        assertThat(chosen.offload()).isTrue();
        assertThat(chosen.server()).isEqualTo(1);
        double best = Double.POSITIVE_INFINITY;
        for (int c : new int[] {5, 10, 15, 20, 25, 30}) {
            best = Math.min(best, estimator.estimate(o, Action.offload(1, c)).objective());
        }
        assertThat(estimator.estimate(o, chosen).objective()).isEqualTo(best);
    }

    @Test
    void theDeviceIsAPlaceWhenEveryQueueIsLong() {
        // waits 1000 · 0.138 = 138 s at the T4 and 2000 · 0.0192 = 38 s at the A100 against 0.5 + 15 · 0.4 = 6.5 s
        Observation o = observation(List.of(view(4, true, 1000.0), view(0, false, 2000.0)));
        assertThat(catalog.perUser("least-finish-min").orElseThrow().act(o, UNUSED)).isEqualTo(Action.local(15));
        // on the device, each 5 steps more cost 2 s and 15 J, (0.2 + 0.15) / 3 > ε(15) / 3, and fewer than 15
        // violate ε^max: c^min stays the cheapest
        assertThat(catalog.perUser("least-finish").orElseThrow().act(o, UNUSED)).isEqualTo(Action.local(15));
    }

    @Test
    void aFixedStepVariantComparesAndKeepsThoseSteps() {
        Observation o = observation(emptyT4AndBusyA100());
        Action chosen = catalog.perUser("least-finish-30").orElseThrow().act(o, UNUSED);
        assertThat(chosen.steps()).isEqualTo(30);
        double earliest = Double.POSITIVE_INFINITY;
        for (Action a : List.of(Action.local(30), Action.offload(0, 30), Action.offload(1, 30))) {
            earliest = Math.min(earliest, estimator.estimate(o, a).delaySeconds());
        }
        assertThat(estimator.estimate(o, chosen).delaySeconds()).isEqualTo(earliest);
    }

    @Test
    void withStepsBelowTheMinimumMaskedEveryChoiceIsValid() {
        SystemModel masking = SystemModel.of(Scenarios.withMdp(Scenarios.defaults(), new MdpParams(0.95, 7, true)));
        PolicyCatalog maskingCatalog = new PolicyCatalog(masking);
        ObservationBuilder maskingBuilder = maskingCatalog.observations();
        for (Observation o : RealObservations.of(masking, maskingBuilder)) {
            for (String name : List.of("least-finish", "least-finish-min")) {
                Action chosen = maskingCatalog.perUser(name).orElseThrow().act(o, UNUSED);
                assertThat(o.mask().isValid(maskingBuilder.actionSpace().index(chosen))).as(name).isTrue();
                assertThat(chosen.steps()).as(name).isGreaterThanOrEqualTo(o.minSteps());
            }
        }
    }

    @Test
    void leastFinishIsDeterministic() {
        for (Observation o : RealObservations.of(model, builder)) {
            for (String name : List.of("least-finish", "least-finish-min")) {
                Action first = catalog.perUser(name).orElseThrow().act(o, new SplittableRandom(1));
                Action again = new PolicyCatalog(model).perUser(name).orElseThrow().act(o, new SplittableRandom(2));
                assertThat(again).as(name).isEqualTo(first);
                assertThat(first.offload() ? first.server() : 0).isLessThan(o.candidates().size());
            }
        }
    }

    @Test
    void theMinimumVariantFinishesNoLaterThanAnyOtherPlaceAtTheMinimumSteps() {
        for (Observation o : RealObservations.of(model, builder)) {
            Action chosen = catalog.perUser("least-finish-min").orElseThrow().act(o, UNUSED);
            assertThat(chosen.steps()).isEqualTo(o.minSteps());
            double finish = estimator.estimate(o, chosen).delaySeconds();
            assertThat(finish).isLessThanOrEqualTo(
                    estimator.estimate(o, Action.local(o.minSteps())).delaySeconds());
            for (int y = 0; y < o.candidates().size(); y++) {
                assertThat(finish).isLessThanOrEqualTo(
                        estimator.estimate(o, Action.offload(y, o.minSteps())).delaySeconds());
            }
        }
        assertThat(space.places()).isEqualTo(8);
    }
}
