package org.edgegen.model.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.edgegen.model.Scenario.RadioParams;
import org.edgegen.model.Scenarios;
import org.edgegen.model.SystemModel;
import org.edgegen.model.network.Deployment;
import org.edgegen.model.queue.Arrival;
import org.edgegen.model.queue.Service;
import org.edgegen.model.task.Task;
import org.edgegen.policy.Action;
import org.edgegen.policy.CostEstimator;
import org.edgegen.policy.Observation;
import org.edgegen.policy.ObservationBuilder;
import org.junit.jupiter.api.Test;

/**
 * The per-cell steps on their own, with only what a BS holds: which foreign users and cells transmit, the arrivals
 * it received in whatever order, the services it got back. Whole slots are checked in {@link SlotResolverTest} and
 * {@link SlotProperties}; here what the direct loop never shows: the steps do not care about the order of their
 * inputs, and skip the BS's own cell where the model says so.
 */
class CellStepsTest {

    private static final long SEED = 11L;
    private static final double UE_WATTS = Math.pow(10, (23 - 30) / 10.0);
    private static final double BS_WATTS = Math.pow(10, (46 - 30) / 10.0);

    private final SystemModel plain = SystemModel.of(Scenarios.pinned(Scenarios.defaults()));
    private final SystemModel noisy = SystemModel.of(withInterference(plain));
    private final Deployment deployment = Deployment.draw(plain, SEED, 0);
    private final SlotDraws draws = SlotDraws.draw(plain, deployment, SEED, 0, 0);

    private static org.edgegen.model.Scenario withInterference(SystemModel model) {
        RadioParams r = model.scenario().radio();
        return Scenarios.withRadio(model.scenario(), new RadioParams(r.pathLossInterceptDb(), r.pathLossSlopeDb(),
                r.shadowingStdDb(), r.noisePsdDbmPerHz(), r.bsNoiseFigureDb(), r.ueNoiseFigureDb(),
                r.uplinkBandwidthHz(), r.downlinkBandwidthHz(), r.uePowerDbm(), r.bsPowerDbm(), true));
    }

    private int[] usersOf(int bs) {
        return deployment.usersOfCell(bs);
    }

    private int busiestCell() {
        int best = 0;
        for (int b = 1; b < plain.cellCount(); b++) {
            if (usersOf(b).length > usersOf(best).length) {
                best = b;
            }
        }
        return best;
    }

    private Offload offload(int user, int target) {
        Task task = new Task(user, 4e6, 0.8e6, 0.3, 8.0);
        return new Offload(user, task, target, 20, draws.homeGain(user));
    }

    @Test
    void theUplinkInterferenceAtABsCountsOnlyTheTransmittersOfOtherCells() {
        int bs = busiestCell();
        int own = usersOf(bs)[0];
        List<Integer> foreign = new ArrayList<>();
        for (int n = 0; n < deployment.userCount() && foreign.size() < 3; n++) {
            if (deployment.user(n).homeBs() != bs) {
                foreign.add(n);
            }
        }
        int[] transmitters = java.util.stream.Stream.concat(foreign.stream(), java.util.stream.Stream.of(own))
                .mapToInt(Integer::intValue).sorted().toArray();

        double interference = new CellSteps(noisy).uplinkInterferencePsd(bs, transmitters, deployment, draws::gain);

        double expected = 0.0;
        for (int n : foreign) {
            expected += UE_WATTS * draws.gain(n, bs) / 10e6;
        }
        assertThat(interference).isCloseTo(expected, within(expected * 1e-12)).isPositive();
        assertThat(new CellSteps(plain).uplinkInterferencePsd(bs, transmitters, deployment, draws::gain))
                .as("off by default").isZero();
    }

    @Test
    void aServerServesTheSameWhateverOrderItsArrivalsCameIn() {
        SystemModel capped = SystemModel.of(Scenarios.withQueueCap(Scenarios.pinned(Scenarios.defaults()), 75));
        List<Arrival> arrivals = List.of(new Arrival(7, 0.30, 20), new Arrival(2, 0.30, 25), new Arrival(5, 0.10, 15),
                new Arrival(9, 0.05, 30));
        List<Arrival> reversed = new ArrayList<>(arrivals);
        java.util.Collections.reverse(reversed);
        CellSteps steps = new CellSteps(capped);

        ServedQueue served = steps.serve(0, 10.0, arrivals, 4.0);

        assertThat(steps.serve(0, 10.0, reversed, 4.0)).isEqualTo(served);
        assertThat(served.services()).extracting(Service::userId).as("(arrival time, user id) order")
                .containsExactly(9, 5, 2, 7);
        assertThat(served.services()).extracting(Service::dropped).containsExactly(false, false, true, false);
        assertThat(served.arrivalCount()).isEqualTo(4);
        // Q_b + served c + A^bg - μ_b Δ on BS 0's A100, the dropped 25 steps left out
        assertThat(served.nextBacklogImageSteps()).isCloseTo(Math.max(0, 10.0 + 30 + 15 + 20 + 4.0 - 1 / 0.0192),
                within(1e-9));
    }

    @Test
    void aDroppedTaskTakesNoDownlinkShareAndOnlyOtherTransmittingCellsInterfere() {
        int bs = busiestCell();
        int first = usersOf(bs)[0];
        int second = usersOf(bs)[1];
        int other = bs == 0 ? 1 : 0;
        CellSteps steps = new CellSteps(noisy);
        List<Upload> uploads = steps.uplink(bs, List.of(offload(first, bs), offload(second, bs)), 0.0,
                deployment::backhaulRateBitsPerSecond);
        Service servedOne = new Service(first, 0.0, 1.25, false);
        Service droppedOne = new Service(second, 20.0, Double.NaN, true);

        List<Delivery> deliveries = steps.deliver(bs, uploads, n -> n == first ? servedOne : droppedOne,
                new int[] {Math.min(bs, other), Math.max(bs, other)}, draws::gain);

        assertThat(CellSteps.downlinkUsers(uploads, n -> n == first ? servedOne : droppedOne)).isOne();
        Delivery served = deliveries.get(0);
        Delivery dropped = deliveries.get(1);
        assertThat(dropped.dropped()).isTrue();
        assertThat(dropped.trace().downlinkSharingUsers()).isZero();
        assertThat(dropped.trace().downlinkRateBitsPerSecond()).isNaN();
        assertThat(dropped.trace().aheadImageSteps()).isEqualTo(20.0);
        assertThat(served.trace().downlinkSharingUsers()).isOne();
        assertThat(served.trace().completionSeconds()).isEqualTo(1.25);
        double interference = BS_WATTS * draws.gain(first, other) / 10e6;
        double gain = draws.homeGain(first);
        double expected = 10e6 * Math.log(1 + BS_WATTS * gain / (10e6 * (Math.pow(10, (-174 + 9 - 30) / 10.0)
                + interference))) / Math.log(2);
        assertThat(served.trace().downlinkRateBitsPerSecond()).as("the home cell itself does not interfere")
                .isCloseTo(expected, within(expected * 1e-12));
        assertThat(served.trace().uplinkSharingUsers()).isEqualTo(2);
    }

    @Test
    void greedyLocalsEstimateIsTheOutcomeOfASlotWithTheUserAloneOnTheNetwork() {
        int user = 0;
        while (!draws.hasTask(user)) {
            user++;
        }
        ObservationBuilder builder = new ObservationBuilder(plain);
        SlotState empty = SlotState.initial(deployment.userCount(), plain.cellCount());
        Observation observation = builder.observe(deployment, empty, draws, user);
        CostEstimator estimator = new CostEstimator(plain);
        int home = deployment.user(user).homeBs();
        for (int candidate = 0; candidate < 2; candidate++) {
            int target = observation.candidates().get(candidate).bs();
            Decision[] decisions = new Decision[deployment.userCount()];
            for (int n = 0; n < decisions.length; n++) {
                decisions[n] = Decision.local(20);
            }
            decisions[user] = Decision.offload(target, 20);

            TaskOutcome outcome = new SlotResolver(plain).resolve(deployment, empty, draws, decisions)
                    .outcomeOf(user).orElseThrow();
            CostEstimator.Estimate estimate = estimator.estimate(observation, Action.offload(candidate, 20));

            assertThat(outcome.path()).isEqualTo(target == home ? Path.HOME : Path.NEIGHBOUR);
            assertThat(estimate).as("candidate %d", candidate).isEqualTo(new CostEstimator.Estimate(
                    outcome.delaySeconds(), outcome.energyJoules(), outcome.error(), outcome.cost(),
                    outcome.penalty()));
        }
    }
}
