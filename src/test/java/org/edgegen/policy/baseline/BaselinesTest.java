package org.edgegen.policy.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
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

class BaselinesTest {

    /** ε^max = 0.3, so c^min = 15. */
    private static final Task TASK = new Task(0, 4e6, 0.8e6, 0.3, 8.0);
    private static final SplittableRandom UNUSED = new SplittableRandom(0);

    private final SystemModel model = SystemModel.of(Scenarios.defaults());
    private final ObservationBuilder builder = new ObservationBuilder(model);
    private final ActionSpace space = builder.actionSpace();
    private final CostEstimator estimator = new CostEstimator(model);

    private Observation observation(List<CandidateView> candidates) {
        return builder.of(0, Optional.of(TASK), 0.0, 0.4, 1e-10, candidates, 20);
    }

    private static CandidateView view(int bs, boolean home, double backlog, double beta) {
        return new CandidateView(bs, home, backlog, 1 / beta, 0.01 + beta, home ? 0 : 450e6, home ? 0 : 420e6, 0);
    }

    /** Home T4 (BS 4) with an A100 (BS 0) and a V100 (BS 3) in view. */
    private static List<CandidateView> threeCandidates() {
        return List.of(view(4, true, 73.0, 0.138), view(0, false, 520.8, 0.0192), view(3, false, 200.0, 0.0365));
    }

    @Test
    void allLocalAndAllHomePickTheMinimumSteps() {
        Observation o = observation(threeCandidates());
        assertThat(new AllLocal(StepRule.MIN).act(o, UNUSED)).isEqualTo(Action.local(15));
        assertThat(new AllHome(StepRule.MIN).act(o, UNUSED)).isEqualTo(Action.offload(0, 15));
    }

    @Test
    void theThirtyStepVariantsPickThirty() {
        Observation o = observation(threeCandidates());
        PolicyCatalog catalog = new PolicyCatalog(model);
        assertThat(catalog.perUser("all-local-30").orElseThrow().act(o, UNUSED)).isEqualTo(Action.local(30));
        assertThat(catalog.perUser("all-home-30").orElseThrow().act(o, UNUSED)).isEqualTo(Action.offload(0, 30));
    }

    @Test
    void leastLoadedPicksTheSmallestExpectedWait() {
        // waits Q·β: 73·0.138 = 10.07 s, 520.8·0.0192 = 10.0 s, 200·0.0365 = 7.3 s
        Observation o = observation(List.of(view(4, true, 73.0, 0.138), view(0, false, 520.8, 0.0192),
                view(3, false, 200.0, 0.0365)));
        assertThat(new LeastLoaded(StepRule.MIN).act(o, UNUSED)).isEqualTo(Action.offload(2, 15));
    }

    @Test
    void leastLoadedBreaksTiesTowardsTheHomeBs() {
        Observation o = observation(List.of(view(4, true, 0, 0.138), view(0, false, 0, 0.0192)));
        assertThat(new LeastLoaded(StepRule.fixed(20)).act(o, UNUSED)).isEqualTo(Action.offload(0, 20));
    }

    @Test
    void randomOnlyPicksValidActionsAndCoversThemAll() {
        Observation o = observation(List.of(view(4, true, 0, 0.138), view(0, false, 0, 0.0192)));
        RandomChoice random = new RandomChoice(space);
        Set<Integer> seen = new HashSet<>();
        for (int seed = 0; seed < 2000; seed++) {
            int index = space.index(random.act(o, new SplittableRandom(seed)));
            assertThat(o.mask().isValid(index)).as("index %d", index).isTrue();
            seen.add(index);
        }
        assertThat(seen).hasSize(6 * (1 + 2));
    }

    @Test
    void randomIsDeterministicForTheSameStream() {
        Observation o = observation(threeCandidates());
        RandomChoice random = new RandomChoice(space);
        for (int seed = 0; seed < 50; seed++) {
            assertThat(random.act(o, new SplittableRandom(seed))).isEqualTo(random.act(o, new SplittableRandom(seed)));
        }
    }

    @Test
    void greedyLocalPicksTheFirstActionWithTheSmallestEstimatedObjective() {
        GreedyLocal greedy = new GreedyLocal(space, estimator, StepRule.MIN);
        for (Observation o : RealObservations.of(model, builder)) {
            int bestIndex = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < space.size(); i++) {
                if (!o.mask().isValid(i)) {
                    continue;
                }
                double value = estimator.estimate(o, space.action(i)).objective();
                if (value < best) {
                    best = value;
                    bestIndex = i;
                }
            }
            assertThat(space.index(greedy.act(o, UNUSED))).as("user %d", o.userId()).isEqualTo(bestIndex);
        }
    }

    @Test
    void greedyLocalWithFixedStepsOnlyConsidersThoseSteps() {
        GreedyLocal greedy = new GreedyLocal(space, estimator, StepRule.fixed(20));
        for (Observation o : RealObservations.of(model, builder)) {
            Action chosen = greedy.act(o, UNUSED);
            assertThat(chosen.steps()).isEqualTo(20);
            double best = Double.POSITIVE_INFINITY;
            for (int i : o.mask().validIndices()) {
                if (space.action(i).steps() == 20) {
                    best = Math.min(best, estimator.estimate(o, space.action(i)).objective());
                }
            }
            assertThat(estimator.estimate(o, chosen).objective()).isEqualTo(best);
        }
    }

    @Test
    void theEstimateOfAHomeOffloadAssumesTheWholeBandAndNobodyAhead() {
        Observation o = observation(List.of(view(4, true, 73.0, 0.138)));
        // the view's bs 4 is a T4 in the default mix: a = 0.007, β = 0.138
        double log2 = Math.log(2);
        double up = 10e6 * Math.log(1 + Math.pow(10, -0.7) * 1e-10 / (Math.pow(10, -19.9) * 10e6)) / log2;
        double down = 10e6 * Math.log(1 + Math.pow(10, 1.6) * 1e-10 / (Math.pow(10, -19.5) * 10e6)) / log2;
        double upload = 4e6 / up;
        double completion = Math.max(upload + 20 * (0.007 + 0.138), (73.0 + 0 + 20) * 0.138);
        double delay = completion + 0.8e6 / down;
        double energy = Math.pow(10, -0.7) * upload;
        double error = 1 - (0.16 * Math.log(20) / Math.log(6) - 0.02) / 0.27;
        CostEstimator.Estimate estimate = estimator.estimate(o, Action.offload(0, 20));
        assertThat(estimate.delaySeconds()).isCloseTo(delay, within(1e-9));
        assertThat(estimate.energyJoules()).isCloseTo(energy, within(1e-12));
        assertThat(estimate.error()).isCloseTo(error, within(1e-12));
        assertThat(estimate.cost()).isCloseTo((delay / 10 + energy / 100 + error) / 3, within(1e-9));
        assertThat(estimate.penalty()).isCloseTo(1 + (delay - 8) / 8, within(1e-9));
        assertThat(estimate.objective()).isCloseTo(estimate.cost() + estimate.penalty(), within(1e-12));
    }
}
