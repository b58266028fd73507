package org.edgegen.policy.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgegen.Cases.anyLong;
import static org.edgegen.Cases.doubleIn;
import static org.edgegen.Cases.intIn;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.edgegen.Cases;
import org.edgegen.model.Scenario.MdpParams;
import org.edgegen.model.Scenarios;
import org.edgegen.model.SystemModel;
import org.edgegen.model.task.Task;
import org.edgegen.policy.ActionSpace;
import org.edgegen.policy.CandidateView;
import org.edgegen.policy.Observation;
import org.edgegen.policy.ObservationBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BaselineProperties {

    private static final ObservationBuilder MASKING = new ObservationBuilder(
            SystemModel.of(Scenarios.withMdp(Scenarios.defaults(), new MdpParams(0.95, 7, true))));

    private static Observation observation(int candidateCount, double maxError) {
        List<CandidateView> candidates = new ArrayList<>();
        for (int k = 0; k < candidateCount; k++) {
            candidates.add(new CandidateView(k, k == 0, 10.0 * k, 50, 0.04, k == 0 ? 0 : 450e6, k == 0 ? 0 : 450e6,
                    0));
        }
        return MASKING.of(0, Optional.of(new Task(0, 3e6, 0.8e6, maxError, 8.0)), 0.0, 0.4, 1e-10, candidates, 20);
    }

    static Stream<Arguments> observations() {
        return Cases.of(0xBA5, 300, r -> new Object[] {intIn(r, 1, 7), doubleIn(r, 0.0, 0.6), anyLong(r)});
    }

    @ParameterizedTest(name = "[{index}] candidateCount = {0}, maxError = {1}, seed = {2}")
    @MethodSource("observations")
    void randomOnlyPicksValidActions(int candidateCount, double maxError, long seed) {
        Observation o = observation(candidateCount, maxError);
        ActionSpace space = MASKING.actionSpace();
        int index = space.index(new RandomChoice(space).act(o, new SplittableRandom(seed)));
        String c = String.format("candidateCount = %d, maxError = %s, seed = %d, index = %d", candidateCount,
                maxError, seed, index);
        assertThat(o.mask().isValid(index)).as(c).isTrue();
        assertThat(space.action(index).steps()).as(c).isGreaterThanOrEqualTo(o.minSteps());
        if (space.action(index).offload()) {
            assertThat(space.action(index).server()).as(c).isLessThan(candidateCount);
        }
    }
}
